package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.Evidence;
import dev.kcis.engine.Framework;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvReportTest {

  private static final List<String> HEADER = List.of("control", "title", "section", "status",
      "target", "rule", "message", "expected", "observed", "file", "line", "remediation",
      "NIST ids", "SOC 2 ids", "PCI ids", "waived status", "waiver owner", "waiver reason",
      "waiver expires", "waiver ticket", "waiver source");

  private static String csv(Report report, ReportOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.CSV.write(report, options, out);
    byte[] bytes = out.toByteArray();
    assertFalse(bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF, "no byte order mark");
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Parsed by Apache Commons CSV as RFC 4180, the header row checked and dropped. */
  private static List<CSVRecord> parse(String text, List<String> header) throws Exception {
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .get().parse(new StringReader(text)).getRecords();
    if (!records.isEmpty()) {
      assertEquals(header, records.get(0).getParser().getHeaderNames());
    }
    for (CSVRecord r : records) {
      assertEquals(header.size(), r.size(), "row " + r.getRecordNumber());
    }
    return records;
  }

  @Test
  void oneRowPerResultOfEverySample() throws Exception {
    for (Map.Entry<String, Report> sample : SampleReports.everySample().entrySet()) {
      Report report = sample.getValue();
      String text = csv(report, ReportOptions.defaults());
      assertTrue(text.startsWith(String.join(",", HEADER) + "\r\n"), sample.getKey());
      List<CSVRecord> rows = parse(text, HEADER);
      assertEquals(report.results().size(), rows.size(), sample.getKey());
      for (int i = 0; i < rows.size(); i++) {
        Result result = report.results().get(i);
        assertEquals(result.control(), rows.get(i).get("control"));
        assertEquals(result.status().name(), rows.get(i).get("status"));
      }

      List<CSVRecord> failures = parse(csv(report, ReportOptions.builder()
          .statuses(Set.of(Status.FAIL, Status.WARN)).build()), HEADER);
      assertEquals(report.results().stream().filter(r -> r.status() == Status.FAIL
          || r.status() == Status.WARN).count(), failures.size(), sample.getKey());
    }
  }

  @Test
  void aRowSaysWhatWasFoundWhereAndItsMappings() throws Exception {
    List<CSVRecord> rows = parse(csv(SampleReports.manifests(), ReportOptions.defaults()),
        HEADER);
    CSVRecord binding = rows.stream().filter(r -> r.get("control").equals("5.1.1")
        && r.get("target").equals("ClusterRoleBinding/ops-admin")).findFirst().orElseThrow();
    assertEquals("FAIL", binding.get("status"));
    assertEquals("5.1", binding.get("section"));
    assertEquals("cluster-admin-binding", binding.get("rule"));
    assertEquals("../samples/manifests/rbac.yaml", binding.get("file"));
    assertEquals("4", binding.get("line"));
    assertTrue(binding.get("observed").contains("roleRef ClusterRole/cluster-admin"),
        binding.get("observed"));
    assertFalse(binding.get("remediation").isEmpty());
    Result result = SampleReports.manifests().resultsOf("5.1.1").get(0);
    for (Mapping m : result.mappings()) {
      String column = switch (m.framework()) {
        case Mapping.NIST -> "NIST ids";
        case Mapping.SOC2 -> "SOC 2 ids";
        case Mapping.PCI_DSS -> "PCI ids";
        default -> null;
      };
      if (column != null) {
        assertTrue(List.of(binding.get(column).split(", ")).contains(m.id()), m.toString());
      }
    }
  }

  @Test
  void hostileCellsAreNeutralisedAndRoundTrip() throws Exception {
    Report base = SampleReports.kubeadm();
    List<String> hostile = List.of("=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3",
        "@SUM(A1:A2)", "\tcmd", "\rcmd", "comma, \"quote\"\nnew line");
    List<Result> results = new ArrayList<>();
    for (String h : hostile) {
      results.add(new Result("5.1.1", "title", Status.FAIL, "ClusterRoleBinding/" + h,
          "cluster-admin-binding", h, new Evidence(h, List.of(new Observation(h, h,
              "api-object", "x.yaml:1", null))), h, List.of()));
    }
    Report report = new Report(base.profile(), base.generatedAt(), base.kcisVersion(),
        base.cluster(), base.inputs(), base.controls(), results);
    List<CSVRecord> rows = parse(csv(report, ReportOptions.defaults()), HEADER);
    assertEquals(hostile.size(), rows.size());
    for (int i = 0; i < hostile.size(); i++) {
      String h = hostile.get(i);
      CSVRecord row = rows.get(i);
      String expected = "=+-@\t\r".indexOf(h.charAt(0)) >= 0 ? "'" + h : h;
      assertEquals(expected, row.get("message"));
      assertEquals(expected, row.get("expected"));
      assertEquals(expected, row.get("remediation"));
      assertEquals("ClusterRoleBinding/" + h, row.get("target"));
      for (String cell : row) {
        assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, cell);
      }
    }
  }

  @Test
  void terminalControlsInCellsAreEscaped() throws Exception {
    Report base = SampleReports.kubeadm();
    String hostile = "name\u001b]0;owned\u0007\u001b[2J";
    Report report = new Report(base.profile(), base.generatedAt(), base.kcisVersion(),
        base.cluster(), base.inputs(), base.controls(), List.of(new Result("5.1.1", "title",
            Status.FAIL, "ClusterRoleBinding/" + hostile, "cluster-admin-binding", hostile,
            new Evidence(hostile, List.of()), "r", List.of())));
    String csv = csv(report, ReportOptions.defaults());
    assertFalse(csv.contains("\u001b") || csv.contains("\u0007"), "a raw ESC or BEL");
    CSVRecord row = parse(csv, HEADER).get(0);
    assertEquals("ClusterRoleBinding/name\\u001b]0;owned\\u0007\\u001b[2J", row.get("target"));
  }

  @Test
  void aFrameworkViewWritesTheRequirementRollUp() throws Exception {
    Report report = SampleReports.kubeadm();
    ReportOptions options = ReportOptions.builder().framework(Framework.PCI_DSS_4_0).build();
    List<String> header = List.of("framework", "requirement", "requirement title",
        "requirement status", "control", "control status", "rule", "provenance", "basis");
    List<CSVRecord> rows = parse(csv(report, options), header);
    FrameworkView view = options.frameworkView(report).orElseThrow();
    assertEquals(view.requirements().stream().mapToInt(r -> r.controls().size()).sum(),
        rows.size());
    CSVRecord first = rows.get(0);
    FrameworkView.Requirement requirement = view.requirements().get(0);
    assertEquals("pci-dss-4.0", first.get("framework"));
    assertEquals(requirement.id(), first.get("requirement"));
    assertEquals(requirement.status().name(), first.get("requirement status"));
    assertEquals(requirement.controls().get(0).control(), first.get("control"));
    assertEquals(requirement.controls().get(0).provenance(), first.get("provenance"));

    List<CSVRecord> failing = parse(csv(report, ReportOptions.builder()
        .framework(Framework.PCI_DSS_4_0).statuses(Set.of(Status.FAIL)).build()), header);
    assertTrue(failing.stream().allMatch(r -> r.get("requirement status").equals("FAIL")));
    assertEquals(view.requirements().stream().filter(r -> r.status() == Status.FAIL)
        .mapToInt(r -> r.controls().size()).sum(), failing.size());
  }
}
