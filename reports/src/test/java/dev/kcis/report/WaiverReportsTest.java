package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Status;
import dev.kcis.engine.Waivers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A waiver file with one valid, one expired and one unused entry, in every format: the waived
 * result names who accepted it, why and until when; the expired and unused waivers are stated.
 */
class WaiverReportsTest {

  static final String WAIVERS = """
      apiVersion: kcis.dev/v1
      kind: Waivers
      waivers:
        - rule: apiserver-profiling
          target: node/*/kube-apiserver
          reason: profiling feeds the latency dashboards
          owner: platform@example.com
          expires: 2099-06-30
          ticket: SEC-1234
        - rule: scheduler-profiling
          target: node/*/kube-scheduler
          reason: lapsed exception
          owner: ops@example.com
          expires: 2020-01-31
        - control: "1.2.1"
          target: node/other-*/kube-apiserver
          reason: a node that is gone
          owner: gone@example.com
          expires: 2099-01-01
      """;

  static Report report;

  @BeforeAll
  static void evaluate() {
    report = ComplianceEngine.builder().profile("cis-1.12")
        .waivers(Waivers.parse(WAIVERS, "waivers.yaml")).build()
        .evaluate(FactBundle.read(SampleReports.SAMPLES.resolve("kubeadm-control-plane.json")));
  }

  static String write(ReportFormat format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(report, ReportOptions.defaults(), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theEngineWaivesOneResultAndKeepsTheExpiredOnesFailure() {
    assertEquals(Status.WAIVED, report.statusOf("1.2.15").orElseThrow());
    assertEquals(Status.FAIL, report.statusOf("1.4.1").orElseThrow(), "expired: still FAIL");
    assertEquals(List.of(Report.WaiverUse.State.APPLIED, Report.WaiverUse.State.EXPIRED,
        Report.WaiverUse.State.UNUSED), report.waivers().stream().map(Report.WaiverUse::state)
        .toList());
  }

  @Test
  void everyFormatNamesTheWaiverOfTheWaivedResult() throws Exception {
    for (ReportFormat format : ReportFormat.values()) {
      String text = write(format);
      assertTrue(text.contains("platform@example.com"), format + ": owner");
      assertTrue(text.contains("2099-06-30"), format + ": expiry");
      assertTrue(text.contains("profiling feeds the latency dashboards"), format + ": reason");
    }
  }

  @Test
  void formatsWithASummaryStateTheExpiredAndUnusedWaivers() throws Exception {
    for (ReportFormat format : List.of(ReportFormat.TABLE, ReportFormat.JSON, ReportFormat.JUNIT,
        ReportFormat.SARIF, ReportFormat.HTML, ReportFormat.OSCAL)) {
      String text = write(format);
      assertTrue(text.contains("expired") && text.contains("2020-01-31"), format + ": expired");
      assertTrue(text.contains("unused") && text.contains("gone@example.com"), format
          + ": unused");
    }
  }

  @Test
  void sarifSuppressesTheWaivedFindingAtItsOwnLevel() throws Exception {
    JsonNode run = new ObjectMapper().readTree(write(ReportFormat.SARIF)).path("runs").path(0);
    JsonNode waived = null;
    for (JsonNode r : run.path("results")) {
      if (r.path("ruleId").asText().equals("apiserver-profiling")) {
        waived = r;
      }
    }
    assertEquals("error", waived.path("level").asText());
    assertEquals("external", waived.path("suppressions").path(0).path("kind").asText());
    assertTrue(waived.path("suppressions").path(0).path("justification").asText()
        .contains("SEC-1234"));
    assertEquals(3, run.path("properties").path("waivers").size());
  }

  @Test
  void csvFillsTheWaiverColumnsOfTheWaivedRowOnly() throws Exception {
    List<String> waived = write(ReportFormat.CSV).lines()
        .filter(l -> l.contains(",WAIVED,")).toList();
    assertEquals(1, waived.size(), waived.toString());
    assertTrue(waived.get(0).endsWith(",FAIL,platform@example.com,profiling feeds the latency "
        + "dashboards,2099-06-30,SEC-1234,waivers.yaml:4"), waived.get(0));
  }

  @Test
  void theJsonReportReadsBackWithItsWaivers() throws Exception {
    String json = write(ReportFormat.JSON);
    Report back = Report.readJson(new java.io.ByteArrayInputStream(
        json.getBytes(StandardCharsets.UTF_8)), "report.json");
    assertEquals(report.waivers(), back.waivers());
  }
}
