package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --strict}: the stricter reading, recorded in the report; CIS's reading by default. */
class StrictOptionTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A kubeadm-like worker whose kubelet config does not set rotateCertificates. */
  private static Path bundle(Path dir) throws IOException {
    Path bundle = dir.resolve("w-1.yaml");
    Files.writeString(bundle, """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {name: lab, kubernetesVersion: v1.33.2}
        nodes:
          - name: w-1
            components:
              - {kind: kubelet, source: {type: process, path: /proc/7/cmdline},
                 args: [kubelet, --config=/var/lib/kubelet/config.yaml],
                 configFiles: [{flag: --config, path: /var/lib/kubelet/config.yaml,
                                content: {kind: KubeletConfiguration}}]}
        """);
    return bundle;
  }

  private static JsonNode result(JsonNode report, String control) {
    for (JsonNode r : report.get("results")) {
      if (r.get("control").asText().equals(control)) {
        return r;
      }
    }
    throw new AssertionError("no result for " + control);
  }

  @Test
  void byDefaultAnAbsentRotateCertificatesPassesAndTheReportSaysCis(@TempDir Path dir)
      throws IOException {
    CliRun run = CliRun.of("eval", bundle(dir).toString(), "--benchmark", "cis-1.12",
        "--format", "json", "--fail-on", "never");
    assertEquals(0, run.exit(), run.err());
    JsonNode report = JSON.readTree(run.out());
    assertEquals("cis", report.get("semantics").asText());
    JsonNode rotate = result(report, "4.2.10");
    assertEquals("PASS", rotate.get("status").asText());
    assertTrue(rotate.at("/evidence/expected").asText().contains("CIS accepts absence"),
        rotate.toString());
  }

  @Test
  void strictFailsItOnTheKubeletsDefaultAndTheReportSaysStrict(@TempDir Path dir)
      throws IOException {
    CliRun run = CliRun.of("eval", bundle(dir).toString(), "--benchmark", "cis-1.12",
        "--format", "json", "--fail-on", "never", "--strict");
    assertEquals(0, run.exit(), run.err());
    JsonNode report = JSON.readTree(run.out());
    assertEquals("strict", report.get("semantics").asText());
    JsonNode rotate = result(report, "4.2.10");
    assertEquals("FAIL", rotate.get("status").asText());
    assertTrue(rotate.at("/evidence/expected").asText().contains("the kubelet's default is false"),
        rotate.toString());
  }

  @Test
  void theTableAndHtmlHeadersNameTheSemantics(@TempDir Path dir) throws IOException {
    CliRun cis = CliRun.of("eval", bundle(dir).toString(), "--benchmark", "cis-1.12",
        "--fail-on", "never");
    assertTrue(cis.out().lines().anyMatch(l -> l.startsWith("semantics: cis ")), cis.out());
    CliRun strict = CliRun.of("eval", bundle(dir).toString(), "--benchmark", "cis-1.12",
        "--fail-on", "never", "--strict");
    assertTrue(strict.out().lines().anyMatch(l -> l.startsWith("semantics: strict ")),
        strict.out());
    CliRun html = CliRun.of("eval", bundle(dir).toString(), "--benchmark", "cis-1.12",
        "--fail-on", "never", "--strict", "--format", "html");
    assertEquals(0, html.exit(), html.err());
    String header = html.out().substring(0, html.out().indexOf("</header>"));
    assertTrue(header.contains("Semantics") && header.contains("strict (values in effect"),
        header);
  }

  @Test
  void rulesShowNamesTheExemptionsAndTheDecision() {
    CliRun show = CliRun.of("rules", "show", "4.2.7", "--benchmark", "cis-1.12");
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("exempt on eks (unless --strict): "), show.out());
    assertTrue(show.out().contains("decision:    Set: FAIL"), show.out());
  }

  @Test
  void scanTakesTheOptionToo() {
    CliRun help = CliRun.of("scan", "--help");
    assertTrue(help.out().contains("--strict"), help.out());
  }
}
