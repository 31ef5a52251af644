package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.Evidence;
import dev.kcis.engine.Framework;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableReportTest {

  private static String table(Report report, ReportOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.TABLE.write(report, options, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The kubeadm sample with 40 more failing pods under 5.2.2. */
  private static Report withManyFindings() {
    Report sample = SampleReports.kubeadm();
    List<Result> results = new ArrayList<>(sample.results());
    Result first = sample.resultsOf("5.2.2").get(0);
    for (int i = 0; i < 40; i++) {
      results.add(new Result("5.2.2", first.title(), Status.FAIL, "Pod/team/web-" + i,
          first.rule(), "a container runs privileged", new Evidence("privileged unset",
              List.of(new Observation("securityContext.privileged", "true", "api-object",
                  "Pod/team/web-" + i, "spec.containers[0]"))), first.remediation(),
          first.mappings()));
    }
    return new Report(sample.profile(), sample.generatedAt(), sample.kcisVersion(),
        sample.cluster(), sample.inputs(), sample.controls(), results);
  }

  @Test
  void manyFindingsOfOneControlShowTheFirstFewAndACount() throws Exception {
    String text = table(withManyFindings(), ReportOptions.defaults());
    assertTrue(text.contains("Pod/team/web-0: a container runs privileged"), text);
    assertFalse(text.contains("Pod/team/web-39"), text);
    assertTrue(text.contains("… and 37 more FAIL (--verbose lists all 40)"), text);
    String verbose = table(withManyFindings(), ReportOptions.builder().verbose(true).build());
    assertTrue(verbose.contains("Pod/team/web-39"), verbose);
  }

  @Test
  void statusFilterShowsOnlyControlsWithThoseResults() throws Exception {
    String text = table(SampleReports.kubeadm(),
        ReportOptions.builder().statuses(Set.of(Status.FAIL, Status.WARN)).build());
    assertTrue(text.contains("showing: FAIL, WARN results"), text);
    assertTrue(text.contains("1.2.1 "), text);
    assertFalse(text.contains("[PASS]"), text);
    assertFalse(text.contains("[INCONCLUSIVE]"), text);
    assertTrue(text.contains("Summary: 131 controls"), "the summary still counts everything");
  }

  @Test
  void scoresAreShownOverallPerSectionAndPerFramework() throws Exception {
    Report report = SampleReports.kubeadm();
    String text = table(report, ReportOptions.defaults());
    assertTrue(text.contains("Score:   " + report.scores().overall().formatted()), text);
    assertTrue(text.contains("== 1 Control Plane Components  (score "), text);
    assertTrue(text.contains("NIST SP 800-53 r5:"), text);
  }

  @Test
  void frameworkViewListsRequirementsWithTheirControls() throws Exception {
    String text = table(SampleReports.kubeadm(),
        ReportOptions.builder().framework(Framework.NIST_800_53_R5).build());
    assertTrue(text.contains("== NIST SP 800-53 r5"), text);
    assertTrue(text.matches("(?s).*\\[FAIL\\]\\s+AC-3\\s+Access Enforcement.*"), text);
    assertEquals(-1, text.indexOf("-- 1.2 API Server"), "requirements replace controls");
  }
}
