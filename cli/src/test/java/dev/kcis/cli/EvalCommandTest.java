package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EvalCommandTest {

  static final Path SAMPLES = Path.of("../samples/bundles");
  static final Path KUBEADM = SAMPLES.resolve("kubeadm-control-plane.json");
  static final Path HARDENED = SAMPLES.resolve("hardened-control-plane.json");
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void kubeadmSampleFailsWithExitFourAndATable() {
    CliRun run = CliRun.of("eval", KUBEADM.toString());
    assertEquals(ExitCode.FINDINGS, run.exit(), run.err());
    assertTrue(run.out().contains("CIS Kubernetes Benchmark 1.12.0 (cis-1.12)"), run.out());
    assertTrue(run.out().contains("== 1 Control Plane Components"));
    assertTrue(run.out().contains("[FAIL]           1.2.1"), run.out());
    assertTrue(run.out().contains("Summary: 131 controls:"), run.out());
    assertFalse(run.out().contains("\u001b["), "no colour when not on a terminal");
    assertEquals("kcis: benchmark cis-1.12: platform kubeadm (no profile of its own) and "
        + "Kubernetes 1.31: the CIS benchmark for it is not built in; cis-1.12 (1.32-1.34) is the "
        + "nearest (as kube-bench picks a benchmark; --benchmark overrides)\n", run.err());
  }

  @Test
  void benchmarkWinsOverAutoSelection() {
    CliRun run = CliRun.of("eval", KUBEADM.toString(), "--benchmark", "cis-1.10", "--fail-on",
        "never");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.out().contains("(cis-1.10)"), run.out());
    assertEquals("", run.err());
  }

  @Test
  void hardenedSampleHasNoFailure() {
    CliRun run = CliRun.of("eval", HARDENED.toString(), "--format", "json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
  }

  @ParameterizedTest
  @CsvSource({"fail,4", "warn,4", "inconclusive,4", "never,0"})
  void failOnThresholds(String level, int exit) {
    assertEquals(exit, CliRun.of("eval", KUBEADM.toString(), "--fail-on", level, "--format",
        "json").exit());
  }

  @Test
  void inconclusiveThresholdCatchesMissingEvidenceOnAHardenedNode() {
    assertEquals(ExitCode.FINDINGS, CliRun.of("eval", HARDENED.toString(), "--fail-on",
        "inconclusive", "--format", "json").exit());
  }

  @ParameterizedTest
  @ValueSource(strings = {"cis-1.12", "cis-1.10"})
  void jsonReportValidatesAgainstTheSchema(String benchmark) throws IOException {
    for (Path sample : new Path[] {KUBEADM, HARDENED}) {
      CliRun run = CliRun.of("eval", sample.toString(), "--format", "json", "--benchmark",
          benchmark, "--fail-on", "never");
      assertEquals(0, run.exit(), run.err());
      JsonNode report = JSON.readTree(run.out());
      Set<ValidationMessage> problems = schema("report-v1.schema.json").validate(report);
      assertTrue(problems.isEmpty(), problems.toString());
      assertEquals(benchmark, report.at("/benchmark/id").asText());
      int controls = benchmark.equals("cis-1.12") ? 131 : 130;
      assertEquals(controls, report.at("/controls").size());
      assertEquals(controls, report.at("/summary/controls/total").asInt());
    }
  }

  /** Auto-selection on an EKS node's bundle: the EKS profile, its values and remediations. */
  @Test
  void anEksBundleGetsTheEksProfileWithItsParametersAndRemediations(@TempDir Path dir)
      throws IOException {
    Path bundle = dir.resolve("eks-node.yaml");
    Files.writeString(bundle, """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {kubernetesVersion: v1.33.2-eks-4096722}
        nodes:
          - name: ip-10-0-1-20.ec2.internal
            roles: [worker]
            components:
              - {kind: kubelet, source: {type: process, path: /proc/7/cmdline},
                 args: [kubelet, --kubeconfig=/var/lib/kubelet/kubeconfig]}
            files:
              - {path: /var/lib/kubelet/kubeconfig, role: kubelet-kubeconfig, component: kubelet,
                 via: "flag --kubeconfig", type: file, mode: "0644", uid: 0, gid: 0}
        """);
    CliRun run = CliRun.of("eval", bundle.toString(), "--format", "json", "--fail-on", "never");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.err().startsWith("kcis: benchmark eks-1.8.0: platform eks and Kubernetes 1.33"),
        run.err());
    JsonNode report = JSON.readTree(run.out());
    Set<ValidationMessage> problems = schema("report-v1.schema.json").validate(report);
    assertTrue(problems.isEmpty(), problems.toString());
    assertEquals("eks-1.8.0", report.at("/benchmark/id").asText());
    JsonNode kubeconfig = report.at("/controls/2");
    assertEquals("3.1.1", kubeconfig.get("id").asText());
    assertEquals("PASS", kubeconfig.get("status").asText());
    assertEquals("644", kubeconfig.at("/params/mode").asText());
    assertTrue(kubeconfig.get("remediation").asText().contains("/var/lib/kubelet/kubeconfig"));
  }

  @Test
  void sampleBundlesValidateAgainstTheBundleSchema() throws IOException {
    for (Path sample : new Path[] {KUBEADM, HARDENED}) {
      Set<ValidationMessage> problems = schema("fact-bundle-v1.schema.json")
          .validate(JSON.readTree(sample.toFile()));
      assertTrue(problems.isEmpty(), sample + ": " + problems);
    }
  }

  @Test
  void resultsCarryEvidenceAndMappingsWithProvenance() throws IOException {
    JsonNode report = JSON.readTree(CliRun.of("eval", KUBEADM.toString(), "--format", "json").out());
    JsonNode apiserver = null;
    for (JsonNode result : report.get("results")) {
      if (result.get("control").asText().equals("1.2.1")) {
        apiserver = result;
      }
    }
    assertEquals("FAIL", apiserver.get("status").asText());
    assertEquals("node/cp-1/kube-apiserver", apiserver.get("target").asText());
    assertEquals("apiserver-anonymous-auth", apiserver.get("rule").asText());
    assertEquals("--anonymous-auth=false", apiserver.at("/evidence/expected").asText());
    assertEquals("default", apiserver.at("/evidence/observed/0/source").asText());
    boolean transitiveNist = false;
    boolean derivedPci = false;
    JsonNode rule = report.at("/rules/apiserver-anonymous-auth");
    assertTrue(rule.get("remediation").asText().contains("--anonymous-auth=false"), rule.toString());
    for (JsonNode m : rule.get("mappings")) {
      transitiveNist |= m.get("framework").asText().equals("NIST SP 800-53 r5")
          && m.get("provenance").asText().equals("transitive");
      derivedPci |= m.get("framework").asText().equals("PCI DSS v4.0")
          && m.get("provenance").asText().equals("derived") && !m.get("basis").asText().isEmpty();
    }
    assertTrue(transitiveNist && derivedPci, rule.get("mappings").toString());
    assertNull(apiserver.get("mappings"), "mappings are stated once per rule, not per result");
  }

  @Test
  void outputFileIsWrittenAndInputsAreNeverOverwritten(@TempDir Path dir) throws IOException {
    Path report = dir.resolve("out/report.json");
    CliRun run = CliRun.of("eval", KUBEADM.toString(), "--format", "json", "-o", report.toString());
    assertEquals(ExitCode.FINDINGS, run.exit());
    assertEquals("Report", JSON.readTree(report.toFile()).get("kind").asText());
    assertTrue(run.err().contains("wrote json report to"), run.err());
    assertEquals("", run.out());

    Path input = dir.resolve("input.json");
    Files.copy(KUBEADM, input);
    byte[] before = Files.readAllBytes(input);
    CliRun clash = CliRun.of("eval", input.toString(), "-o", input.toString());
    assertEquals(ExitCode.USAGE, clash.exit());
    assertTrue(clash.err().contains("refusing to overwrite"), clash.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(input)));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary files left behind");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "wrong-type.json     | wrong-type.json:1:73: /nodes/0/name: expected a string, found the number 3",
      "wrong-version.json  | wrong-version.json:1:16: /apiVersion: unsupported apiVersion 'kcis.dev/v2'",
      "malformed.json      | malformed.json:1:77: malformed JSON",
      "wrong-type.yaml     | wrong-type.yaml:8:25: /nodes/0/components/0/args/1: expected a string",
      "malformed.yaml      | malformed.yaml:4:1: malformed YAML",
      "wrong-kind.yaml     | wrong-kind.yaml:2:7: /kind: kind is 'Pod', expected 'FactBundle'",
      "unknown-field.yaml  | unknown-field.yaml:3:8: /nodse: unknown field 'nodse'",
      "java-tag.yaml       | java-tag.yaml:4:5: malformed YAML: Global tag is not allowed",
      "duplicate-key.yaml  | duplicate-key.yaml:5:5: /nodes/0: duplicate key 'name'",
      "bad-mode.yaml       | bad-mode.yaml:6:30: /nodes/0/files/0/mode: mode must be octal text"})
  void badInputIsOneLineWithThePlaceAndExitThree(String file, String expected) {
    CliRun run = CliRun.of("eval", "src/test/resources/bad/" + file);
    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains(expected), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace without --verbose");
  }

  @Test
  void aliasBombAndAbsurdNestingAreRejectedWithTheirPlace(@TempDir Path dir) throws IOException {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      char c = (char) ('a' + i);
      char prev = (char) ('a' + i - 1);
      bomb.append(c).append(": &").append(c).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*" + prev))).append("]\n");
    }
    Path bombFile = Files.writeString(dir.resolve("bomb.yaml"), bomb);
    CliRun run = CliRun.of("eval", bombFile.toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertTrue(run.err().matches("(?s)kcis: .*bomb\\.yaml:\\d+:\\d+: more than 50 aliases.*"), run.err());

    Path deepJson = Files.writeString(dir.resolve("deep.json"), "[".repeat(10_000) + "]".repeat(10_000));
    run = CliRun.of("eval", deepJson.toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertTrue(run.err().contains("deep.json:1:66: malformed JSON: Document nesting depth"), run.err());
    assertEquals(1, run.errLines().size());

    StringBuilder deepYaml = new StringBuilder("a:\n");
    for (int i = 1; i < 200; i++) {
      deepYaml.append("  ".repeat(i)).append("-\n");
    }
    Path deepYamlFile = Files.writeString(dir.resolve("deep.yaml"), deepYaml);
    run = CliRun.of("eval", deepYamlFile.toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertTrue(run.err().contains("nesting deeper than 64 levels"), run.err());
  }

  @Test
  void verboseShowsTheStackTrace() {
    CliRun run = CliRun.of("eval", "--verbose", "src/test/resources/bad/wrong-type.json");
    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertTrue(run.err().contains("\tat "), run.err());
  }

  @Test
  void missingFileAndUsageErrors() {
    CliRun missing = CliRun.of("eval", "no-such-bundle.json");
    assertEquals(ExitCode.INVALID_INPUT, missing.exit());
    assertEquals("kcis: no-such-bundle.json: no such file", missing.err().strip());

    assertEquals(ExitCode.USAGE, CliRun.of("eval").exit());
    assertEquals(ExitCode.USAGE, CliRun.of("eval", KUBEADM.toString(), "--format", "xml").exit());
    assertEquals(ExitCode.USAGE, CliRun.of("eval", KUBEADM.toString(), "--benchmark", "cis-9").exit());
    assertEquals(ExitCode.USAGE, CliRun.of("frobnicate").exit());
  }

  @Test
  void helpListsExitCodesAndVersionNamesProfiles() {
    CliRun help = CliRun.of("eval", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("Exit codes:"), help.out());
    assertTrue(help.out().contains("4   findings at or above the --fail-on threshold"), help.out());
    CliRun version = CliRun.of("--version");
    assertEquals(0, version.exit());
    assertTrue(version.out().startsWith("kcis "), version.out());
    assertTrue(version.out().contains("cis-1.12, cis-1.10"));
  }

  static JsonSchema schema(String name) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("../docs/schemas", name))) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }
}
