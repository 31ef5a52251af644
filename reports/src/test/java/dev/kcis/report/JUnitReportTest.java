package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportTest {

  private static Document parse(Report report, ReportOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.JUNIT.write(report, options, out);
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(out.toByteArray()));
  }

  @Test
  void countsEqualTheReportsForEverySample() throws Exception {
    for (Map.Entry<String, Report> sample : SampleReports.all().entrySet()) {
      Report report = sample.getValue();
      Map<Status, Integer> results = report.summary().results();
      Element root = parse(report, ReportOptions.defaults()).getDocumentElement();
      assertEquals(report.results().size(), Integer.parseInt(root.getAttribute("tests")),
          sample.getKey());
      assertEquals(results.get(Status.FAIL) + results.get(Status.WARN),
          Integer.parseInt(root.getAttribute("failures")), sample.getKey());
      assertEquals(results.get(Status.INCONCLUSIVE),
          Integer.parseInt(root.getAttribute("errors")), sample.getKey());
      assertEquals(results.get(Status.MANUAL) + results.get(Status.NOT_APPLICABLE)
          + results.get(Status.WAIVED), Integer.parseInt(root.getAttribute("skipped")),
          sample.getKey());
      assertEquals(root.getElementsByTagName("failure").getLength(),
          Integer.parseInt(root.getAttribute("failures")));
    }
  }

  @Test
  void oneSuitePerSectionAndAFailureSaysWhatWhereAndExpected() throws Exception {
    Report report = SampleReports.kubeadm();
    Document doc = parse(report, ReportOptions.defaults());
    NodeList suites = doc.getElementsByTagName("testsuite");
    long sections = report.controls().stream().map(Report.ControlStatus::section).distinct()
        .count();
    assertEquals(sections, suites.getLength());
    assertEquals("1.1 Control Plane Node Configuration Files",
        ((Element) suites.item(0)).getAttribute("name"));
    NodeList cases = doc.getElementsByTagName("testcase");
    Element anonymous = null;
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("classname").startsWith("1.2.1 ")) {
        anonymous = c;
      }
    }
    assertEquals("node/cp-1/kube-apiserver", anonymous.getAttribute("name"));
    Element failure = (Element) anonymous.getElementsByTagName("failure").item(0);
    String message = failure.getAttribute("message");
    assertTrue(message.contains("kube-apiserver accepts anonymous requests"), message);
    assertTrue(message.contains("expected --anonymous-auth=false"), message);
    assertTrue(failure.getTextContent().contains("remediation: Set --anonymous-auth=false"),
        failure.getTextContent());
  }

  @Test
  void statusFilterKeepsOnlyThoseResults() throws Exception {
    Report report = SampleReports.kubeadm();
    Element root = parse(report, ReportOptions.builder().statuses(Set.of(Status.FAIL)).build())
        .getDocumentElement();
    assertEquals(report.summary().results().get(Status.FAIL),
        Integer.parseInt(root.getAttribute("tests")));
    assertEquals("0", root.getAttribute("errors"));
  }
}
