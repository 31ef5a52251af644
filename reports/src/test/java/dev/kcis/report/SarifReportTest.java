package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.kcis.collect.ManifestCollector;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();


  static JsonNode sarif(Report report, ReportOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.SARIF.write(report, options, out);
    return JSON.readTree(out.toByteArray());
  }

  private static long count(Report report, Status... statuses) {
    Set<Status> wanted = Set.of(statuses);
    return report.results().stream().filter(r -> wanted.contains(r.status())).count();
  }

  @Test
  void theOfficialValidatorAcceptsTheSarifOfEverySample(@TempDir Path dir) throws Exception {
    SarifMultitool.executable();
    List<Path> files = new ArrayList<>();
    Map<String, Report> samples = new java.util.LinkedHashMap<>(SampleReports.everySample());
    samples.put("node-root", SampleReports.nodeRoot());
    for (Map.Entry<String, Report> sample : samples.entrySet()) {
      Path file = dir.resolve(sample.getKey().replaceAll("[^A-Za-z0-9.-]", "_") + ".sarif");
      try (OutputStream out = Files.newOutputStream(file)) {
        ReportFormat.SARIF.write(sample.getValue(), out);
      }
      files.add(file);
    }
    SarifMultitool.Outcome outcome = SarifMultitool.validate(files, dir);
    Map<String, JsonNode> logs = new HashMap<>();
    for (Path file : files) {
      logs.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
    }
    List<SarifMultitool.Finding> unexpected = outcome.findings().stream()
        .filter(f -> !justified(f, logs)).toList();
    assertTrue(unexpected.isEmpty(), () -> unexpected.stream().map(Object::toString)
        .collect(Collectors.joining("\n")) + "\n--- validator output ---\n" + outcome.console());
  }

  /**
   * The validator's findings that do not matter, each for a reason that holds for every kcis
   * report (docs/report-formats.md says the same): notes (suggestions); SARIF2005 asking for the
   * tool's informationUri, as kcis has no public home page to name; SARIF2017 asking for a region
   * where the result really has none: a file judged as a whole (its mode or owner), a file whose
   * line the evidence does not keep, or a target that is no file.
   */
  private static boolean justified(SarifMultitool.Finding f, Map<String, JsonNode> logs) {
    if (f.level().equals("note")) {
      return true;
    }
    if (f.ruleId().equals("SARIF2005")) {
      return f.message().contains("nformationUri"); // its id: Warning_ProvideToolnformationUri
    }
    java.util.regex.Matcher at = java.util.regex.Pattern
        .compile("runs\\[0\\]\\.results\\[(\\d+)\\]\\.locations\\[0\\]\\.physicalLocation")
        .matcher(f.message());
    if (f.ruleId().equals("SARIF2017") && at.find()) {
      String name = f.file().substring(f.file().lastIndexOf('/') + 1);
      JsonNode result = logs.get(name).path("runs").path(0).path("results")
          .path(Integer.parseInt(at.group(1)));
      return !result.path("locations").path(0).path("physicalLocation").has("region");
    }
    return false;
  }

  @Test
  void everySampleIsValidAgainstTheSarifSchema() throws Exception {
    JsonSchema schema;
    try (InputStream in = com.contrastsecurity.sarif.SarifSchema210.class
        .getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    for (Map.Entry<String, Report> sample : SampleReports.everySample().entrySet()) {
      Set<ValidationMessage> errors = schema.validate(sarif(sample.getValue(),
          ReportOptions.defaults()));
      assertTrue(errors.isEmpty(), sample.getKey() + ": " + errors);
    }
  }

  @Test
  void resultsAreTheFailuresWarningsAndInconclusivesAsNotes() throws Exception {
    for (Map.Entry<String, Report> sample : SampleReports.everySample().entrySet()) {
      Report report = sample.getValue();
      JsonNode run = sarif(report, ReportOptions.defaults()).path("runs").path(0);
      Map<String, Integer> levels = new HashMap<>();
      run.path("results").forEach(r -> levels.merge(r.path("level").asText(), 1, Integer::sum));
      assertEquals(count(report, Status.FAIL), levels.getOrDefault("error", 0).longValue(),
          sample.getKey());
      assertEquals(count(report, Status.WARN), levels.getOrDefault("warning", 0).longValue(),
          sample.getKey());
      assertEquals(count(report, Status.INCONCLUSIVE), levels.getOrDefault("note", 0).longValue(),
          sample.getKey());

      JsonNode noNotes = sarif(report, ReportOptions.builder().inconclusiveAsNotes(false).build())
          .path("runs").path(0).path("results");
      assertEquals(count(report, Status.FAIL, Status.WARN), noNotes.size(), sample.getKey());

      JsonNode failuresOnly = sarif(report, ReportOptions.builder()
          .statuses(Set.of(Status.FAIL)).build()).path("runs").path(0).path("results");
      assertEquals(count(report, Status.FAIL), failuresOnly.size(), sample.getKey());
    }
  }

  @Test
  void everyResultNamesItsRuleByIdAndIndexAndHasAPhysicalLocation() throws Exception {
    for (Map.Entry<String, Report> sample : SampleReports.everySample().entrySet()) {
      JsonNode run = sarif(sample.getValue(), ReportOptions.defaults()).path("runs").path(0);
      JsonNode rules = run.path("tool").path("driver").path("rules");
      Set<String> used = new HashSet<>();
      for (JsonNode result : run.path("results")) {
        int index = result.path("ruleIndex").asInt(-1);
        assertEquals(rules.path(index).path("id").asText(), result.path("ruleId").asText());
        used.add(result.path("ruleId").asText());
        JsonNode location = result.path("locations").path(0);
        assertFalse(location.path("physicalLocation").path("artifactLocation").path("uri")
            .asText().isEmpty(), result.toString());
        assertEquals(result.path("properties").path("target").asText(),
            location.path("logicalLocations").path(0).path("fullyQualifiedName").asText());
        assertTrue(result.path("message").path("text").asText().endsWith("."));
        assertFalse(result.path("partialFingerprints").path("kcisFinding/v1").asText()
            .isEmpty());
      }
      assertEquals(used.size(), rules.size(), "one rule per rule that has a result");
    }
  }

  @Test
  void aRuleCarriesItsCisIdTitleRemediationFrameworkTagsAndSeverity() throws Exception {
    Report report = SampleReports.kubeadm();
    JsonNode rules = sarif(report, ReportOptions.defaults()).path("runs").path(0).path("tool")
        .path("driver").path("rules");
    JsonNode anonymous = null;
    for (JsonNode rule : rules) {
      if (rule.path("id").asText().equals("apiserver-anonymous-auth")) {
        anonymous = rule;
      }
    }
    assertEquals("ApiserverAnonymousAuth", anonymous.path("name").asText());
    assertEquals("CIS 1.2.1: Ensure that the --anonymous-auth argument is set to false",
        anonymous.path("shortDescription").path("text").asText());
    assertTrue(anonymous.path("fullDescription").path("text").asText()
        .startsWith("Kube-apiserver accepts anonymous requests."), anonymous.toString());
    Result result = report.resultsOf("1.2.1").get(0);
    assertTrue(anonymous.path("help").path("text").asText()
        .contains("Remediation: " + result.remediation().strip()));
    assertTrue(anonymous.path("help").path("markdown").asText().contains("**Remediation:**"));
    assertEquals("https://www.cisecurity.org/benchmark/kubernetes",
        anonymous.path("helpUri").asText());
    List<String> tags = new ArrayList<>();
    anonymous.path("properties").path("tags").forEach(t -> tags.add(t.asText()));
    assertTrue(tags.contains("security") && tags.contains("CIS-1.2.1"), tags.toString());
    for (Mapping m : result.mappings()) {
      String prefix = switch (m.framework()) {
        case Mapping.NIST -> "NIST-";
        case Mapping.SOC2 -> "SOC2-";
        case Mapping.PCI_DSS -> "PCI-DSS-";
        default -> null;
      };
      if (prefix != null) {
        assertTrue(tags.contains(prefix + m.id()), prefix + m.id() + " in " + tags);
      }
    }
    assertEquals("8.2", anonymous.path("properties").path("security-severity").asText());
    assertEquals("error", anonymous.path("defaultConfiguration").path("level").asText());
    for (JsonNode rule : rules) {
      double severity = Double.parseDouble(rule.path("properties").path("security-severity")
          .asText());
      assertTrue(severity >= 0.0 && severity <= 10.0, rule.path("id").asText());
    }
  }

  @Test
  void findingsPointAtTheFileTheEvidenceCameFrom() throws Exception {
    JsonNode node = sarif(SampleReports.kubeadm(), ReportOptions.defaults()).path("runs")
        .path(0);
    JsonNode etcdDir = resultOf(node, "etcd-data-dir-ownership", "node/cp-1:/var/lib/etcd");
    JsonNode artifact = etcdDir.path("locations").path(0).path("physicalLocation")
        .path("artifactLocation");
    assertEquals("var/lib/etcd", artifact.path("uri").asText());
    assertEquals("NODEROOT", artifact.path("uriBaseId").asText());
    assertEquals("file:///", node.path("originalUriBaseIds").path("NODEROOT").path("uri")
        .asText());

    JsonNode admission = resultOf(node, "apiserver-admission-deny-service-external-ips",
        "node/cp-1/kube-apiserver");
    assertEquals("etc/kubernetes/manifests/kube-apiserver.yaml", admission.path("locations")
        .path(0).path("physicalLocation").path("artifactLocation").path("uri").asText());
    String message = admission.path("message").path("text").asText();
    assertTrue(message.contains("DenyServiceExternalIPs admission plugin is not enabled"),
        message);
    assertTrue(message.contains("Expected DenyServiceExternalIPs among the admission plugins"),
        message);
    assertTrue(message.contains("on node/cp-1/kube-apiserver"), message);

    // A default value names no file: the result points at its target.
    JsonNode anonymous = resultOf(node, "apiserver-anonymous-auth", "node/cp-1/kube-apiserver");
    JsonNode target = anonymous.path("locations").path(0).path("physicalLocation")
        .path("artifactLocation");
    assertEquals("node/cp-1/kube-apiserver", target.path("uri").asText());
    assertEquals("TARGET", target.path("uriBaseId").asText());

    JsonNode manifests = sarif(SampleReports.manifests(), ReportOptions.defaults())
        .path("runs").path(0);
    JsonNode binding = resultOf(manifests, "cluster-admin-binding",
        "ClusterRoleBinding/ops-admin");
    JsonNode physical = binding.path("locations").path(0).path("physicalLocation");
    assertEquals("../samples/manifests/rbac.yaml", physical.path("artifactLocation")
        .path("uri").asText());
    assertEquals("%SRCROOT%", physical.path("artifactLocation").path("uriBaseId").asText());
    assertEquals(4, physical.path("region").path("startLine").asInt());
    assertEquals("rbac.yaml", Path.of(physical.path("artifactLocation").path("uri").asText())
        .getFileName().toString());
    List<String> lines = Files.readAllLines(SampleReports.MANIFESTS.resolve("rbac.yaml"));
    assertTrue(lines.get(3).contains("kind: ClusterRoleBinding")
        || lines.get(3).contains("apiVersion"), lines.get(3));
  }

  @Test
  void aFlagInAStaticPodManifestPointsAtItsLine() throws Exception {
    Report report = SampleReports.nodeRoot();
    JsonNode results = sarif(report, ReportOptions.defaults()).path("runs").path(0)
        .path("results");
    int checked = 0;
    for (int i = 0; i < results.size(); i++) {
      JsonNode physical = results.path(i).path("locations").path(0).path("physicalLocation");
      String uri = physical.path("artifactLocation").path("uri").asText();
      if (!physical.has("region") || !uri.startsWith("etc/kubernetes/manifests/")) {
        continue;
      }
      String target = results.path(i).path("properties").path("target").asText();
      String rule = results.path(i).path("ruleId").asText();
      Result result = report.results().stream().filter(r -> r.target().equals(target)
          && rule.equals(r.rule())).findFirst().orElseThrow();
      dev.kcis.facts.Observation flag = result.evidence().observed().stream()
          .filter(o -> o.source().equals("flag")).findFirst().orElseThrow();
      String name = flag.path() != null && flag.path().contains(" ")
          ? flag.path().substring(flag.path().lastIndexOf(' ') + 1) : flag.item();
      List<String> lines = Files.readAllLines(SampleReports.NODE_ROOT.resolve(uri));
      String line = lines.get(physical.path("region").path("startLine").asInt() - 1);
      assertTrue(line.contains(name), rule + ": " + name + " not on line " + line);
      checked++;
    }
    assertTrue(checked > 0, "the sample has findings on manifest flags");
  }

  private static JsonNode resultOf(JsonNode run, String rule, String target) {
    for (JsonNode r : run.path("results")) {
      if (r.path("ruleId").asText().equals(rule)
          && r.path("properties").path("target").asText().equals(target)) {
        return r;
      }
    }
    throw new AssertionError("no result of " + rule + " on " + target);
  }

  @Test
  void fingerprintsAreStableAcrossRunsAndUnrelatedEdits(@TempDir Path dir) throws Exception {
    Path manifest = dir.resolve("rbac.yaml");
    String binding = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: ops-admin
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
          - kind: User
            name: alice
        """;
    Files.writeString(manifest, binding);
    Map<String, String> first = fingerprints(dir, manifest);
    Map<String, String> again = fingerprints(dir, manifest);
    assertFalse(first.isEmpty());
    assertEquals(first, again, "two evaluations of the same input");

    // Unrelated lines: a comment before the binding, a label in it.
    Files.writeString(manifest, """
        # Who may administer the cluster
        # (reviewed every quarter)
        """ + binding.replace("  name: ops-admin\n", "  name: ops-admin\n  labels: {team: ops}\n"));
    Map<String, String> moved = fingerprints(dir, manifest);
    JsonNode movedRun = run(dir, manifest);
    JsonNode result = resultOf(movedRun, "cluster-admin-binding", "ClusterRoleBinding/ops-admin");
    assertEquals(3, result.path("locations").path(0).path("physicalLocation").path("region")
        .path("startLine").asInt());
    for (Map.Entry<String, String> e : first.entrySet()) {
      assertEquals(e.getValue(), moved.get(e.getKey()), e.getKey());
    }

    // Another binding is another finding.
    Files.writeString(manifest, binding.replace("ops-admin", "ops-root"));
    Map<String, String> renamed = fingerprints(dir, manifest);
    assertNotEquals(first.get("cluster-admin-binding ClusterRoleBinding/ops-admin"),
        renamed.get("cluster-admin-binding ClusterRoleBinding/ops-root"));
  }

  private static JsonNode run(Path dir, Path manifest) throws Exception {
    Report report = SampleReports.engine().evaluate(
        ManifestCollector.of(List.of(manifest)).collect());
    return sarif(report, ReportOptions.defaults()).path("runs").path(0);
  }

  private static Map<String, String> fingerprints(Path dir, Path manifest) throws Exception {
    Map<String, String> prints = new HashMap<>();
    for (JsonNode r : run(dir, manifest).path("results")) {
      prints.put(r.path("ruleId").asText() + " " + r.path("properties").path("target").asText(),
          r.path("partialFingerprints").path("kcisFinding/v1").asText());
    }
    return prints;
  }
}
