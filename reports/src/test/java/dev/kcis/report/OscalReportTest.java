package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.ManifestCollector;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Evidence;
import dev.kcis.engine.Framework;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Profile;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import dev.kcis.report.internal.OscalAssessmentResults;
import gov.nist.secauto.metaschema.core.configuration.DefaultConfiguration;
import gov.nist.secauto.metaschema.core.model.constraint.IConstraint;
import gov.nist.secauto.metaschema.core.model.constraint.ValidationFeature;
import gov.nist.secauto.metaschema.core.model.validation.IValidationFinding;
import gov.nist.secauto.metaschema.core.model.validation.IValidationResult;
import gov.nist.secauto.oscal.lib.OscalBindingContext;
import gov.nist.secauto.oscal.lib.model.AssessmentResults;
import gov.nist.secauto.oscal.lib.model.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OSCAL report of every sample, checked by NIST's own tooling: the assessment-results JSON
 * schema that liboscal-java ships, its Metaschema constraints, and loading it back through its
 * bound model; then the references inside the document and against the NIST SP 800-53 catalog.
 */
class OscalReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA = "schema/json/oscal-ar_schema.json";
  private static JsonSchema schema;
  private static Map<String, Report> samples;

  @TempDir
  Path tmp;

  /** Every bundle in samples/bundles and the report of samples/manifests as collected. */
  static synchronized Map<String, Report> samples() throws IOException {
    if (samples == null) {
      Map<String, Report> all = new LinkedHashMap<>();
      ComplianceEngine engine = null;
      try (Stream<Path> files = Files.list(SampleReports.SAMPLES)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          String name = file.getFileName().toString();
          Report report = SampleReports.all().get(name);
          if (report == null) {
            engine = engine != null ? engine
                : ComplianceEngine.builder().profile("cis-1.12").build();
            report = engine.evaluate(FactBundle.read(file));
          }
          all.put(name, report);
        }
      }
      assertTrue(all.size() >= 2, "sample bundles in " + SampleReports.SAMPLES.toAbsolutePath());
      engine = engine != null ? engine : ComplianceEngine.builder().profile("cis-1.12").build();
      FactBundle manifests = ManifestCollector.of(List.of(Path.of("..", "samples", "manifests")))
          .collect();
      all.put("manifests", engine.evaluate(manifests));
      samples = all;
    }
    return samples;
  }

  static synchronized JsonSchema schema() throws IOException {
    if (schema == null) {
      try (InputStream in = OscalBindingContext.class.getClassLoader()
          .getResourceAsStream(SCHEMA)) {
        assertTrue(in != null, "liboscal-java ships " + SCHEMA);
        // The schema is draft-07, in which an unknown keyword means nothing. OSCAL 1.1.3's
        // generated schema nests a few field values one level too deep ("id": {"id": {"$ref":
        // ...}} in threat-id and a party's external-id, likewise "value", "identifier" and
        // "number"), which leaves those fields unconstrained. networknt reads "id" as draft-04's
        // keyword and throws, and warns about the others: all four are told to mean nothing, as
        // draft-07 says.
        JsonMetaSchema draft7 = JsonMetaSchema.builder(JsonMetaSchema.getV7())
            .keywords(keywords -> {
              for (String name : List.of("id", "value", "identifier", "number")) {
                keywords.put(name, new NonValidationKeyword(name));
              }
            }).build();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
            factory -> factory.metaSchema(draft7)).getSchema(in, config);
      }
    }
    return schema;
  }

  private static byte[] write(Report report, ReportOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportFormat.OSCAL.write(report, options, out);
    return out.toByteArray();
  }

  /** The NIST SP 800-53 r5 control ids in OSCAL form, withdrawn ones apart. */
  private static Map<String, Boolean> nistCatalog() throws IOException {
    Map<String, Boolean> withdrawn = new LinkedHashMap<>();
    try (InputStream in = ComplianceEngine.class.getResourceAsStream(
        "frameworks/nist-sp-800-53-r5.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] cols = line.split("\t");
        if (cols[0].equals("control")) {
          withdrawn.put(OscalAssessmentResults.oscalControlId(cols[1]),
              cols.length > 3 && cols[3].equals("withdrawn"));
        }
      }
    }
    assertTrue(withdrawn.size() > 1000, "the NIST catalog is read: " + withdrawn.size());
    return withdrawn;
  }

  /**
   * Problems NIST's Metaschema constraints find in the document, as lines.
   *
   * <p>The validator first follows {@code import-ap} (AP, then SSP, profile, catalog) to index
   * the roles, parties and locations that an assessment may reference, and stops with an error
   * where the chain cannot be loaded. kcis has no assessment plan: its {@code import-ap} names a
   * back-matter resource that describes the benchmark profile. Here that resource gets an rlink to
   * a stub plan that imports nothing, as a user's own plan would be linked, so that every
   * constraint on the results themselves is checked.
   */
  private List<String> constraintProblems(byte[] document, String name) throws IOException {
    JsonNode tree = JSON.readTree(document);
    JsonNode ar = tree.get("assessment-results");
    String plan = ar.get("import-ap").get("href").asText().substring(1);
    for (JsonNode resource : list(ar.get("back-matter").get("resources"))) {
      if (resource.get("uuid").asText().equals(plan)) {
        ((ObjectNode) resource).putArray("rlinks").addObject().put("href", name + ".ap.json");
      }
    }
    Files.writeString(tmp.resolve(name + ".ap.json"), """
        {"assessment-plan": {"uuid": "%s",
          "metadata": {"title": "stub", "last-modified": "2026-01-01T00:00:00Z",
            "version": "1", "oscal-version": "%s"},
          "reviewed-controls": {"control-selections": [{"include-all": {}}]}}}
        """.formatted(plan, OscalAssessmentResults.OSCAL_VERSION));
    Path file = tmp.resolve(name + ".oscal.json");
    JSON.writeValue(file.toFile(), tree);
    IValidationResult result = OscalBindingContext.instance().validateWithConstraints(
        file.toUri(), new DefaultConfiguration<ValidationFeature<?>>());
    List<String> problems = new ArrayList<>();
    for (IValidationFinding f : result.getFindings()) {
      if (f.getSeverity().ordinal() >= IConstraint.Level.WARNING.ordinal()) {
        problems.add(f.getSeverity() + " " + f.getPath() + ": " + f.getMessage());
      }
    }
    return problems;
  }

  private static JsonNode result(JsonNode document) {
    return document.get("assessment-results").get("results").get(0);
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    if (array != null) {
      array.forEach(nodes::add);
    }
    return nodes;
  }

  private static String prop(JsonNode owner, String name) {
    return list(owner.get("props")).stream().filter(p -> p.get("name").asText().equals(name))
        .map(p -> p.get("value").asText()).findFirst().orElse(null);
  }

  @Test
  void everySampleValidatesAgainstNistsSchemaAndConstraintsAndLoadsBack() throws IOException {
    for (Map.Entry<String, Report> sample : samples().entrySet()) {
      byte[] document = write(sample.getValue(), ReportOptions.defaults());
      Set<ValidationMessage> messages = schema().validate(JSON.readTree(document));
      assertEquals(Set.of(), messages, sample.getKey());
      assertEquals(List.of(), constraintProblems(document, sample.getKey()), sample.getKey());

      Path file = tmp.resolve(sample.getKey() + ".json");
      Files.write(file, document);
      AssessmentResults loaded = OscalBindingContext.instance().loadAssessmentResults(file);
      Report report = sample.getValue();
      assertEquals(OscalAssessmentResults.OSCAL_VERSION,
          loaded.getMetadata().getOscalVersion());
      assertEquals(report.generatedAt(), loaded.getMetadata().getLastModified().toInstant());
      gov.nist.secauto.oscal.lib.model.Result result = loaded.getResults().get(0);
      assertEquals(report.results().size(), result.getObservations().size(), sample.getKey());
      List<FrameworkView.Requirement> nist = FrameworkView.of(report, Framework.NIST_800_53_R5,
          Set.of()).requirements();
      assertFalse(nist.isEmpty(), sample.getKey());
      assertEquals(nist.size(), result.getFindings().size(), sample.getKey());
      for (int i = 0; i < nist.size(); i++) {
        Finding finding = result.getFindings().get(i);
        FrameworkView.Requirement requirement = nist.get(i);
        assertEquals(OscalAssessmentResults.oscalControlId(requirement.id()),
            finding.getTarget().getTargetId());
        boolean satisfied = requirement.status() == Status.PASS
            || requirement.status() == Status.NOT_APPLICABLE;
        assertEquals(satisfied ? "satisfied" : "not-satisfied",
            finding.getTarget().getStatus().getState(), requirement.id());
      }
    }
  }

  /**
   * The oracles are live: a property in OSCAL's own namespace that OSCAL does not define and a
   * control id not in OSCAL form are caught. (OSCAL 1.1.3's constraints check neither that
   * related observations exist nor that UUIDs are unique; the next test does.)
   */
  @Test
  void nistsToolingCatchesABrokenDocument() throws IOException {
    ObjectNode tree = (ObjectNode) JSON.readTree(write(SampleReports.kubeadm(),
        ReportOptions.defaults()));
    ObjectNode result = (ObjectNode) result(tree);
    ((ObjectNode) result.get("observations").get(0).get("props").get(0)).remove("ns");
    byte[] broken = JSON.writeValueAsBytes(tree);
    assertEquals(Set.of(), schema().validate(JSON.readTree(broken)), "still schema-valid");
    List<String> problems = constraintProblems(broken, "broken");
    assertTrue(problems.stream().anyMatch(p -> p.contains("cis-control")), problems.toString());

    ((ObjectNode) result.get("findings").get(0).get("target")).put("target-id", "AC-6(2)");
    assertFalse(schema().validate(JSON.readTree(JSON.writeValueAsBytes(tree))).isEmpty());
  }

  @Test
  void everyReferenceResolvesAndEveryTargetIsARealNistControl() throws IOException {
    Map<String, Boolean> catalog = nistCatalog();
    for (Map.Entry<String, Report> sample : samples().entrySet()) {
      JsonNode document = JSON.readTree(write(sample.getValue(), ReportOptions.defaults()));
      JsonNode ar = document.get("assessment-results");
      JsonNode result = result(document);
      String name = sample.getKey();

      Set<String> resources = list(ar.get("back-matter").get("resources")).stream()
          .map(r -> r.get("uuid").asText()).collect(Collectors.toSet());
      assertTrue(resources.contains(ar.get("import-ap").get("href").asText().substring(1)), name);

      JsonNode local = result.get("local-definitions");
      Set<String> items = list(local.get("inventory-items")).stream()
          .map(i -> i.get("uuid").asText()).collect(Collectors.toSet());
      Set<String> tools = list(local.get("assessment-assets").get("components")).stream()
          .map(c -> c.get("uuid").asText()).collect(Collectors.toSet());

      Set<String> observations = new HashSet<>();
      Set<String> targets = new TreeSet<>();
      for (JsonNode o : list(result.get("observations"))) {
        assertTrue(observations.add(o.get("uuid").asText()), "unique " + o.get("uuid"));
        for (JsonNode s : list(o.get("subjects"))) {
          assertTrue(items.contains(s.get("subject-uuid").asText()), name + " subject " + s);
          targets.add(s.get("title").asText());
        }
        for (JsonNode origin : list(o.get("origins"))) {
          for (JsonNode actor : list(origin.get("actors"))) {
            assertTrue(tools.contains(actor.get("actor-uuid").asText()), name + " actor");
          }
        }
      }
      assertEquals(sample.getValue().results().stream().map(Result::target)
          .collect(Collectors.toCollection(TreeSet::new)).size(), items.size(), name);

      Set<String> reviewed = list(result.get("reviewed-controls").get("control-selections")
          .get(0).get("include-controls")).stream().map(c -> c.get("control-id").asText())
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> findingTargets = new TreeSet<>();
      Set<String> uuids = new HashSet<>(observations);
      for (JsonNode f : list(result.get("findings"))) {
        assertTrue(uuids.add(f.get("uuid").asText()), "unique " + f.get("uuid"));
        String target = f.get("target").get("target-id").asText();
        assertEquals("objective-id", f.get("target").get("type").asText());
        assertTrue(catalog.containsKey(target), name + ": " + target + " not in the catalog");
        assertFalse(catalog.get(target), name + ": " + target + " is withdrawn");
        findingTargets.add(target);
        List<JsonNode> related = list(f.get("related-observations"));
        assertFalse(related.isEmpty(), name + " " + target + " links its observations");
        for (JsonNode r : related) {
          assertTrue(observations.contains(r.get("observation-uuid").asText()),
              name + " " + target + " -> " + r);
        }
        for (JsonNode p : list(f.get("props"))) {
          if (p.get("name").asText().equals("cis-control")) {
            assertTrue(Set.of("sourced", "transitive", "derived").contains(p.get("class")
                .asText()), name + " " + target + " keeps the provenance: " + p);
            assertTrue(p.get("remarks").asText().startsWith("Rule `"), p.toString());
          }
        }
      }
      assertEquals(reviewed, findingTargets, name);
    }
  }

  @Test
  void anObservationCarriesTheResultItsTargetAndTheEvidenceWithItsLocation()
      throws IOException {
    Report report = SampleReports.kubeadm();
    JsonNode result = result(JSON.readTree(write(report, ReportOptions.defaults())));
    JsonNode anonymous = list(result.get("observations")).stream()
        .filter(o -> "1.2.1".equals(prop(o, "cis-control"))).findFirst().orElseThrow();
    assertEquals("FAIL", prop(anonymous, "status"));
    assertEquals("TEST", anonymous.get("methods").get(0).asText());
    assertEquals("finding", anonymous.get("types").get(0).asText());
    assertEquals("node/cp-1/kube-apiserver",
        anonymous.get("subjects").get(0).get("title").asText());
    String description = anonymous.get("description").asText();
    assertTrue(description.startsWith("FAIL on `node/cp-1/kube-apiserver`: kube-apiserver "
        + "accepts anonymous requests"), description);
    assertTrue(description.contains("Expected: `--anonymous-auth=false`"), description);
    JsonNode evidence = anonymous.get("relevant-evidence").get(0);
    assertTrue(prop(evidence, "location").contains("kube-apiserver"), evidence.toString());
    assertTrue(evidence.get("description").asText().contains(prop(evidence, "location")));
    assertTrue(anonymous.get("remarks").asText().startsWith("Remediation: Set "
        + "--anonymous-auth=false"), anonymous.get("remarks").asText());

    JsonNode manual = list(result.get("observations")).stream()
        .filter(o -> "MANUAL".equals(prop(o, "status"))).findFirst().orElseThrow();
    assertEquals("EXAMINE", manual.get("methods").get(0).asText());
    assertEquals("control-objective", manual.get("types").get(0).asText());

    // A manifest's object is located by file and line.
    JsonNode manifests = result(JSON.readTree(write(samples().get("manifests"),
        ReportOptions.defaults())));
    JsonNode binding = list(manifests.get("observations")).stream()
        .filter(o -> "5.1.1".equals(prop(o, "cis-control")) && "FAIL".equals(prop(o, "status")))
        .findFirst().orElseThrow();
    String location = prop(binding.get("relevant-evidence").get(0), "location");
    assertTrue(location.matches(".*manifests/rbac\\.yaml:\\d+"), location);
  }

  @Test
  void findingStatesFollowTheWorstMappedControl() throws IOException {
    Report report = SampleReports.kubeadm();
    JsonNode result = result(JSON.readTree(write(report, ReportOptions.defaults())));
    Map<String, FrameworkView.Requirement> nist = new LinkedHashMap<>();
    FrameworkView.of(report, Framework.NIST_800_53_R5, Set.of()).requirements()
        .forEach(r -> nist.put(OscalAssessmentResults.oscalControlId(r.id()), r));
    Set<Status> seen = new HashSet<>();
    for (JsonNode f : list(result.get("findings"))) {
      FrameworkView.Requirement requirement = nist.get(f.get("target").get("target-id").asText());
      Status status = requirement.status();
      seen.add(status);
      JsonNode state = f.get("target").get("status");
      assertEquals(status.name(), prop(f, "status"));
      String expected = switch (status) {
        case PASS -> "satisfied/pass";
        case FAIL, WARN -> "not-satisfied/fail";
        case NOT_APPLICABLE -> "satisfied/other";
        default -> "not-satisfied/other";
      };
      assertEquals(expected, state.get("state").asText() + "/" + state.get("reason").asText(),
          requirement.id());
      Set<String> mapped = requirement.controls().stream()
          .map(FrameworkView.MappedControl::control).collect(Collectors.toSet());
      Set<String> cisProps = list(f.get("props")).stream()
          .filter(p -> p.get("name").asText().equals("cis-control"))
          .map(p -> p.get("value").asText()).collect(Collectors.toSet());
      assertEquals(mapped, cisProps, requirement.id());
    }
    assertTrue(seen.contains(Status.FAIL), "the sample has failing NIST controls: " + seen);
  }

  @Test
  void statusFilterKeepsThoseObservationsAndFindings() throws IOException {
    Report report = SampleReports.kubeadm();
    ReportOptions failures = ReportOptions.builder().statuses(Set.of(Status.FAIL)).build();
    byte[] document = write(report, failures);
    assertEquals(Set.of(), schema().validate(JSON.readTree(document)));
    JsonNode result = result(JSON.readTree(document));
    List<JsonNode> observations = list(result.get("observations"));
    assertEquals((long) report.summary().results().get(Status.FAIL), observations.size());
    assertTrue(observations.stream().allMatch(o -> "FAIL".equals(prop(o, "status"))));
    long failing = FrameworkView.of(report, Framework.NIST_800_53_R5, Set.of()).requirements()
        .stream().filter(r -> r.status() == Status.FAIL).count();
    assertEquals(failing, list(result.get("findings")).size());
    assertTrue(result.get("description").asText().contains("only results and findings with "
        + "status FAIL"));
  }

  @Test
  void provenanceFilterKeepsOnlySourcedMappingsAsFindings() throws IOException {
    Report report = SampleReports.kubeadm();
    byte[] document = write(report, ReportOptions.builder().provenances(Set.of("sourced"))
        .build());
    assertEquals(Set.of(), schema().validate(JSON.readTree(document)));
    JsonNode result = result(JSON.readTree(document));
    List<JsonNode> findings = list(result.get("findings"));
    Set<String> sourced = FrameworkView.of(report, Framework.NIST_800_53_R5, Set.of("sourced"))
        .requirements().stream().map(r -> OscalAssessmentResults.oscalControlId(r.id()))
        .collect(Collectors.toSet());
    assertFalse(sourced.isEmpty());
    assertEquals(sourced, findings.stream().map(f -> f.get("target").get("target-id").asText())
        .collect(Collectors.toSet()));
    for (JsonNode f : findings) {
      for (JsonNode p : list(f.get("props"))) {
        if (p.get("name").asText().equals("cis-control")) {
          assertEquals("sourced", p.get("class").asText(), f.get("title").asText());
        }
      }
    }
    // The observations stay: the filter is on mappings, not results.
    assertEquals(report.results().size(), list(result.get("observations")).size());
  }

  @Test
  void theSameSubjectKeepsItsUuidsAcrossRunsAndTheResultGetsANewOne() throws IOException {
    Report first = SampleReports.kubeadm();
    Report later = new Report(first.profile(), first.generatedAt().plusSeconds(3600),
        first.kcisVersion(), first.cluster(), first.inputs(), first.controls(), first.results());
    JsonNode a = JSON.readTree(write(first, ReportOptions.defaults()));
    JsonNode b = JSON.readTree(write(later, ReportOptions.defaults()));
    assertEquals(a.get("assessment-results").get("uuid"), b.get("assessment-results").get("uuid"));
    assertNotEquals(result(a).get("uuid"), result(b).get("uuid"));
    assertEquals(result(a).get("observations").findValues("uuid"),
        result(b).get("observations").findValues("uuid"));
    assertEquals(result(a).get("findings").findValues("uuid"),
        result(b).get("findings").findValues("uuid"));
    // Same report, same bytes.
    assertEquals(new String(write(first, ReportOptions.defaults()), StandardCharsets.UTF_8),
        new String(write(first, ReportOptions.defaults()), StandardCharsets.UTF_8));
    // Another cluster's observations are other subjects.
    Report other = new Report(first.profile(), first.generatedAt(), first.kcisVersion(),
        new Report.ClusterInfo("prod", null, null), first.inputs(), first.controls(),
        first.results());
    JsonNode c = JSON.readTree(write(other, ReportOptions.defaults()));
    assertNotEquals(result(a).get("observations").get(0).get("uuid"),
        result(c).get("observations").get(0).get("uuid"));
  }

  @Test
  void nistIdsTakeTheCatalogsOscalForm() {
    assertEquals("ac-3", OscalAssessmentResults.oscalControlId("AC-3"));
    assertEquals("ac-6.2", OscalAssessmentResults.oscalControlId("AC-6(2)"));
    assertEquals("sc-7.5", OscalAssessmentResults.oscalControlId("SC-7(5)"));
    assertEquals("ac-6.10", OscalAssessmentResults.oscalControlId("AC-6(10)"));
  }

  /**
   * Text with Markdown in it stays text, and a report without NIST mappings still names reviewed
   * controls, as the schema requires.
   */
  @Test
  void markdownInMessagesAndValuesStaysLiteral() throws IOException {
    Control control = new Control("9.9.9", "Ensure *stars* and <tags> stay", "9.9", "Automated", 1,
        List.of("odd-rule"), null);
    Profile profile = new Profile("odd", "Odd Benchmark", "0.1", Map.of("9.9", "Odd"),
        List.of(control));
    String message = "# verbs [*] on <secrets> & &amp; `pods` _all_ C:\\dir\nsecond_line";
    Evidence evidence = new Evidence("no `*`", List.of(new Observation("rules", "verbs: [`*`]",
        "api-object", "rbac.yaml:3", null)));
    Result failing = new Result("9.9.9", control.title(), Status.FAIL, "Role/a_b", "odd-rule",
        message, evidence, "Remove the *",
        List.of(new Mapping(Mapping.SOC2, "CC6.1", null, "derived", "wildcards")));
    Report report = new Report(profile, Instant.parse("2026-01-02T03:04:05Z"), "1.0",
        new Report.ClusterInfo(null, null, null), List.of("odd.json"),
        List.of(new Report.ControlStatus("9.9.9", control.title(), "9.9", Status.FAIL, true)),
        List.of(failing));
    byte[] document = write(report, ReportOptions.defaults());
    assertEquals(Set.of(), schema().validate(JSON.readTree(document)));
    assertEquals(List.of(), constraintProblems(document, "odd"));
    Path file = tmp.resolve("odd.json");
    Files.write(file, document);
    AssessmentResults loaded = OscalBindingContext.instance().loadAssessmentResults(file);
    gov.nist.secauto.oscal.lib.model.Result result = loaded.getResults().get(0);
    String html = result.getObservations().get(0).getDescription().toHtml();
    assertTrue(html.contains("# verbs [*] on &lt;secrets&gt; &amp; &amp;amp; `pods` _all_ "
        + "C:\\dir second_line"), html);
    // Escapes only where CommonMark would read markup: snake_case stays as it is.
    assertTrue(JSON.readTree(document).toString().contains("second_line"));
    assertFalse(html.contains("<em>"), html);
    String observed = result.getObservations().get(0).getRelevantEvidence().get(0)
        .getDescription().toHtml();
    assertTrue(observed.contains("<code>verbs: [`*`]</code>"), observed);
    assertTrue(result.getFindings() == null || result.getFindings().isEmpty());
    JsonNode selection = result(JSON.readTree(document)).get("reviewed-controls")
        .get("control-selections").get(0);
    assertTrue(selection.has("include-all"), selection.toString());
  }
}
