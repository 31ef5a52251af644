package dev.kcis.report.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.kcis.engine.Framework;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * OSCAL 1.1.3 assessment results in JSON, for GRC tools: one {@code result} holding one observation
 * per result shown and one finding per NIST SP 800-53 r5 control that benchmark controls map to.
 *
 * <p>Written with Jackson in the order of the OSCAL model; NIST's liboscal-java (its bound model,
 * its JSON schema and its Metaschema constraints) is the test oracle, not a run-time dependency:
 * its binding needs some 60 jars and seconds of start-up for what is a few hundred lines here.
 *
 * <p>UUIDs are name-based (version 5) so that the same subject keeps its UUID across runs, as
 * OSCAL asks ("assigned per-subject"): the document per cluster and profile, an observation per
 * cluster, control, rule and target, a finding per cluster, profile and NIST control. Only the
 * {@code result} (one evaluation) gets a new UUID per run, derived from the report's time.
 */
public final class OscalAssessmentResults {

  /** The OSCAL version written. */
  public static final String OSCAL_VERSION = "1.1.3";
  /** The namespace of kcis's own properties. */
  public static final String NS = "https://kcis.dev/ns/oscal";

  /** Fixed: name-based UUIDs must not change between kcis versions. */
  private static final UUID UUID_NAMESPACE = UUID.fromString(
      "6f0d2c1e-8a4b-4f7e-9c35-1d2e7b5a9c40");
  private static final JsonFactory FACTORY = new JsonFactory()
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  private static final Pattern NIST_ID = Pattern.compile("([A-Z]{2})-(\\d+)(?:\\((\\d+)\\))?");
  /**
   * What would be read as CommonMark markup in plain text, escaped with a backslash: emphasis,
   * code, links, HTML and strike-through characters, an underscore not inside a word, an
   * ampersand that would start an entity, and a heading mark at the start.
   */
  private static final Pattern MARKDOWN_SPECIAL = Pattern.compile(
      "[\\\\`*\\[\\]<>~]|(?<![\\p{L}\\p{N}])_|_(?![\\p{L}\\p{N}])|&(?=#?\\w+;)|^#");
  /** OSCAL's token: a class or a name. */
  private static final Pattern TOKEN = Pattern.compile("(\\p{L}|_)(\\p{L}|\\p{N}|[.\\-_])*");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Set<Status> NOT_SATISFIED = EnumSet.of(Status.FAIL, Status.WARN,
      Status.INCONCLUSIVE, Status.MANUAL, Status.WAIVED);

  private final Report report;
  private final ReportOptions options;
  private final String subjectKey;
  private final String documentKey;
  private final String at;
  private final UUID tool;
  private final FrameworkView nist;
  private final List<Result> shown = new ArrayList<>();
  private final List<UUID> observationIds = new ArrayList<>();
  /** Observation UUIDs by control and rule, the unit a mapping belongs to. */
  private final Map<String, List<UUID>> observationsByRule = new HashMap<>();
  /** Inventory item per target of a shown result, in order of first appearance. */
  private final Map<String, UUID> targets = new LinkedHashMap<>();

  private OscalAssessmentResults(Report report, ReportOptions options) {
    this.report = report;
    this.options = options;
    // The subject: the cluster when the bundles name it, else the evidence files evaluated.
    String cluster = report.cluster() == null ? null : report.cluster().name();
    this.subjectKey = cluster != null ? "cluster:" + cluster
        : "inputs:" + String.join("\n", report.inputs());
    this.documentKey = subjectKey + "|profile:" + report.profile().id();
    this.at = report.generatedAt().toString();
    this.tool = uuid("tool:kcis:" + version());
    this.nist = FrameworkView.of(report, Framework.NIST_800_53_R5, options.provenances());
    Map<String, Integer> seen = new HashMap<>();
    for (Result r : report.results()) {
      if (!options.shows(r.status())) {
        continue;
      }
      String key = r.control() + "|" + (r.rule() == null ? "" : r.rule()) + "|" + r.target();
      int n = seen.merge(key, 1, Integer::sum);
      UUID id = uuid(documentKey + "|observation:" + key + (n > 1 ? "#" + n : ""));
      shown.add(r);
      observationIds.add(id);
      observationsByRule.computeIfAbsent(ruleKey(r.control(), r.rule()), k -> new ArrayList<>())
          .add(id);
      targets.computeIfAbsent(r.target(), t -> uuid(subjectKey + "|target:" + t));
    }
  }

