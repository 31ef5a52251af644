package dev.kcis.cli;

import static dev.kcis.cli.ClusterAndManifestsTest.report;
import static dev.kcis.cli.CollectAndScanTest.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code samples/manifests}: section 5 decided from API objects alone, every offending
 * object named once (the workload, not its pods), and the compliant ones passing.
 */
class SampleManifestsTest {

  @Test
  void section5IsDecidedFromTheObjects() throws IOException {
    JsonNode report = report(CliRun.of("scan", "--manifests", "../samples/manifests",
        "--format", "json", "--fail-on", "never"));
    Map<String, String> section5 = new LinkedHashMap<>();
    for (JsonNode c : report.get("controls")) {
      if (c.get("id").asText().startsWith("5.")) {
        section5.put(c.get("id").asText(), c.get("status").asText());
      }
    }
    assertEquals(34, section5.size());
    long decided = section5.values().stream().filter(s -> s.equals("PASS") || s.equals("FAIL"))
        .count();
    assertEquals(29, decided, section5.toString());
    assertEquals(List.of("5.1.7", "5.3.1", "5.4.2", "5.5.1", "5.6.1"), section5.entrySet().stream()
        .filter(e -> e.getValue().equals("MANUAL")).map(Map.Entry::getKey).toList());

    List<String> results = results(report);
    List<String> failures = results.stream().filter(r -> r.startsWith("5.") && r.contains(" FAIL "))
        .map(r -> r.substring(0, r.indexOf(" FAIL "))).toList();
    for (String expected : List.of(
        "5.1.1 ClusterRoleBinding/ops-admin",
        "5.1.2 ClusterRoleBinding/payments-operator",
        "5.1.4 RoleBinding/legacy/deployer",
        "5.1.5 ServiceAccount/legacy/default",
        "5.1.8 ClusterRoleBinding/ci-impersonator",
        "5.2.1 Namespace/legacy",
        "5.2.1 Namespace/monitoring",
        "5.2.2 Deployment/legacy/debug-tools",
        "5.2.3 DaemonSet/monitoring/node-exporter",
        "5.2.11 DaemonSet/monitoring/node-exporter",
        "5.2.12 DaemonSet/monitoring/node-exporter",
        "5.3.2 Namespace/legacy",
        "5.4.1 Deployment/legacy/billing-worker",
        "5.6.4 ConfigMap/default/feature-flags")) {
      assertTrue(failures.contains(expected), expected + " should fail:\n" + failures);
    }
    for (String target : List.of("Deployment/payments/api", "Namespace/payments",
        "RoleBinding/payments/viewers", "Service/default/kubernetes")) {
      assertTrue(failures.stream().noneMatch(f -> f.endsWith(" " + target)),
          target + " complies:\n" + failures);
    }
    assertEquals(List.of("5.1.3", "5.2.4", "5.2.10"), section5.entrySet().stream()
        .filter(e -> e.getValue().equals("PASS")).map(Map.Entry::getKey).toList());
  }
}
