package dev.kcis.report.internal;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.LogicalLocation;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.OriginalUriBaseIds;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Suppression;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.StdDateFormat;
import dev.kcis.engine.Control;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.engine.Waiver;
import dev.kcis.facts.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one {@code reportingDescriptor}
 * per rule that has a result, one result per FAIL ({@code error}), WARN ({@code warning}) and, when
 * the options ask for it, INCONCLUSIVE ({@code note}) result. A WAIVED result is reported at the
 * level of what its evidence gave, with an {@code external} suppression whose justification says
 * who accepted it, why and until when (GitHub code scanning shows it as dismissed). Passes, manual
 * reviews and controls that do not apply are not findings and are left out.
 *
 * <p>Every result has a physical location, which GitHub requires: the file its evidence was read
 * from (relative to {@value #NODE_ROOT} for a node's file, to {@value #SOURCE_ROOT} for a manifest
 * file, with the line when the bundle kept it), else its target under {@value #TARGET_ROOT}. Its
 * logical location is always the target. A partial fingerprint over rule, target and file (never
 * the line) lets code scanning follow a finding from run to run.
 */
public final class SarifWriter {

  /** The base of a node's files: its root directory. */
  static final String NODE_ROOT = "NODEROOT";
  /** The base of manifest files: the directory {@code kcis collect manifests} ran in. */
  static final String SOURCE_ROOT = "%SRCROOT%";
  /** The base of results that name no file: what kcis judged. */
  static final String TARGET_ROOT = "TARGET";
  /** The partial fingerprint's name, versioned so that a change of its recipe is visible. */
  static final String FINGERPRINT = "kcisFinding/v1";
  /** Where the benchmark each rule implements is published. */
  static final URI CIS_BENCHMARK = URI.create("https://www.cisecurity.org/benchmark/kubernetes");

  private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  private static final int MAX_OBSERVATIONS_IN_MESSAGE = 5;
  private static final ObjectMapper JSON = new ObjectMapper()
      // java-sarif leaves out values equal to its defaults; a result's level must stay even
      // when it is "warning", or it would take its rule's default level instead.
      .addMixIn(com.contrastsecurity.sarif.Result.class, NonNullValues.class)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .setDateFormat(new StdDateFormat().withTimeZone(TimeZone.getTimeZone("UTC"))
          .withColonInTimeZone(true));

  private SarifWriter() {}

  /** Writes every value that is set, defaults included. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private abstract static class NonNullValues {}

  /** Writes {@code report} as one SARIF run. */
  public static void write(Report report, ReportOptions options, OutputStream out)
      throws IOException {
    JSON.writeValue(out, log(report, options));
  }

  /** The SARIF log of {@code report}. */
  static SarifSchema210 log(Report report, ReportOptions options) {
    List<Result> findings = report.results().stream().filter(r -> isFinding(r, options)).toList();
    Map<String, List<Result>> byRule = new LinkedHashMap<>();
    findings.forEach(r -> byRule.computeIfAbsent(ruleId(r), k -> new ArrayList<>()).add(r));
    List<String> ruleIds = new ArrayList<>(byRule.keySet());
    Set<ReportingDescriptor> rules = new LinkedHashSet<>();
    byRule.forEach((id, results) -> rules.add(rule(report, id, results)));

    Set<String> bases = new LinkedHashSet<>();
    List<com.contrastsecurity.sarif.Result> results = new ArrayList<>();
    for (Result r : findings) {
      results.add(result(r, ruleIds.indexOf(ruleId(r)), bases));
    }

    ToolComponent driver = new ToolComponent()
        .withName("kcis")
        .withFullName("kcis " + report.kcisVersion() + ", " + report.profile().name() + " "
            + report.profile().version())
        .withVersion(report.kcisVersion())
        .withSemanticVersion(report.kcisVersion())
        .withRules(rules);
    PropertyBag runProperties = new PropertyBag()
        .withAdditionalProperty("benchmark", report.profile().id())
        .withAdditionalProperty("inputs", report.inputs());
    if (report.cluster() != null && report.cluster().name() != null) {
      runProperties.setAdditionalProperty("cluster", report.cluster().name());
    }
    if (!report.waivers().isEmpty()) {
      List<Map<String, Object>> waivers = new ArrayList<>();
      for (Report.WaiverUse use : report.waivers()) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("state", use.state().id());
        w.put("waives", use.waiver().describe());
        w.put("owner", use.waiver().owner());
        w.put("expires", use.waiver().expires().toString());
        w.put("results", use.results());
        w.put("source", use.waiver().source());
        w.put("summary", WaiverText.problem(use));
        waivers.add(w);
      }
      runProperties.setAdditionalProperty("waivers", waivers);
    }
    Run run = new Run()
        .withTool(new Tool().withDriver(driver))
        .withInvocations(List.of(new Invocation().withExecutionSuccessful(true)
            .withEndTimeUtc(report.generatedAt() == null ? null
                : Date.from(report.generatedAt()))))
        .withColumnKind(Run.ColumnKind.UNICODE_CODE_POINTS)
        .withResults(results)
        .withProperties(runProperties);
    if (!bases.isEmpty()) {
      run.setOriginalUriBaseIds(baseIds(bases));
    }
    return new SarifSchema210()
        .with$schema(URI.create(SCHEMA))
        .withVersion(SarifSchema210.Version._2_1_0)
        .withRuns(List.of(run));
  }

  /** FAIL, WARN and (unless switched off) INCONCLUSIVE results that the options show. */
  static boolean isFinding(Result r, ReportOptions options) {
    Status found = found(r);
    boolean finding = found == Status.FAIL || found == Status.WARN
        || (found == Status.INCONCLUSIVE && options.inconclusiveAsNotes());
    return finding && options.shows(r.status());
  }

  /** What the evidence gave: a waived result is reported at its own level, suppressed. */
  private static Status found(Result r) {
    return r.waived() != null ? r.waived().status() : r.status();
  }

  /** The rule id; a control no rule implements is named after the control. */
  static String ruleId(Result r) {
    return r.rule() != null ? r.rule() : "cis-" + r.control();
  }

  private static com.contrastsecurity.sarif.Result.Level level(Status status) {
    return switch (status) {
      case FAIL -> com.contrastsecurity.sarif.Result.Level.ERROR;
      case WARN -> com.contrastsecurity.sarif.Result.Level.WARNING;
      default -> com.contrastsecurity.sarif.Result.Level.NOTE;
    };
  }

  // ---- rules ------------------------------------------------------------------------------

  private static ReportingDescriptor rule(Report report, String id, List<Result> results) {
    Map<String, Result> controls = new LinkedHashMap<>();
    results.forEach(r -> controls.putIfAbsent(r.control(), r));
    Result first = results.get(0);
    String weakness = results.stream()
        .filter(r -> r.status() == Status.FAIL || r.status() == Status.WARN)
        .map(Result::message).filter(m -> m != null && !m.isBlank()).findFirst().orElse(null);

    List<String> cisLines = new ArrayList<>();
    String section = null;
    int level = 0;
    for (Result r : controls.values()) {
      Optional<Control> control = report.profile().control(r.control());
      String assessment = control.map(Control::assessment).orElse(null);
      int controlLevel = control.map(Control::level).orElse(0);
      if (section == null) {
        section = control.map(Control::section).orElse(null);
        level = controlLevel;
      }
      String sectionTitle = control.map(c -> report.profile().sections().get(c.section()))
          .orElse(null);
      StringBuilder line = new StringBuilder(r.control()).append(": ").append(r.title());
      List<String> facts = new ArrayList<>();
      if (controlLevel > 0) {
        facts.add("Level " + controlLevel);
      }
      if (assessment != null) {
        facts.add(assessment);
      }
      if (sectionTitle != null) {
        facts.add("section " + control.get().section() + " " + sectionTitle);
      }
      if (!facts.isEmpty()) {
        line.append(" (").append(String.join(", ", facts)).append(')');
      }
      cisLines.add(line.toString());
    }
    String shortText = "CIS " + String.join(", ", controls.keySet()) + ": "
        + String.join("; ", controls.values().stream().map(Result::title).distinct().toList());

    String benchmark = report.profile().name() + " " + report.profile().version();
    StringBuilder full = new StringBuilder();
    if (weakness != null) {
      full.append(sentence(capitalise(weakness))).append(' ');
    }
    String recommendations = benchmark + (cisLines.size() == 1 ? " recommendation "
        : " recommendations ") + String.join("; ", cisLines);
    full.append("Rule ").append(id).append(" judges ").append(recommendations).append('.');

    String remediation = first.remediation();
    StringBuilder helpText = new StringBuilder();
    StringBuilder helpMarkdown = new StringBuilder();
    if (remediation != null && !remediation.isBlank()) {
      helpText.append("Remediation: ").append(remediation.strip()).append("\n\n");
      helpMarkdown.append("**Remediation:** ").append(markdown(remediation.strip()))
          .append("\n\n");
    }
    helpText.append(recommendations).append('.');
    helpMarkdown.append(markdown(benchmark)).append(cisLines.size() == 1 ? " recommendation"
        : " recommendations").append(":\n\n");
    cisLines.forEach(l -> helpMarkdown.append("- ").append(markdown(l)).append('\n'));
    List<Mapping> mappings = first.mappings();
    if (!mappings.isEmpty()) {
      helpText.append("\n\nMappings:");
      helpMarkdown.append("\n| Framework | Id | Title | Provenance |\n|---|---|---|---|\n");
      for (Mapping m : mappings) {
        helpText.append("\n- ").append(m.framework()).append(' ').append(m.id())
            .append(m.title() == null ? "" : " " + m.title())
            .append(" (").append(m.provenance()).append(')');
        helpMarkdown.append("| ").append(cell(m.framework())).append(" | ").append(cell(m.id()))
            .append(" | ").append(cell(m.title() == null ? "" : m.title())).append(" | ")
            .append(cell(m.provenance())).append(" |\n");
      }
    }

    Set<String> tags = new LinkedHashSet<>();
    tags.add("security");
    controls.keySet().forEach(c -> tags.add("CIS-" + c));
    for (Mapping m : mappings) {
      switch (m.framework()) {
        case Mapping.NIST -> tags.add("NIST-" + m.id());
        case Mapping.SOC2 -> tags.add("SOC2-" + m.id());
        case Mapping.PCI_DSS -> tags.add("PCI-DSS-" + m.id());
        default -> { }
      }
    }
    Status worst = results.stream().map(SarifWriter::found).reduce(Status.NOT_APPLICABLE,
        Status::worst);
    return new ReportingDescriptor()
        .withId(id)
        .withName(pascalCase(id))
        .withShortDescription(new MultiformatMessageString().withText(shortText))
        .withFullDescription(new MultiformatMessageString().withText(full.toString()))
        .withHelp(new MultiformatMessageString().withText(helpText.toString())
            .withMarkdown(helpMarkdown.toString()))
        .withHelpUri(CIS_BENCHMARK)
        .withDefaultConfiguration(new ReportingConfiguration()
            .withLevel(ReportingConfiguration.Level.fromValue(level(worst).value())))
        .withProperties(new PropertyBag().withTags(tags)
            .withAdditionalProperty("security-severity", SecuritySeverity.of(
                first.rule(), section, level))
            .withAdditionalProperty("precision", "very-high"));
  }

  // ---- results ----------------------------------------------------------------------------

  private static com.contrastsecurity.sarif.Result result(Result r, int ruleIndex,
      Set<String> bases) {
    Optional<EvidenceFile> file = EvidenceFile.of(r);
    ArtifactLocation artifact;
    Region region = null;
    if (file.isPresent()) {
      artifact = artifact(file.get());
      if (file.get().line() != null) {
        region = new Region().withStartLine(file.get().line());
      }
    } else {
      artifact = new ArtifactLocation().withUri(uriPath(r.target())).withUriBaseId(TARGET_ROOT);
    }
    if (artifact.getUriBaseId() != null) {
      bases.add(artifact.getUriBaseId());
    }
    PhysicalLocation physical = new PhysicalLocation().withArtifactLocation(artifact)
        .withRegion(region);
    Set<LogicalLocation> logical = new LinkedHashSet<>();
    logical.add(new LogicalLocation().withFullyQualifiedName(r.target())
        .withName(r.target().substring(r.target().lastIndexOf('/') + 1)).withKind("resource"));
    Location location = new Location().withPhysicalLocation(physical)
        .withLogicalLocations(logical);
    Set<Suppression> suppressions = null;
    if (r.waived() != null) {
      // An accepted risk: GitHub code scanning shows a suppressed alert as dismissed.
      Waiver w = r.waived().waiver();
      PropertyBag waiver = new PropertyBag()
          .withAdditionalProperty("owner", w.owner())
          .withAdditionalProperty("expires", w.expires().toString())
          .withAdditionalProperty("source", w.source());
      if (w.ticket() != null) {
        waiver.setAdditionalProperty("ticket", w.ticket());
      }
      suppressions = new LinkedHashSet<>(List.of(new Suppression()
          .withKind(Suppression.Kind.EXTERNAL)
          .withStatus(Suppression.Status.ACCEPTED)
          .withJustification(WaiverText.accepted(w))
          .withProperties(waiver)));
    }
    com.contrastsecurity.sarif.Result sarif = new com.contrastsecurity.sarif.Result()
        .withRuleId(ruleId(r))
        .withRuleIndex(ruleIndex)
        .withLevel(level(found(r)))
        .withSuppressions(suppressions)
        .withRank(null)
        .withMessage(new Message().withText(message(r, file.orElse(null))))
        .withLocations(List.of(location))
        .withPartialFingerprints(new PartialFingerprints().withAdditionalProperty(FINGERPRINT,
            fingerprint(ruleId(r), r.target(), artifact)))
        .withProperties(new PropertyBag()
            .withAdditionalProperty("control", r.control())
            .withAdditionalProperty("status", r.status().name())
            .withAdditionalProperty("target", r.target()));
    if (r.fix() != null && !r.fix().replacements().isEmpty() && r.fix().file() != null) {
      sarif.setFixes(Set.of(fix(r, bases)));
    }
    return sarif;
  }

  /** The result's edit (docs/fix.md) as a SARIF fix that code-scanning tools can offer. */
  private static com.contrastsecurity.sarif.Fix fix(Result r, Set<String> bases) {
    dev.kcis.engine.Fix fix = r.fix();
    String path = fix.file().replace('\\', '/');
    ArtifactLocation artifact = r.target().startsWith("node/")
        ? new ArtifactLocation().withUri(uriPath(path.replaceFirst("^/+", "")))
            .withUriBaseId(NODE_ROOT)
        : path.startsWith("/") ? new ArtifactLocation().withUri("file://" + uriPath(path))
        : new ArtifactLocation().withUri(uriPath(path.replaceFirst("^(\\./)+", "")))
            .withUriBaseId(SOURCE_ROOT);
    if (artifact.getUriBaseId() != null) {
      bases.add(artifact.getUriBaseId());
    }
    List<com.contrastsecurity.sarif.Replacement> replacements = new java.util.ArrayList<>();
    for (dev.kcis.engine.Fix.Replacement x : fix.replacements()) {
      replacements.add(new com.contrastsecurity.sarif.Replacement()
          .withDeletedRegion(new Region().withStartLine(x.startLine())
              .withStartColumn(x.startColumn()).withEndLine(x.endLine())
              .withEndColumn(x.endColumn()))
          .withInsertedContent(new com.contrastsecurity.sarif.ArtifactContent()
              .withText(x.insertedText())));
    }
    return new com.contrastsecurity.sarif.Fix()
        .withDescription(new Message().withText(fix.description()))
        .withArtifactChanges(Set.of(new com.contrastsecurity.sarif.ArtifactChange()
            .withArtifactLocation(artifact).withReplacements(replacements)));
  }

  /** What was found, what was expected, and where: one paragraph ending with a period. */
  static String message(Result r, EvidenceFile file) {
    StringBuilder m = new StringBuilder();
    String statement = r.message() != null && !r.message().isBlank() ? r.message()
        : r.title();
    m.append(capitalise(statement.strip()));
    m.append(" (CIS ").append(r.control()).append(", ").append(r.status().name()
        .toLowerCase(Locale.ROOT)).append(") on ").append(r.target()).append('.');
    if (r.evidence() != null) {
      List<Observation> observed = r.evidence().observed();
      if (!observed.isEmpty()) {
        m.append(" Found ");
        int shown = Math.min(observed.size(), MAX_OBSERVATIONS_IN_MESSAGE);
        for (int i = 0; i < shown; i++) {
          Observation o = observed.get(i);
          m.append(i == 0 ? "" : "; ").append(o.item()).append(" = ")
              .append(o.value() == null ? "(not set)" : o.value())
              .append(" (").append(o.source());
          if (o.location() != null && !o.location().isBlank()) {
            m.append(", ").append(o.location());
          }
          if (o.path() != null && !o.path().isBlank()) {
            m.append(' ').append(o.path());
          }
          m.append(')');
        }
        if (observed.size() > shown) {
          m.append("; and ").append(observed.size() - shown).append(" more");
        }
        m.append('.');
      }
      if (r.evidence().expected() != null && !r.evidence().expected().isBlank()) {
        m.append(" Expected ").append(sentence(r.evidence().expected().strip()));
      }
    }
    if (file != null && file.onNode()) {
      m.append(" File ").append(file.display()).append(" on node ").append(file.node())
          .append('.');
    }
    return m.toString();
  }

  private static ArtifactLocation artifact(EvidenceFile file) {
    String path = file.path().replace('\\', '/');
    if (file.onNode()) {
      return new ArtifactLocation().withUri(uriPath(path.replaceFirst("^/+", "")))
          .withUriBaseId(NODE_ROOT);
    }
    if (path.startsWith("/")) {
      return new ArtifactLocation().withUri("file://" + uriPath(path));
    }
    return new ArtifactLocation().withUri(uriPath(path.replaceFirst("^(\\./)+", "")))
        .withUriBaseId(SOURCE_ROOT);
  }

  private static OriginalUriBaseIds baseIds(Set<String> used) {
    OriginalUriBaseIds ids = new OriginalUriBaseIds();
    if (used.contains(NODE_ROOT)) {
      ids.setAdditionalProperty(NODE_ROOT, new ArtifactLocation().withUri("file:///")
          .withDescription(new Message().withText("The root directory of the node that the "
              + "result's logical location names (node/NAME/...).")));
    }
    if (used.contains(SOURCE_ROOT)) {
      ids.setAdditionalProperty(SOURCE_ROOT, new ArtifactLocation()
          .withDescription(new Message().withText("The directory kcis collect manifests ran "
              + "in: manifest paths are relative to it, as they were given.")));
    }
    if (used.contains(TARGET_ROOT)) {
      ids.setAdditionalProperty(TARGET_ROOT, new ArtifactLocation()
          .withDescription(new Message().withText("What kcis judged when the evidence names "
              + "no file: a component, a node, an API object or the cluster.")));
    }
    return ids;
  }

  /**
   * A stable identity of a finding: its rule, its target and the file it points at, never the
   * line, so that editing another part of the file keeps the alert.
   */
  static String fingerprint(String rule, String target, ArtifactLocation artifact) {
    String key = rule + '\n' + target + '\n'
        + (artifact.getUriBaseId() == null ? "" : artifact.getUriBaseId()) + '\n'
        + artifact.getUri();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** A path as a URI reference: every byte outside the unreserved set and '/' percent-encoded. */
  static String uriPath(String path) {
    StringBuilder s = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        s.append(c);
      } else {
        s.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return s.toString();
  }

  /** {@code apiserver-anonymous-auth} as {@code ApiserverAnonymousAuth}. */
  static String pascalCase(String id) {
    StringBuilder s = new StringBuilder();
    for (String part : id.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return s.toString();
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String sentence(String s) {
    return s.endsWith(".") ? s : s + ".";
  }

  private static String markdown(String s) {
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
        .replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cell(String s) {
    return markdown(s).replace("|", "\\|").replace("\n", " ");
  }
}
