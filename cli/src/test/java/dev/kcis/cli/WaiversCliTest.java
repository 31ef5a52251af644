package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.report.ReportFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --waivers}: a file with one valid, one expired, one unused and one malformed entry; the
 * malformed entry is an input error (one line, FILE:LINE, exit 3); without it the others behave
 * as docs/waivers.md says in every format.
 */
class WaiversCliTest {

  static final String HEAD = "apiVersion: kcis.dev/v1\nkind: Waivers\nwaivers:\n";
  static final String VALID = """
        - rule: apiserver-profiling
          target: node/*/kube-apiserver
          reason: profiling feeds the latency dashboards
          owner: platform@example.com
          expires: 2099-06-30
          ticket: SEC-1234
      """;
  static final String EXPIRED = """
        - control: "1.4.1"
          target: node/*/kube-scheduler
          reason: lapsed exception
          owner: ops@example.com
          expires: 2020-01-31
      """;
  static final String UNUSED = """
        - control: "1.2.1"
          target: node/other-*/kube-apiserver
          reason: a node that is gone
          owner: gone@example.com
          expires: 2099-01-01
      """;

  @TempDir
  Path dir;

  Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void validExpiredAndUnusedEntriesInEveryFormat() throws IOException {
    Path waivers = file("waivers.yaml", HEAD + VALID + EXPIRED + UNUSED);
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--benchmark=cis-1.12",
        "--waivers", waivers.toString(), "--format", "table,json,junit,sarif,html,csv,oscal,"
            + "kube-bench", "--output-dir", out.toString());
    assertEquals(ExitCode.FINDINGS, run.exit(), "other failures remain: " + run.err());
    assertTrue(run.err().contains("kcis: waiver " + waivers + ":10 expired on 2020-01-31: 1 "
        + "result is no longer waived (control 1.4.1 on node/*/kube-scheduler)"), run.err());
    assertTrue(run.err().contains("kcis: waiver " + waivers + ":15 matched no FAIL, WARN or "
        + "INCONCLUSIVE result (control 1.2.1 on node/other-*/kube-apiserver)"), run.err());
    for (ReportFormat format : ReportFormat.values()) {
      String text = Files.readString(out.resolve(format.fileName()));
      assertTrue(text.contains("platform@example.com") && text.contains("SEC-1234"), format
          + " names who accepted the waived result");
      if (format != ReportFormat.CSV && format != ReportFormat.KUBE_BENCH) {
        assertTrue(text.contains("2020-01-31") && text.contains("gone@example.com"), format
            + " states the expired and unused waivers");
      }
    }
    String table = Files.readString(out.resolve("kcis-report.txt"));
    assertTrue(table.contains("Waivers: 1 applied, 1 expired, 1 unused"), table);
    assertTrue(table.contains("[WAIVED]"), table);
  }

  @ParameterizedTest
  @CsvSource({"never,0", "'never,expired-waiver',4", "'never,unused-waiver',4",
      "'fail,expired-waiver',4"})
  void failOnExpiredAndUnusedWaivers(String failOn, int exit) throws IOException {
    Path waivers = file("waivers.yaml", HEAD + VALID + EXPIRED + UNUSED);
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--benchmark=cis-1.12",
        "--waivers", waivers.toString(), "--fail-on", failOn, "--format", "json");
    assertEquals(exit, run.exit(), run.err());
  }

  @Test
  void onlyTheValidWaiverIsNotAFinding() throws IOException {
    Path waivers = file("waivers.yaml", HEAD + VALID);
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--benchmark=cis-1.12",
        "--waivers", waivers.toString(), "--fail-on", "never,expired-waiver,unused-waiver",
        "--format", "json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertEquals("", run.err());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "  - control: \"9.9.9\"\\n    reason: r\\n    owner: o\\n    expires: 2099-01-01\\n"
          + "| :20:14: waivers[3].control: no control '9.9.9' in the benchmark cis-1.12",
      "  - rule: no-such-rule\\n    reason: r\\n    owner: o\\n    expires: 2099-01-01\\n"
          + "| :20:11: waivers[3].rule: no rule 'no-such-rule'",
      "  - rule: apiserver-profiling\\n    reason: r\\n    owner: o\\n    expires: 2099-13-01\\n"
          + "| :23:14: waivers[3].expires: '2099-13-01' is not a date YYYY-MM-DD",
      "  - rule: apiserver-profiling\\n    reason: r\\n    expires: 2099-01-01\\n"
          + "| :20:5: waivers[3]: missing 'owner'",
      "  - rule: apiserver-profiling\\n    owner: o\\n    expires: 2099-01-01\\n"
          + "| :20:5: waivers[3]: missing 'reason'"})
  void aMalformedEntryIsOneLineWithFileAndLineAndExitThree(String entry, String where)
      throws IOException {
    // (CsvSource trims a value's leading spaces: the entry's indentation is put back here)
    Path waivers = file("waivers.yaml", HEAD + VALID + EXPIRED + UNUSED
        + "  " + entry.strip().replace("\\n", "\n") + "\n");
    Path report = dir.resolve("report.json");
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--benchmark=cis-1.12",
        "--waivers", waivers.toString(), "--format", "json", "--output", report.toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.err());
    List<String> lines = run.errLines();
    assertEquals(1, lines.size(), run.err());
    assertTrue(lines.get(0).startsWith("kcis: " + waivers + where.strip()), lines.get(0));
    assertFalse(Files.exists(report), "no report from a broken waiver file");
  }

  @Test
  void waiversOfSeveralFilesApplyInOrderAndScanTakesThemToo() throws IOException {
    Path first = file("a.yaml", HEAD + VALID);
    Path second = file("b.yaml", HEAD + EXPIRED);
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--benchmark=cis-1.12",
        "--waivers", first.toString(), "--waivers", second.toString(), "--format", "csv",
        "--status", "WAIVED");
    assertTrue(run.out().contains(first + ":4"), run.out());
    assertTrue(run.err().contains("kcis: waiver " + second + ":4 expired"), run.err());
    CliRun scan = CliRun.of("scan", "--manifests", "../samples/manifests", "--benchmark=cis-1.12",
        "--waivers", file("c.yaml", HEAD + """
          - rule: cluster-admin-binding
            target: ClusterRoleBinding/ops-*
            reason: the ops group is on call
            owner: ops@example.com
            expires: 2099-01-01
        """).toString(), "--format", "csv", "--status", "WAIVED");
    assertTrue(scan.out().contains("ClusterRoleBinding/ops-admin"), scan.out() + scan.err());
  }

  @Test
  void aReportIsNeverWrittenOverAWaiverFile() throws IOException {
    Path waivers = file("waivers.yaml", HEAD + VALID);
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--benchmark=cis-1.12",
        "--waivers", waivers.toString(), "--output", waivers.toString());
    assertEquals(ExitCode.USAGE, run.exit(), run.err());
    assertEquals(HEAD + VALID, Files.readString(waivers));
  }
}
