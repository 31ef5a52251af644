package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input built to hang or end kcis: numbers that expand into billions of digits, and rule packs
 * whose rules loop, throw or call System.exit. Every run ends in seconds with a report or one
 * line naming the file and the place.
 */
class HostileInputTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @AfterEach
  void releaseSpinningRules() {
    RuleHooks.release();
  }

  // ---- numbers -------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"1e1900000000", "1e999999999", "1e2147483647"})
  void aBundleNumberOutOfRangeIsOneLineWithItsPlace(String n) throws IOException {
    Path bundle = Files.writeString(dir.resolve("b.json"), """
        {"apiVersion": "kcis.dev/v1", "kind": "FactBundle",
         "nodes": [{"name": "n1", "components": [
           {"kind": "kubelet", "source": {"type": "process", "path": "/proc/1/cmdline"},
            "args": ["kubelet", "--config=/c.json"],
            "configFiles": [{"flag": "--config", "path": "/c.json",
                             "content": {"eventRecordQPS": N}}]}]}]}
        """.replace("N", n));
    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> CliRun.of("eval", bundle.toString()));
    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertEquals(List.of("kcis: " + bundle + ":6:52: /nodes/0/components/0/configFiles/0/content/"
        + "eventRecordQPS: the number " + n + " is out of range (kcis reads numbers of at most 30 "
        + "significant digits within 1e-30 and 1e30)"), run.errLines());
  }

  @Test
  void aNodeWithNumbersOutOfRangeInFlagsAndConfigIsScannedInSeconds() throws IOException {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("proc/10"));
    Files.write(root.resolve("proc/10/cmdline"), String.join("\0", "/usr/bin/kubelet",
        "--config=/var/lib/kubelet/config.yaml", "--event-qps=1e999999999",
        "--streaming-connection-idle-timeout=9999999999999999999h", "").getBytes(
            StandardCharsets.UTF_8));
    Files.createDirectories(root.resolve("var/lib/kubelet"));
    Files.writeString(root.resolve("var/lib/kubelet/config.yaml"),
        "kind: KubeletConfiguration\nreadOnlyPort: 1e1900000000\npodPidsLimit: 1e2147483647\n");
    Path report = dir.resolve("report.json");
    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of("scan",
        "--root", root.toString(), "--node-name", "n1", "--format", "json", "-o",
        report.toString(), "--fail-on", "never"));
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(Files.size(report) < 2_000_000, Files.size(report) + " bytes");
    JsonNode results = JSON.readTree(report.toFile()).get("results");
    assertEquals("1e999999999", observed(results, "kubelet-event-qps"), "the flag's text");
    assertEquals("1e1900000000", observed(results, "kubelet-read-only-port"), "the file's text");
  }

  static String observed(JsonNode results, String rule) {
    for (JsonNode r : results) {
      if (rule.equals(r.path("rule").asText())) {
        return r.at("/evidence/observed/0/value").asText();
      }
    }
    throw new AssertionError("no result of " + rule);
  }

  // ---- rule packs ----------------------------------------------------------------------------

  /** A pack over cis-1.12 with one control per rule, 9.1, 9.2... */
  Path pack(String... idAndDrl) throws IOException {
    Path pack = Files.createDirectories(dir.resolve("pack"));
    StringBuilder controls = new StringBuilder();
    for (int i = 0; i < idAndDrl.length; i += 2) {
      Files.writeString(pack.resolve(idAndDrl[i] + ".drl"), idAndDrl[i + 1]);
      controls.append("  - {id: \"9.").append(i / 2 + 1).append("\", title: ").append(idAndDrl[i])
          .append(", assessment: Automated, rules: [").append(idAndDrl[i]).append("]}\n");
    }
    Files.writeString(pack.resolve("profile.yaml"), """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: pack
        extends: cis-1.12
        name: test pack
        version: "1"
        sections: {"9": pack}
        controls:
        """ + controls);
    return pack;
  }

  static String rule(String id, String scope, String when, String then) {
    return """
        package org.example.rules
        import dev.kcis.facts.Setting
        import dev.kcis.facts.Node
        global dev.kcis.facts.Verdicts verdict

        rule "%s"
            @scope("%s")
            @message("%s finds something")
            @remediation("Fix it.")
        when
            %s
        then
            %s
        end
        """.formatted(id, scope, id, when, then);
  }

  static final String PROFILING_OFF = rule("profiling-off", "component:kube-scheduler",
      "$p : Setting(component == \"kube-scheduler\", name == \"--profiling\")",
      "verdict.expect($p, \"false\");");

  Path bundle() throws IOException {
    return Files.writeString(dir.resolve("cp.yaml"), """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: cp
            components:
              - kind: kube-scheduler
                source: {type: process, path: /proc/3/cmdline}
                args: [kube-scheduler, --profiling=true]
        """);
  }

  JsonNode resultOf(CliRun run, String control) throws IOException {
    for (JsonNode r : JSON.readTree(run.out()).get("results")) {
      if (control.equals(r.get("control").asText())) {
        return r;
      }
    }
    throw new AssertionError("no result for " + control);
  }

  @Test
  void aRuleThatInsertsWhatItMatchesIsStoppedAndTheReportIsWritten() throws IOException {
    Path pack = pack("profiling-off", PROFILING_OFF, "loop-forever", rule("loop-forever", "node",
        "$n : Node()", "insert(new Node($n.getName(), $n.getRoles()));"));
    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.of("eval",
        bundle().toString(), "--rules", pack.toString(), "--rule-timeout", "10s", "--format",
        "json"));
    assertEquals(ExitCode.FINDINGS, run.exit(), run.err());
    assertEquals("FAIL", resultOf(run, "9.1").get("status").asText());
    JsonNode looped = resultOf(run, "9.2");
    assertEquals("INCONCLUSIVE", looped.get("status").asText());
    assertTrue(looped.get("message").asText().matches("evaluation stopped .*: rule "
        + "\"loop-forever\" \\(" + Pattern.quote(pack.resolve("loop-forever.drl").toString())
        + "\\) had fired [0-9,]+ times"), looped.toString());
  }

  @Test
  void aRuleThatNeverReturnsIsStoppedByTheTimeLimit() throws IOException {
    RuleHooks.reset();
    Path pack = pack("profiling-off", PROFILING_OFF, "spin", rule("spin", "cluster",
        "$p : Setting(component == \"kube-scheduler\")", "dev.kcis.cli.RuleHooks.spin();"));
    long start = System.nanoTime();
    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.of("eval",
        bundle().toString(), "--rules", pack.toString(), "--rule-timeout", "2s", "--format",
        "json", "--fail-on", "inconclusive"));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(25), "ends soon after 2 s");
    assertEquals(ExitCode.FINDINGS, run.exit(), run.err());
    JsonNode stuck = resultOf(run, "9.2");
    assertEquals("INCONCLUSIVE", stuck.get("status").asText());
    assertEquals("evaluation stopped after 2 s: rule \"spin\" (" + pack.resolve("spin.drl")
        + ") was still firing", stuck.get("message").asText());
    assertEquals("FAIL", resultOf(run, "1.4.1").get("status").asText(),
        "the built-in rules are judged in full (scheduler-profiling)");
  }

  @Test
  void aRuleThatThrowsIsInconclusiveAndRulesTestNamesTheCase() throws IOException {
    Path pack = pack("profiling-off", PROFILING_OFF, "substring-throws", rule("substring-throws",
        "component:kube-scheduler", "$p : Setting(component == \"kube-scheduler\", "
            + "name == \"--profiling\")",
        "verdict.check($p.getValue().substring(5).isEmpty(), \"x\", $p);"));
    Files.createDirectories(pack.resolve("tests"));
    Files.writeString(pack.resolve("tests/substring-throws.yaml"), """
        rule: substring-throws
        cases:
          - name: profiling true is read past its end
            bundle:
              nodes:
                - name: cp
                  components:
                    - kind: kube-scheduler
                      source: {type: process, path: /proc/3/cmdline}
                      args: [kube-scheduler, --profiling=true]
            expect:
              - {target: node/cp/kube-scheduler, status: PASS}
          - name: profiling false passes
            bundle:
              nodes:
                - name: cp
                  components:
                    - kind: kube-scheduler
                      source: {type: process, path: /proc/3/cmdline}
                      args: [kube-scheduler, --profiling=false]
            expect:
              - {target: node/cp/kube-scheduler, status: PASS}
        """);
    CliRun test = CliRun.of("rules", "test", pack.toString());
    assertEquals(ExitCode.FINDINGS, test.exit(), test.out() + test.err());
    assertTrue(test.out().contains("FAIL substring-throws > profiling true is read past its end"
        + "  (" + pack.resolve("tests/substring-throws.yaml") + ":3:5)"), test.out());
    assertTrue(test.out().contains("unexpected: INCONCLUSIVE node/cp/kube-scheduler (rule "
        + "\"substring-throws\" (" + pack.resolve("substring-throws.drl") + ") failed: "
        + "StringIndexOutOfBoundsException: begin 5, end 4, length 4)"), test.out());
    assertTrue(test.out().contains("2 cases of 1 rule: 1 passed, 1 failed"), test.out());

    CliRun eval = CliRun.of("eval", bundle().toString(), "--rules", pack.toString(), "--format",
        "json");
    assertEquals(ExitCode.FINDINGS, eval.exit(), eval.err());
    assertEquals("FAIL", resultOf(eval, "9.1").get("status").asText());
    assertEquals("INCONCLUSIVE", resultOf(eval, "9.2").get("status").asText());
  }

  @Test
  void aPackThatCallsSystemExitIsRefusedWithFileLineColumn() throws IOException {
    Path pack = pack("bye", rule("bye", "cluster", "$p : Setting()", "System.exit(0);"));
    CliRun lint = CliRun.of("rules", "lint", pack.toString());
    assertEquals(ExitCode.INVALID_INPUT, lint.exit());
    assertTrue(lint.out().startsWith(pack.resolve("bye.drl") + ":13:5: 'System.exit' is not "
        + "allowed in a rule pack"), lint.out());
    CliRun eval = CliRun.of("eval", bundle().toString(), "--rules", pack.toString());
    assertEquals(ExitCode.INVALID_INPUT, eval.exit());
    assertEquals(1, eval.errLines().size(), eval.err());
  }

  @Test
  void aRuleTimeoutIsADuration() throws IOException {
    CliRun run = CliRun.of("eval", bundle().toString(), "--rule-timeout", "forever");
    assertEquals(ExitCode.USAGE, run.exit());
    assertTrue(run.err().contains("'forever' is not a duration between 1ms and 24h such as 60s, "
        + "2m, 1m30s or 500ms"), run.err());
    assertEquals(ExitCode.FINDINGS, CliRun.of("eval", bundle().toString(), "--rule-timeout",
        "1m30s").exit());
  }

  /**
   * Past the compile-time check (through a helper on the class path), a rule calls System.exit in
   * a kcis process of its own: kcis still writes its report, names the rule and exits 3.
   */
  @Test
  void aRuleThatCallsSystemExitCannotEndKcisSilently() throws Exception {
    Path pack = pack("profiling-off", PROFILING_OFF, "bye", rule("bye", "cluster",
        "$p : Setting(component == \"kube-scheduler\")", "dev.kcis.cli.RuleHooks.endTheJvm(0);"));
    Path report = dir.resolve("report.json");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        Kcis.class.getName(), "eval", bundle().toString(), "--rules", pack.toString(),
        "--format", "json", "-o", report.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(false)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile()).start();
    assertTrue(process.waitFor(90, TimeUnit.SECONDS), "kcis ended");
    String err = Files.readString(dir.resolve("err.txt"));
    assertEquals(ExitCode.INVALID_INPUT, process.exitValue(), err);
    assertTrue(err.contains("kcis: rule \"bye\" (" + pack.resolve("bye.drl") + ") called "
        + "System.exit during the evaluation: its results are INCONCLUSIVE and the rule pack "
        + "cannot be used (exit 3)"), err);
    JsonNode written = JSON.readTree(report.toFile());
    JsonNode bye = null;
    JsonNode profiling = null;
    for (JsonNode r : written.get("results")) {
      bye = r.get("control").asText().equals("9.2") ? r : bye;
      profiling = r.get("control").asText().equals("9.1") ? r : profiling;
    }
    assertEquals("INCONCLUSIVE", bye.get("status").asText());
    assertEquals("rule \"bye\" (" + pack.resolve("bye.drl") + ") called System.exit",
        bye.get("message").asText());
    assertEquals("FAIL", profiling.get("status").asText(), "the other rules judged");
  }
}
