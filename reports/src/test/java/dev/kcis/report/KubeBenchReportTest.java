package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Status;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KubeBenchReportTest {

  /*
   * The JSON names of kube-bench's Go types, from aquasecurity/kube-bench check/controls.go and
   * check/check.go: OverallControls has no tags (Go writes the field names), Controls embeds
   * Summary, Check's AuditEnv, AuditConfig and IsMultiple carry only yaml tags (Go writes the
   * field names), its Tests, Set and *Output fields are json:"-", and reason is omitempty.
   */
  private static final Set<String> OVERALL = Set.of("Controls", "Totals");
  private static final Set<String> SUMMARY = Set.of("total_pass", "total_fail", "total_warn",
      "total_info");
  private static final Set<String> CONTROLS = Set.of("id", "version", "detected_version", "text",
      "node_type", "tests", "total_pass", "total_fail", "total_warn", "total_info");
  private static final Set<String> GROUP = Set.of("section", "type", "pass", "fail", "warn",
      "info", "desc", "results");
  private static final Set<String> CHECK = Set.of("test_number", "test_desc", "audit",
      "AuditEnv", "AuditConfig", "type", "remediation", "test_info", "status", "actual_value",
      "scored", "IsMultiple", "expected_result", "reason");
  private static final Set<String> OPTIONAL_CHECK = Set.of("reason");
  private static final Set<String> STATES = Set.of("PASS", "FAIL", "WARN", "INFO");

  private static JsonNode json(Report report, ReportOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.KUBE_BENCH.write(report, options, out);
    return new ObjectMapper().readTree(out.toByteArray());
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void assertFields(Set<String> expected, Set<String> optional, JsonNode node) {
    Set<String> actual = fields(node);
    assertTrue(expected.containsAll(actual), "unknown fields " + actual + " in " + node);
    Set<String> required = new TreeSet<>(expected);
    required.removeAll(optional);
    assertTrue(actual.containsAll(required), "missing fields " + required + " in " + node);
  }

  @Test
  void theFieldsAreKubeBenchsOwn() throws Exception {
    for (Map.Entry<String, Report> sample : SampleReports.everySample().entrySet()) {
      JsonNode root = json(sample.getValue(), ReportOptions.defaults());
      assertEquals(OVERALL, fields(root));
      assertEquals(SUMMARY, fields(root.path("Totals")));
      for (JsonNode controls : root.path("Controls")) {
        assertFields(CONTROLS, Set.of("detected_version"), controls);
        for (JsonNode group : controls.path("tests")) {
          assertFields(GROUP, Set.of(), group);
          for (JsonNode check : group.path("results")) {
            assertFields(CHECK, OPTIONAL_CHECK, check);
            assertTrue(STATES.contains(check.path("status").asText()), check.toString());
            assertTrue(check.path("scored").isBoolean() && check.path("IsMultiple").isBoolean());
            // policy-reporter's kube-bench adapter reads test_info[0].
            assertEquals(check.path("remediation").asText(),
                check.path("test_info").path(0).asText());
          }
        }
      }
    }
  }

  @Test
  void oneControlsPerSectionWithKubeBenchsNodeTypes() throws Exception {
    JsonNode root = json(SampleReports.kubeadm(), ReportOptions.defaults());
    List<String> ids = new ArrayList<>();
    List<String> types = new ArrayList<>();
    root.path("Controls").forEach(c -> {
      ids.add(c.path("id").asText());
      types.add(c.path("node_type").asText());
    });
    assertEquals(List.of("1", "2", "3", "4", "5"), ids);
    assertEquals(List.of("master", "etcd", "controlplane", "node", "policies"), types);
    JsonNode master = root.path("Controls").path(0);
    assertEquals("cis-1.12", master.path("version").asText());
    assertEquals("1.31", master.path("detected_version").asText());
    assertEquals("Control Plane Components", master.path("text").asText());
    JsonNode files = master.path("tests").path(0);
    assertEquals("1.1", files.path("section").asText());
    assertEquals("Control Plane Node Configuration Files", files.path("desc").asText());
    JsonNode first = files.path("results").path(0);
    assertEquals("1.1.1", first.path("test_number").asText());
    assertEquals("Ensure that the API server pod specification file permissions are set to 600 "
        + "or more restrictive (Automated)", first.path("test_desc").asText());
    assertTrue(first.path("scored").asBoolean());
  }

  @Test
  void oneCheckPerControlWithTheMappedStatusAndEveryTarget() throws Exception {
    for (Map.Entry<String, Report> sample : SampleReports.everySample().entrySet()) {
      Report report = sample.getValue();
      JsonNode root = json(report, ReportOptions.defaults());
      List<JsonNode> checks = new ArrayList<>();
      root.path("Controls").forEach(c -> c.path("tests").forEach(g -> g.path("results")
          .forEach(checks::add)));
      assertEquals(report.controls().size(), checks.size(), sample.getKey());
      for (int i = 0; i < checks.size(); i++) {
        Report.ControlStatus control = report.controls().get(i);
        JsonNode check = checks.get(i);
        assertEquals(control.id(), check.path("test_number").asText());
        assertEquals(expectedState(control.status()), check.path("status").asText(),
            control.id());
        if (control.status() == Status.MANUAL) {
          assertEquals("manual", check.path("type").asText());
        }
        long failing = report.resultsOf(control.id()).stream()
            .filter(r -> r.status() != Status.PASS && r.message() != null).count();
        assertEquals(failing, check.path("reason").asText("").lines()
            .filter(l -> !l.isBlank()).count(), control.id());
      }
    }
    JsonNode root = json(SampleReports.manifests(), ReportOptions.defaults());
    JsonNode clusterAdmin = null;
    for (JsonNode g : root.path("Controls").path(4).path("tests")) {
      for (JsonNode c : g.path("results")) {
        if (c.path("test_number").asText().equals("5.1.1")) {
          clusterAdmin = c;
        }
      }
    }
    assertEquals("FAIL", clusterAdmin.path("status").asText());
    assertTrue(clusterAdmin.path("reason").asText()
        .contains("FAIL ClusterRoleBinding/ops-admin: "), clusterAdmin.toString());
    assertTrue(clusterAdmin.path("actual_value").asText()
        .contains("ClusterRoleBinding/ops-admin: "), clusterAdmin.toString());
    assertEquals("kcis rule cluster-admin-binding", clusterAdmin.path("audit").asText());
  }

  private static String expectedState(Status status) {
    return switch (status) {
      case PASS -> "PASS";
      case FAIL -> "FAIL";
      case WARN, INCONCLUSIVE, MANUAL -> "WARN";
      case NOT_APPLICABLE, WAIVED -> "INFO";
    };
  }

  @Test
  void totalsEqualTheReportsControlCountsUnderTheMapping() throws Exception {
    for (Map.Entry<String, Report> sample : SampleReports.everySample().entrySet()) {
      Report report = sample.getValue();
      Map<Status, Integer> controls = new EnumMap<>(report.summary().controls());
      for (ReportOptions options : List.of(ReportOptions.defaults(),
          ReportOptions.builder().statuses(Set.of(Status.FAIL)).build())) {
        JsonNode root = json(report, options);
        JsonNode totals = root.path("Totals");
        assertEquals(controls.get(Status.PASS), totals.path("total_pass").asInt());
        assertEquals(controls.get(Status.FAIL), totals.path("total_fail").asInt());
        assertEquals(controls.get(Status.WARN) + controls.get(Status.INCONCLUSIVE)
            + controls.get(Status.MANUAL), totals.path("total_warn").asInt());
        assertEquals(controls.get(Status.NOT_APPLICABLE) + controls.get(Status.WAIVED),
            totals.path("total_info").asInt());
        int[] sum = new int[4];
        for (JsonNode c : root.path("Controls")) {
          int[] groups = new int[4];
          for (JsonNode g : c.path("tests")) {
            groups[0] += g.path("pass").asInt();
            groups[1] += g.path("fail").asInt();
            groups[2] += g.path("warn").asInt();
            groups[3] += g.path("info").asInt();
          }
          assertEquals(groups[0], c.path("total_pass").asInt());
          assertEquals(groups[1], c.path("total_fail").asInt());
          assertEquals(groups[2], c.path("total_warn").asInt());
          assertEquals(groups[3], c.path("total_info").asInt());
          for (int i = 0; i < 4; i++) {
            sum[i] += groups[i];
          }
        }
        assertEquals(totals.path("total_pass").asInt(), sum[0]);
        assertEquals(totals.path("total_fail").asInt(), sum[1]);
        assertEquals(totals.path("total_warn").asInt(), sum[2]);
        assertEquals(totals.path("total_info").asInt(), sum[3]);
      }
      JsonNode failing = json(report, ReportOptions.builder().statuses(Set.of(Status.FAIL))
          .build());
      List<String> shown = new ArrayList<>();
      failing.path("Controls").forEach(c -> c.path("tests").forEach(g -> g.path("results")
          .forEach(k -> shown.add(k.path("status").asText()))));
      assertEquals(controls.get(Status.FAIL).intValue(), shown.size(), sample.getKey());
      assertFalse(shown.stream().anyMatch(s -> !s.equals("FAIL")));
    }
  }
}
