package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kcis diff} of the kubeadm and hardened sample reports, in both directions. */
class DiffCommandTest {

  @TempDir
  static Path dir;

  static Path kubeadm;
  static Path hardened;
  static Path kubeadm110;

  static Path report(Path bundle, String benchmark, String name) {
    Path out = dir.resolve(name);
    CliRun run = CliRun.of("eval", bundle.toString(), "--benchmark=" + benchmark, "--format",
        "json", "--fail-on", "never", "--output", out.toString());
    assertEquals(0, run.exit(), run.err());
    return out;
  }

  @BeforeAll
  static void reports() {
    kubeadm = report(EvalCommandTest.KUBEADM, "cis-1.12", "kubeadm.json");
    hardened = report(EvalCommandTest.HARDENED, "cis-1.12", "hardened.json");
    kubeadm110 = report(EvalCommandTest.KUBEADM, "cis-1.10", "kubeadm-1.10.json");
  }

  static JsonNode json(CliRun run) throws IOException {
    return new ObjectMapper().readTree(run.out());
  }

  @Test
  void hardeningFixesFailuresAndExitsZero() throws IOException {
    CliRun run = CliRun.of("diff", kubeadm.toString(), hardened.toString(), "--format", "json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode d = json(run);
    assertEquals(0, d.path("summary").path("newFailures").asInt());
    assertTrue(d.path("summary").path("fixed").asInt() > 10, d.path("summary").toString());
    assertTrue(d.path("fixed").findValuesAsText("rule").contains("apiserver-anonymous-auth"));
    JsonNode anonymous = null;
    for (JsonNode c : d.path("evidenceChanged")) {
      if (c.path("rule").asText().equals("apiserver-anonymous-auth")) {
        anonymous = c;
      }
    }
    assertEquals("FAIL", anonymous.path("old").asText());
    assertEquals("PASS", anonymous.path("new").asText());
    assertFalse(anonymous.path("oldObserved").equals(anonymous.path("newObserved")));
    boolean control121 = false;
    for (JsonNode c : d.path("statusChanged")) {
      control121 |= c.path("control").asText().equals("1.2.1")
          && c.path("old").asText().equals("FAIL") && c.path("new").asText().equals("PASS");
    }
    assertTrue(control121, d.path("statusChanged").toString());
    assertTrue(d.path("profileDifference").isNull());
  }

  @Test
  void regressingToTheKubeadmDefaultsIsNewFailuresAndExitsFour() throws IOException {
    CliRun run = CliRun.of("diff", hardened.toString(), kubeadm.toString());
    assertEquals(ExitCode.FINDINGS, run.exit(), run.err());
    assertTrue(run.out().contains("== New failures ("), run.out());
    assertTrue(run.out().contains("1.2.1  apiserver-anonymous-auth  node/cp-1/kube-apiserver  "
        + "PASS -> FAIL"), run.out());
    assertTrue(run.out().contains("== Fixed (0)"), run.out());
    assertTrue(run.out().contains("== Controls whose status changed ("), run.out());
    assertEquals("", run.err());
  }

  @Test
  void theSameReportHasNoDifference() throws IOException {
    CliRun run = CliRun.of("diff", kubeadm.toString(), kubeadm.toString(), "--format", "json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode s = json(run).path("summary");
    assertEquals(0, s.path("newFailures").asInt() + s.path("fixed").asInt()
        + s.path("evidenceChanged").asInt() + s.path("targetsAdded").asInt()
        + s.path("targetsRemoved").asInt() + s.path("statusChanged").asInt(), s.toString());
    assertTrue(s.path("stillFailing").asInt() > 10);
  }

  @Test
  void differentBenchmarksAreComparedByRuleAndTarget() throws IOException {
    CliRun run = CliRun.of("diff", kubeadm110.toString(), hardened.toString(), "--format",
        "json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode d = json(run);
    assertEquals("cis-1.10 (old) and cis-1.12 (new) differ: results compared by rule and "
        + "target, statuses per rule", d.path("profileDifference").asText());
    assertTrue(d.path("fixed").findValuesAsText("rule").contains("apiserver-anonymous-auth"));
    assertTrue(d.path("statusChanged").findValuesAsText("rule")
        .contains("apiserver-anonymous-auth"));
    assertNull(d.path("statusChanged").get(0).get("control"), "per rule, not control");
    CliRun back = CliRun.of("diff", hardened.toString(), kubeadm110.toString());
    assertEquals(ExitCode.FINDINGS, back.exit(), back.err());
    assertTrue(back.out().contains("Benchmarks cis-1.12 (old) and cis-1.10 (new) differ"),
        back.out());
  }

  @Test
  void htmlIsOnePageWithEverySection() throws IOException {
    Path out = dir.resolve("diff.html");
    CliRun run = CliRun.of("diff", hardened.toString(), kubeadm.toString(), "--format", "html",
        "-o", out.toString());
    assertEquals(ExitCode.FINDINGS, run.exit(), run.err());
    String html = Files.readString(out);
    for (String section : new String[] {"New failures", "Fixed", "Still failing",
        "Changed evidence", "Targets added", "Targets removed", "Controls whose status changed"}) {
      assertTrue(html.contains("<h2") && html.contains(section), section);
    }
    assertTrue(html.contains("apiserver-anonymous-auth"));
    assertFalse(html.contains("<script"), "no script needed");
    assertTrue(run.err().startsWith("kcis: wrote html diff to " + out + ": "), run.err());
  }

  @Test
  void aFileThatIsNotAReportIsOneLineAndExitThree() throws IOException {
    Path bundle = EvalCommandTest.KUBEADM;
    CliRun run = CliRun.of("diff", bundle.toString(), kubeadm.toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().startsWith("kcis: " + bundle), run.err());
    CliRun missing = CliRun.of("diff", dir.resolve("nope.json").toString(), kubeadm.toString());
    assertEquals(ExitCode.INVALID_INPUT, missing.exit(), missing.err());
  }
}