  /** Writes {@code report} as OSCAL assessment results, showing what {@code options} ask for. */
  public static void write(Report report, ReportOptions options, OutputStream out)
      throws IOException {
    OscalAssessmentResults document = new OscalAssessmentResults(report, options);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.setPrettyPrinter(printer());
      document.write(g);
    }
    out.write('\n');
  }

  /**
   * The OSCAL id of a NIST SP 800-53 control as the NIST catalog spells it: {@code AC-3} is
   * {@code ac-3}, the enhancement {@code AC-6(2)} is {@code ac-6.2}.
   *
   * @throws IllegalArgumentException for an id not of that form
   */
  public static String oscalControlId(String nistId) {
    Matcher m = NIST_ID.matcher(nistId.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a NIST SP 800-53 control id: '" + nistId + "'");
    }
    String id = m.group(1).toLowerCase(Locale.ROOT) + "-" + Integer.parseInt(m.group(2));
    return m.group(3) == null ? id : id + "." + Integer.parseInt(m.group(3));
  }

  private void write(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("assessment-results");
    g.writeStringField("uuid", uuid(documentKey + "|document").toString());
    metadata(g);
    g.writeObjectFieldStart("import-ap");
    g.writeStringField("href", "#" + planResource());
    g.writeStringField("remarks", "kcis works without an OSCAL assessment plan: the plan is the "
        + "benchmark profile described by the back-matter resource this points to.");
    g.writeEndObject();
    g.writeArrayFieldStart("results");
    result(g);
    g.writeEndArray();
    backMatter(g);
    g.writeEndObject();
    g.writeEndObject();
  }

  private void metadata(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("metadata");
    g.writeStringField("title", line("kcis assessment of " + subjectTitle() + " against "
        + benchmarkTitle()));
    g.writeStringField("last-modified", at);
    g.writeStringField("version", at);
    g.writeStringField("oscal-version", OSCAL_VERSION);
    g.writeArrayFieldStart("props");
    prop(g, "tool", "kcis");
    prop(g, "tool-version", version());
    g.writeEndArray();
    g.writeEndObject();
  }

  private void result(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("uuid", uuid(documentKey + "|result:" + at).toString());
    g.writeStringField("title", line(benchmarkTitle() + " on " + subjectTitle()));
    g.writeStringField("description", resultDescription());
    g.writeStringField("start", at);
    g.writeArrayFieldStart("props");
    prop(g, "profile", report.profile().id());
    if (report.cluster() != null) {
      prop(g, "cluster", report.cluster().name());
      prop(g, "kubernetes-version", report.cluster().kubernetesVersion());
      prop(g, "platform", report.cluster().platform());
    }
    for (String input : report.inputs()) {
      prop(g, "input", input);
    }
    g.writeEndArray();
    localDefinitions(g);
    reviewedControls(g);
    if (!shown.isEmpty()) {
      g.writeArrayFieldStart("observations");
      for (int i = 0; i < shown.size(); i++) {
        observation(g, shown.get(i), observationIds.get(i));
      }
      g.writeEndArray();
    }
    List<FrameworkView.Requirement> findings = nist.requirements().stream()
        .filter(r -> options.shows(r.status())).toList();
    if (!findings.isEmpty()) {
      g.writeArrayFieldStart("findings");
      for (FrameworkView.Requirement requirement : findings) {
        finding(g, requirement);
      }
      g.writeEndArray();
    }
    StringBuilder waivers = new StringBuilder();
    if (!report.waivers().isEmpty()) {
      waivers.append(" Waivers: ").append(WaiverText.counts(report)).append('.');
      for (Report.WaiverUse use : report.waivers()) {
        if (use.state() != Report.WaiverUse.State.APPLIED) {
          waivers.append(' ').append(capitalised(WaiverText.problem(use))).append('.');
        }
      }
    }
    g.writeStringField("remarks", text("Controls: " + counts(report.summary().controls())
        + ". Results: " + counts(report.summary().results()) + "." + waivers));
    g.writeEndObject();
  }

  private String resultDescription() {
    StringBuilder d = new StringBuilder(text("kcis evaluated the " + report.controls().size()
        + " controls of " + benchmarkTitle() + " (profile " + report.profile().id()
        + ") from the evidence in " + (report.inputs().isEmpty() ? "the bundles given"
            : String.join(", ", report.inputs())) + "."));
    d.append("\n\n").append(text("Each observation is one result: one control judged for one "
        + "target, with the evidence observed. Each finding is one NIST SP 800-53 r5 control with "
        + "the benchmark controls mapped to it; it is satisfied only when every one of them "
        + "passes or cannot apply."));
    if (!options.statuses().isEmpty()) {
      d.append("\n\n").append(text("Shown: only results and findings with status "
          + options.statuses().stream().sorted().map(Status::name)
              .collect(Collectors.joining(", ")) + "."));
    }
    if (!options.provenances().isEmpty()) {
      d.append("\n\n").append(text("Findings keep only mappings of provenance "
          + String.join(", ", options.provenances()) + "."));
    }
    return d.toString();
  }

  private void localDefinitions(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("local-definitions");
    if (!targets.isEmpty()) {
      g.writeArrayFieldStart("inventory-items");
      for (Map.Entry<String, UUID> target : targets.entrySet()) {
        g.writeStartObject();
        g.writeStringField("uuid", target.getValue().toString());
        g.writeStringField("description", text("kcis target " + target.getKey()
            + (report.cluster() != null && report.cluster().name() != null
                ? " of cluster " + report.cluster().name() : "")));
        g.writeArrayFieldStart("props");
        prop(g, "target", target.getKey());
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeObjectFieldStart("assessment-assets");
    g.writeArrayFieldStart("components");
    g.writeStartObject();
    g.writeStringField("uuid", tool.toString());
    g.writeStringField("type", "software");
    g.writeStringField("title", "kcis");
    g.writeStringField("description", text("kcis " + version() + " evaluates Kubernetes "
        + "clusters against the CIS Kubernetes Benchmark from collected evidence, with rules as "
        + "data."));
    g.writeArrayFieldStart("props");
    g.writeStartObject();
    g.writeStringField("name", "version");
    g.writeStringField("value", single(version()));
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("status");
    g.writeStringField("state", "operational");
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayFieldStart("assessment-platforms");
    g.writeStartObject();
    g.writeStringField("uuid", uuid("platform:kcis:" + version()).toString());
    g.writeStringField("title", line("kcis " + version()));
    g.writeArrayFieldStart("uses-components");
    g.writeStartObject();
    g.writeStringField("component-uuid", tool.toString());
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void reviewedControls(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("reviewed-controls");
    g.writeStringField("description", text("The NIST SP 800-53 r5 controls that the benchmark's "
        + "controls map to" + (options.provenances().isEmpty() ? ""
            : " (mappings of provenance " + String.join(", ", options.provenances()) + ")")
        + "."));
    g.writeArrayFieldStart("control-selections");
    g.writeStartObject();
    if (nist.requirements().isEmpty()) {
      // OSCAL needs a selection; include-all with the reason is the honest one left.
      g.writeStringField("description", text("No NIST SP 800-53 r5 control is mapped from the "
          + "controls evaluated, so no finding names one."));
      g.writeObjectFieldStart("include-all");
      g.writeEndObject();
    } else {
      g.writeArrayFieldStart("include-controls");
      for (FrameworkView.Requirement requirement : nist.requirements()) {
        g.writeStartObject();
        g.writeStringField("control-id", oscalControlId(requirement.id()));
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private void observation(JsonGenerator g, Result r, UUID id) throws IOException {
    g.writeStartObject();
    g.writeStringField("uuid", id.toString());
    g.writeStringField("title", line(r.control() + " " + (r.title() == null ? "" : r.title())));
    StringBuilder d = new StringBuilder(r.status().name()).append(" on ")
        .append(code(r.target())).append(": ")
        .append(text(r.message() != null ? r.message() : defaultMessage(r.status())));
    if (r.evidence() != null && r.evidence().expected() != null) {
      d.append("\n\n").append("Expected: ").append(code(r.evidence().expected()));
    }
    if (r.waived() != null) {
      d.append("\n\n").append("Risk accepted by a waiver: ").append(text(WaiverText.of(
          r.waived())));
    }
    g.writeStringField("description", d.toString());
    g.writeArrayFieldStart("props");
    prop(g, "cis-control", r.control());
    prop(g, "rule", r.rule());
    prop(g, "status", r.status().name());
    if (r.waived() != null) {
      dev.kcis.engine.Waiver w = r.waived().waiver();
      prop(g, "waived-status", r.waived().status().name());
      prop(g, "waiver-owner", w.owner());
      prop(g, "waiver-reason", w.reason());
      prop(g, "waiver-expires", w.expires().toString());
      prop(g, "waiver-ticket", w.ticket());
      prop(g, "waiver-source", w.source());
    }
    g.writeEndArray();
    g.writeArrayFieldStart("methods");
    // A person examines what kcis cannot decide; everything else kcis tested from evidence.
    g.writeString(r.status() == Status.MANUAL ? "EXAMINE" : "TEST");
    g.writeEndArray();
    g.writeArrayFieldStart("types");
    g.writeString(r.status() == Status.FAIL || r.status() == Status.WARN ? "finding"
        : "control-objective");
    g.writeEndArray();
    origins(g);
    g.writeArrayFieldStart("subjects");
    g.writeStartObject();
    g.writeStringField("subject-uuid", targets.get(r.target()).toString());
    g.writeStringField("type", "inventory-item");
    g.writeStringField("title", line(r.target()));
    g.writeEndObject();
    g.writeEndArray();
    List<Observation> observed = r.evidence() == null ? List.of() : r.evidence().observed();
    if (!observed.isEmpty()) {
      g.writeArrayFieldStart("relevant-evidence");
      for (Observation o : observed) {
        evidence(g, o);
      }
      g.writeEndArray();
    }
    g.writeStringField("collected", at);
    if (r.remediation() != null && (r.status() == Status.FAIL || r.status() == Status.WARN)) {
      g.writeStringField("remarks", "Remediation: " + text(r.remediation()));
    }
    g.writeEndObject();
  }

  private static void evidence(JsonGenerator g, Observation o) throws IOException {
    g.writeStartObject();
    StringBuilder d = new StringBuilder(code(o.item())).append(" is ")
        .append(o.value() == null ? "unset" : code(o.value()))
        .append(" (").append(text(o.source()));
    if (o.location() != null) {
      d.append(", at ").append(code(o.location()));
    }
    if (o.path() != null) {
      d.append(", ").append(code(o.path()));
    }
    g.writeStringField("description", d.append(')').toString());
    g.writeArrayFieldStart("props");
    prop(g, "item", o.item());
    prop(g, "source", o.source());
    prop(g, "location", o.location());
    prop(g, "path", o.path());
    g.writeEndArray();
    g.writeEndObject();
  }

  private void finding(JsonGenerator g, FrameworkView.Requirement requirement) throws IOException {
    g.writeStartObject();
    g.writeStringField("uuid", uuid(documentKey + "|finding:" + requirement.id()).toString());
    String title = requirement.id() + (requirement.title() == null ? ""
        : " " + requirement.title());
    g.writeStringField("title", line(title));
    g.writeStringField("description", findingDescription(requirement));
    g.writeArrayFieldStart("props");
    prop(g, "status", requirement.status().name());
    for (FrameworkView.MappedControl c : requirement.controls()) {
      // One property per mapped control and rule: the CIS id, classed by the mapping's
      // provenance, with the rule and the mapping's basis as its remarks.
      g.writeStartObject();
      g.writeStringField("name", "cis-control");
      g.writeStringField("ns", NS);
      g.writeStringField("value", single(c.control()));
      if (TOKEN.matcher(c.provenance()).matches()) {
        g.writeStringField("class", c.provenance());
      }
      g.writeStringField("remarks", "Rule " + code(c.rule()) + ": "
          + (c.basis() == null ? "no basis recorded" : text(c.basis())));
      g.writeEndObject();
    }
    g.writeEndArray();
    origins(g);
    g.writeObjectFieldStart("target");
    g.writeStringField("type", "objective-id");
    g.writeStringField("target-id", oscalControlId(requirement.id()));
    g.writeStringField("title", line(title));
    g.writeObjectFieldStart("status");
    Status status = requirement.status();
    g.writeStringField("state", NOT_SATISFIED.contains(status) ? "not-satisfied" : "satisfied");
    g.writeStringField("reason", switch (status) {
      case PASS -> "pass";
      case FAIL, WARN -> "fail";
      default -> "other";
    });
    String why = switch (status) {
      case INCONCLUSIVE -> "The evidence does not decide at least one mapped control (missing, "
          + "unreadable or not collected); that is never counted as satisfied.";
      case MANUAL -> "At least one mapped control needs a person's review.";
      case WAIVED -> "At least one mapped control fails and the failure is accepted by a waiver.";
      case NOT_APPLICABLE -> "No mapped control can apply to the targets evaluated.";
      case WARN -> "At least one mapped control shows a likely weakness that needs a person's "
          + "judgement.";
      default -> null;
    };
    if (why != null) {
      g.writeStringField("remarks", text(why));
    }
    g.writeEndObject();
    g.writeEndObject();
    List<UUID> related = new ArrayList<>();
    for (FrameworkView.MappedControl c : requirement.controls()) {
      related.addAll(observationsByRule.getOrDefault(ruleKey(c.control(), c.rule()), List.of()));
    }
    if (!related.isEmpty()) {
      g.writeArrayFieldStart("related-observations");
      for (UUID id : related) {
        g.writeStartObject();
        g.writeStringField("observation-uuid", id.toString());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /**
   * What decides the finding: how many benchmark controls map here, and those that do not pass
   * by status; the full list with provenance is in the props.
   */
  private static String findingDescription(FrameworkView.Requirement requirement) {
    Map<String, Status> controls = new LinkedHashMap<>();
    requirement.controls().forEach(c -> controls.putIfAbsent(c.control(), c.status()));
    StringBuilder d = new StringBuilder(text(requirement.id() + " is "
        + (NOT_SATISFIED.contains(requirement.status()) ? "not satisfied" : "satisfied")
        + " (" + requirement.status().name() + ") from " + controls.size() + " benchmark "
        + (controls.size() == 1 ? "control" : "controls") + " mapped to it."));
    Map<Status, List<String>> byStatus = new TreeMap<>();
    controls.forEach((id, status) -> byStatus.computeIfAbsent(status, s -> new ArrayList<>())
        .add(id));
    for (Map.Entry<Status, List<String>> e : byStatus.entrySet()) {
      if (e.getKey() == Status.PASS || e.getKey() == Status.NOT_APPLICABLE) {
        d.append(' ').append(text(e.getKey().name() + ": " + e.getValue().size() + "."));
      } else {
        d.append(' ').append(text(e.getKey().name() + ": " + String.join(", ", e.getValue())
            + "."));
      }
    }
    return d.toString();
  }

  private void origins(JsonGenerator g) throws IOException {
    g.writeArrayFieldStart("origins");
    g.writeStartObject();
    g.writeArrayFieldStart("actors");
    g.writeStartObject();
    g.writeStringField("type", "tool");
    g.writeStringField("actor-uuid", tool.toString());
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
  }

  private void backMatter(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("back-matter");
    g.writeArrayFieldStart("resources");
    g.writeStartObject();
    g.writeStringField("uuid", planResource().toString());
    g.writeStringField("title", line(benchmarkTitle() + " (kcis profile "
        + report.profile().id() + ")"));
    g.writeStringField("description", text("The benchmark profile kcis evaluated, standing in for "
        + "an assessment plan: its controls, each judged by kcis rules from collected evidence "
        + "or left to a person's review."));
    g.writeArrayFieldStart("props");
    prop(g, "profile", report.profile().id());
    prop(g, "benchmark", report.profile().name());
    prop(g, "benchmark-version", report.profile().version());
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private UUID planResource() {
    return uuid("profile:" + report.profile().id() + ":" + report.profile().version());
  }

  private String benchmarkTitle() {
    return report.profile().name() + " " + report.profile().version();
  }

  private String subjectTitle() {
    String cluster = report.cluster() == null ? null : report.cluster().name();
    return cluster != null ? "cluster " + cluster
        : report.inputs().isEmpty() ? "the evidence given" : String.join(", ", report.inputs());
  }

  private String version() {
    return report.kcisVersion() == null || report.kcisVersion().isBlank() ? "unknown"
        : report.kcisVersion();
  }

  private static String ruleKey(String control, String rule) {
    return control + "|" + (rule == null ? "" : rule);
  }

  private static String defaultMessage(Status status) {
    return switch (status) {
      case PASS -> "the evidence shows compliance";
      case NOT_APPLICABLE -> "the control cannot apply to this target";
      case WAIVED -> "a failure accepted by a waiver";
      case MANUAL -> "a person reviews this control";
      default -> "no statement";
    };
  }

  private static String counts(Map<Status, Integer> counts) {
    return counts.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey().name()).collect(Collectors.joining(", "));
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** A kcis property; left out when there is no value (OSCAL values are never empty). */
  private static void prop(JsonGenerator g, String name, String value) throws IOException {
    if (value == null || value.isBlank()) {
      return;
    }
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ns", NS);
    g.writeStringField("value", single(value));
    g.writeEndObject();
  }

  /** One line without leading or trailing space, as OSCAL strings and markup lines must be. */
  private static String single(String s) {
    return WHITESPACE.matcher(s).replaceAll(" ").strip();
  }

  /** Plain text as a CommonMark paragraph: on one line, special characters escaped. */
  static String text(String s) {
    return MARKDOWN_SPECIAL.matcher(single(s)).replaceAll(
        m -> Matcher.quoteReplacement("\\" + m.group()));
  }

  /** Plain text as a markup line. */
  private static String line(String s) {
    String text = text(s);
    return text.isEmpty() ? "untitled" : text;
  }

  /** A value shown literally: a CommonMark code span, fenced by more backticks than it holds. */
  static String code(String s) {
    String value = single(s);
    if (value.isEmpty()) {
      return "(empty)";
    }
    int longest = 0;
    Matcher m = Pattern.compile("`+").matcher(value);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    String fence = "`".repeat(longest + 1);
    String pad = value.startsWith("`") || value.endsWith("`") ? " " : "";
    return fence + pad + value + pad + fence;
  }

  /** A name-based (version 5, SHA-1) UUID in kcis's namespace, as RFC 9562 defines it. */
  static UUID uuid(String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      ByteBuffer ns = ByteBuffer.allocate(16);
      ns.putLong(UUID_NAMESPACE.getMostSignificantBits());
      ns.putLong(UUID_NAMESPACE.getLeastSignificantBits());
      sha1.update(ns.array());
      byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(bits.getLong(), bits.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }

  /** Objects and arrays indented by two spaces, one member per line, as OSCAL examples are. */
  private static DefaultPrettyPrinter printer() {
    DefaultIndenter indenter = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    printer.indentArraysWith(indenter);
    printer.indentObjectsWith(indenter);
    return printer;
  }
}
