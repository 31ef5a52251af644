package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's check, kept: an organisation's three-rule pack written from docs/authoring-rules.md
 * alone (memory limits on every container, an RBAC allow-list as a parameter, the kubelet's
 * protectKernelDefaults through its config key; src/test/resources/org-pack) lints clean, passes
 * its cases, and reports under its own section, containers named in targets, through the CLI.
 */
class OrgPackTest {

  static final String PACK = "src/test/resources/org-pack";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void lintsCleanAndItsCasesPass() {
    CliRun lint = CliRun.of("rules", "lint", "--rules", PACK);
    assertEquals(0, lint.exit(), lint.out() + lint.err());
    assertEquals("", lint.out());
    assertEquals(List.of("kcis: no problems in " + PACK), lint.errLines());

    CliRun test = CliRun.of("rules", "test", PACK);
    assertEquals(0, test.exit(), test.out() + test.err());
    assertTrue(test.out().startsWith("13 cases of 3 rules: 13 passed, 0 failed"), test.out());
  }

  /** The sample manifests and a hardened worker's node root, scanned together with the pack. */
  @Test
  void scanReportsThePackUnderItsSectionWithContainersNamed() throws IOException {
    CliRun scan = CliRun.of("scan", "--manifests", "../samples/manifests", "--root",
        "../samples/node-roots/hardened-worker", "--rules", PACK, "--benchmark=cis-1.12",
        "--format", "json", "--fail-on", "never");
    assertEquals(0, scan.exit(), scan.err());
    JsonNode report = JSON.readTree(scan.out());
    assertEquals("org-baseline", report.at("/benchmark/id").asText());
    List<String> controls = new ArrayList<>();
    for (JsonNode c : report.get("controls")) {
      if (c.get("section").asText().equals("90")) {
        controls.add(c.get("id").asText() + " " + c.get("status").asText() + " "
            + c.get("title").asText());
      }
    }
    assertEquals(List.of("90.1 FAIL Every container sets a memory limit",
        "90.2 FAIL Only allowed service accounts read Secrets",
        "90.3 PASS The kubelet protects the kernel's defaults"), controls);

    // Every container of the samples lacks a memory limit: each named in its own target.
    assertEquals(Set.of("FAIL DaemonSet/monitoring/node-exporter[container=node-exporter]",
        "FAIL Deployment/legacy/billing-worker[container=worker]",
        "FAIL Deployment/legacy/debug-tools[container=shell]",
        "FAIL Deployment/payments/api[container=api]"), results(report, "90.1"));

    // payments/api reads Secrets through payments-operator, but the profile's allow-list names
    // it; the ops group, bound to cluster-admin (judged from Kubernetes' bootstrap policy), is not.
    assertEquals(Set.of("FAIL ClusterRoleBinding/ops-admin"), results(report, "90.2"));
    assertEquals("payments/api,platform/vault",
        control(report, "90.2").at("/params/allowed").asText());
    assertTrue(report.at("/rules/org-secret-readers/remediation").asText()
        .endsWith("add it to the allow-list (payments/api,platform/vault)."), report.toString());
    assertEquals("Org Kubernetes Security Policy v1, section 3 (declared by rule pack org-pack)",
        report.at("/rules/org-secret-readers/mappings/0/basis").asText());

    // The worker sets protectKernelDefaults in its config file and not as a flag.
    JsonNode kubelet = result(report, "90.3");
    assertEquals("PASS node/w-1/kubelet", kubelet.get("status").asText() + " "
        + kubelet.get("target").asText());
    JsonNode observed = kubelet.at("/evidence/observed/0");
    assertEquals("protectKernelDefaults true config-file /var/lib/kubelet/config.yaml",
        observed.get("item").asText() + " " + observed.get("value").asText() + " "
            + observed.get("source").asText() + " " + observed.get("location").asText());

    CliRun table = CliRun.of("scan", "--manifests", "../samples/manifests", "--root",
        "../samples/node-roots/hardened-worker", "--rules", PACK, "--benchmark=cis-1.12",
        "--fail-on", "never");
    assertTrue(table.out().contains("== 90 Org policies"), table.out());
    assertTrue(table.out().contains("FAIL DaemonSet/monitoring/node-exporter"
        + "[container=node-exporter]: a container sets no memory limit"), table.out());
  }

  /** kubeadm's config file leaves the key out: the kubelet's default (false) fails. */
  @Test
  void evalJudgesTheKubeletFromItsConfigFileAndDefault() throws IOException {
    CliRun eval = CliRun.of("eval", "../samples/bundles/kubeadm-control-plane.json", "--rules",
        PACK, "--benchmark=cis-1.12", "--format", "json", "--fail-on", "never");
    assertEquals(0, eval.exit(), eval.err());
    JsonNode report = JSON.readTree(eval.out());
    JsonNode kubelet = result(report, "90.3");
    assertEquals("FAIL node/cp-1/kubelet", kubelet.get("status").asText() + " "
        + kubelet.get("target").asText());
    JsonNode observed = kubelet.at("/evidence/observed/0");
    assertEquals("protectKernelDefaults false default", observed.get("item").asText() + " "
        + observed.get("value").asText() + " " + observed.get("source").asText());
    assertTrue(observed.get("location").asText().contains("not in /var/lib/kubelet/config.yaml"),
        observed.toString());
    // The bundle holds no workloads: no container is judged, and that is no PASS.
    assertEquals(Set.of("INCONCLUSIVE cluster"), results(report, "90.1"));
  }

  private static Set<String> results(JsonNode report, String control) {
    Set<String> out = new TreeSet<>();
    for (JsonNode r : report.get("results")) {
      if (r.get("control").asText().equals(control)) {
        out.add(r.get("status").asText() + " " + r.get("target").asText());
      }
    }
    return out;
  }

  private static JsonNode result(JsonNode report, String control) {
    for (JsonNode r : report.get("results")) {
      if (r.get("control").asText().equals(control)) {
        return r;
      }
    }
    throw new AssertionError("no result for " + control);
  }

  private static JsonNode control(JsonNode report, String id) {
    for (JsonNode c : report.get("controls")) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no control " + id);
  }
}
