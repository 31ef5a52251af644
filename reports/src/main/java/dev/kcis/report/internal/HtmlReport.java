package dev.kcis.report.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.kcis.engine.Control;
import dev.kcis.engine.Framework;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Score;
import dev.kcis.engine.Scores;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The HTML report: one self-contained page that works offline and from a file. The summary (score,
 * counts, charts as inline SVG) is written as HTML; every control, its results and the framework
 * views are rendered in the browser from the report's data, embedded as JSON, so a report of tens
 * of thousands of results stays quick: controls start collapsed and their results are drawn a page
 * at a time when opened.
 *
 * <p>Evidence is attacker-controllable (object names, values, messages). Every text is escaped
 * here; the embedded JSON escapes {@code <}, {@code >}, {@code &} and every non-ASCII character,
 * so no text can close its script element; the page's script inserts data with {@code
 * textContent} only. A Content-Security-Policy lets nothing but this page's own script and style
 * run (by their hashes), loads nothing, and requires Trusted Types, so an HTML sink fed a string
 * throws instead of parsing it.
 */
public final class HtmlReport {

  private static final String SCRIPT = resource("html-report.js");
  private static final String STYLE = resource("html-report.css");
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src '"
      + sha256(SCRIPT) + "'; style-src '" + sha256(STYLE) + "'; base-uri 'none'; "
      + "form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

  /** Width of a chart bar in its SVG's user units; bars scale to the page. */
  private static final int BAR_WIDTH = 1000;

  private static final JsonFactory JSON = new JsonFactoryBuilder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .characterEscapes(new ScriptSafeEscapes())
      .build()
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private HtmlReport() {}

  public static void write(Report report, ReportOptions options, OutputStream out)
      throws IOException {
    write(report, options, null, out);
  }

  /**
   * The report with a section after the summary: {@code section} is HTML that kcis wrote (the
   * history trend), trusted as it is, drawn without script or inline style.
   */
  public static void write(Report report, ReportOptions options, String section,
      OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    Scores scores = report.scores();
    String benchmark = report.profile().name() + " " + report.profile().version();
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    w.write("<meta http-equiv=\"Content-Security-Policy\" content=\""
        + CONTENT_SECURITY_POLICY + "\">\n");
    w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w.write("<meta name=\"generator\" content=\"kcis " + esc(report.kcisVersion()) + "\">\n");
    w.write("<title>kcis report: " + esc(or(report.cluster().name(), "cluster")) + " - "
        + esc(benchmark) + "</title>\n");
    w.write("<style>" + STYLE + "</style>\n</head>\n<body>\n");
    w.write("<a class=\"skip\" href=\"#tabs\">Skip to the controls</a>\n");
    header(w, report, options, benchmark);
    w.write("<main>\n");
    summary(w, report, scores);
    if (section != null) {
      w.write(section);
    }
    w.write("<div id=\"app\">\n<noscript><p class=\"note\">The controls, their evidence and the "
        + "framework views need JavaScript; the summary above is complete without it.</p>"
        + "</noscript>\n</div>\n</main>\n");
    w.write("<footer><p>Written by kcis " + esc(report.kcisVersion()) + ". This file is "
        + "self-contained: it loads nothing from the network.</p></footer>\n");
    w.write("<script type=\"application/json\" id=\"kcis-data\">");
    w.flush();
    try (JsonGenerator json = JSON.createGenerator(w)) {
      data(report, options, json);
    }
    w.write("</script>\n<script>" + SCRIPT + "</script>\n</body>\n</html>\n");
    w.flush();
  }

  private static void header(Writer w, Report report, ReportOptions options, String benchmark)
      throws IOException {
    Report.ClusterInfo cluster = report.cluster();
    w.write("<header>\n<h1>" + esc(benchmark) + " <span class=\"profile-id\">("
        + esc(report.profile().id()) + ")</span></h1>\n<dl class=\"facts\">\n");
    fact(w, "Cluster", or(cluster.name(), "-"));
    fact(w, "Kubernetes", or(cluster.kubernetesVersion(), "-"));
    fact(w, "Platform", or(cluster.platform(), "-"));
    fact(w, "Evaluated", report.generatedAt().toString());
    fact(w, "kcis", report.kcisVersion());
    fact(w, "Semantics", TableWriter.semantics(report));
    fact(w, "Inputs", report.inputs().isEmpty() ? "-" : String.join(", ", report.inputs()));
    w.write("</dl>\n");
    if (!options.statuses().isEmpty()) {
      w.write("<p class=\"note\" id=\"status-view\">This report lists only "
          + esc(options.statuses().stream().sorted().map(Status::name)
              .collect(Collectors.joining(", ")))
          + " results; the summary counts every result.</p>\n");
    }
    w.write("</header>\n");
  }

  private static void fact(Writer w, String name, String value) throws IOException {
    w.write("<div><dt>" + esc(name) + "</dt><dd>" + esc(value) + "</dd></div>\n");
  }

  private static void summary(Writer w, Report report, Scores scores) throws IOException {
    Report.Summary summary = report.summary();
    Score overall = scores.overall();
    w.write("<section id=\"summary\" aria-labelledby=\"summary-heading\">\n"
        + "<h2 id=\"summary-heading\">Summary</h2>\n<div class=\"cards\">\n");
    w.write("<div class=\"card score-card\">\n<h3>Compliance score</h3>\n");
    ring(w, overall);
    w.write("<p>" + scoreText(overall, "controls") + "</p>\n");
    w.write("<p class=\"fine\">Score = passed / (passed + failed + inconclusive). Missing evidence "
        + "counts against it; manual, waived and not-applicable controls are left out.</p>\n");
    w.write("</div>\n<div class=\"card\">\n<h3>Statuses</h3>\n");
    w.write("<table class=\"status-counts\" id=\"status-counts\">\n<thead><tr>"
        + "<th scope=\"col\">Status</th><th scope=\"col\">Controls</th>"
        + "<th scope=\"col\">Results</th></tr></thead>\n<tbody>\n");
    for (Status s : Status.values()) {
      w.write("<tr data-status=\"" + s.name() + "\"><th scope=\"row\"><span class=\"badge s-"
          + s.name() + "\">" + s.name() + "</span></th><td>" + summary.controls().get(s)
          + "</td><td>" + summary.results().get(s) + "</td></tr>\n");
    }
    w.write("<tr class=\"total\"><th scope=\"row\">total</th><td>" + report.controls().size()
        + "</td><td>" + report.results().size() + "</td></tr>\n");
    w.write("</tbody>\n</table>\n</div>\n</div>\n");

    w.write("<figure class=\"chart\" id=\"chart-sections\">\n<figcaption><h3>Controls by status "
        + "per section</h3></figcaption>\n");
    for (Report.SectionSummary s : summary.sections()) {
      if (!s.id().contains(".")) {
        chartRow(w, s.id() + " " + or(s.title(), ""), s.controls(), scores.sections().get(s.id()));
      }
    }
    w.write("</figure>\n");

    w.write("<figure class=\"chart\" id=\"chart-frameworks\">\n<figcaption><h3>Requirements by "
        + "status per framework</h3><p class=\"fine\">A requirement takes the most urgent status "
        + "of the controls mapped to it (every mapping provenance).</p></figcaption>\n");
    for (Framework f : Framework.values()) {
      FrameworkView view = FrameworkView.of(report, f, java.util.Set.of());
      if (view.requirements().isEmpty()) {
        continue;
      }
      Map<Status, Integer> counts = new EnumMap<>(Status.class);
      view.requirements().forEach(r -> counts.merge(r.status(), 1, Integer::sum));
      chartRow(w, f.displayName(), counts, scores.frameworks().get(f));
    }
    w.write("</figure>\n");
    legend(w);

    w.write("<details class=\"section-table\">\n<summary>Counts and scores per section and "
        + "subsection</summary>\n<div class=\"scroll\"><table>\n<thead><tr>"
        + "<th scope=\"col\">Section</th>");
    for (Status s : Status.values()) {
      w.write("<th scope=\"col\">" + s.name() + "</th>");
    }
    w.write("<th scope=\"col\">Score</th></tr></thead>\n<tbody>\n");
    for (Report.SectionSummary s : summary.sections()) {
      boolean sub = s.id().contains(".");
      w.write("<tr" + (sub ? " class=\"sub\"" : "") + "><th scope=\"row\">" + esc(s.id()) + " "
          + esc(or(s.title(), "")) + "</th>");
      for (Status status : Status.values()) {
        w.write("<td>" + s.controls().getOrDefault(status, 0) + "</td>");
      }
      Score score = scores.sections().get(s.id());
      w.write("<td>" + (score == null ? "" : score.formatted()) + "</td></tr>\n");
    }
    w.write("</tbody>\n</table></div>\n</details>\n");
    waivers(w, report);
    w.write("</section>\n");
  }

  /** Every waiver given: who accepted what, why, until when, and what became of it. */
  private static void waivers(Writer w, Report report) throws IOException {
    if (report.waivers().isEmpty()) {
      return;
    }
    w.write("<div class=\"card waivers\" id=\"waivers\">\n<h3>Waivers: "
        + esc(WaiverText.counts(report)) + "</h3>\n<div class=\"scroll\"><table>\n<thead><tr>"
        + "<th scope=\"col\">State</th><th scope=\"col\">Waives</th>"
        + "<th scope=\"col\">Owner</th><th scope=\"col\">Until</th>"
        + "<th scope=\"col\">Reason</th><th scope=\"col\">Ticket</th>"
        + "<th scope=\"col\">Results</th><th scope=\"col\">Written in</th></tr></thead>\n"
        + "<tbody>\n");
    for (Report.WaiverUse use : report.waivers()) {
      dev.kcis.engine.Waiver v = use.waiver();
      w.write("<tr data-state=\"" + use.state().id() + "\"><td>" + use.state().id()
          + "</td><td>" + esc(v.describe()) + "</td><td>" + esc(v.owner()) + "</td><td>"
          + v.expires() + "</td><td>" + esc(v.reason()) + "</td><td>" + esc(or(v.ticket(), ""))
          + "</td><td>" + use.results() + "</td><td>" + esc(v.source()) + "</td></tr>\n");
    }
    w.write("</tbody>\n</table></div>\n<p class=\"fine\">An expired waiver accepts nothing: the "
        + "results it names keep their status. An unused one matched no failing result.</p>\n"
        + "</div>\n");
  }

  /** The score as a ring: the passing share of the circle, the figure in the middle. */
  private static void ring(Writer w, Score score) throws IOException {
    double r = 52;
    double circumference = 2 * Math.PI * r;
    Double percent = score.percent();
    double arc = percent == null ? 0 : circumference * percent / 100;
    w.write("<svg class=\"ring\" viewBox=\"0 0 120 120\" role=\"img\" aria-label=\"Score "
        + score.formatted() + "\">\n<circle class=\"ring-track\" cx=\"60\" cy=\"60\" r=\"52\"/>\n");
    if (arc > 0) {
      w.write(String.format(Locale.ROOT, "<circle class=\"ring-arc\" cx=\"60\" cy=\"60\" "
          + "r=\"52\" stroke-dasharray=\"%.2f %.2f\" transform=\"rotate(-90 60 60)\"/>\n", arc,
          circumference));
    }
    w.write("<text x=\"60\" y=\"67\" text-anchor=\"middle\" class=\"ring-text\">"
        + score.formatted() + "</text>\n</svg>\n");
  }

  /** One bar of a chart: a label, the statuses stacked in an SVG, their counts as text. */
  private static void chartRow(Writer w, String label, Map<Status, Integer> counts, Score score)
      throws IOException {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    List<String> parts = new ArrayList<>();
    for (Status s : Status.values()) {
      int n = counts.getOrDefault(s, 0);
      if (n > 0) {
        parts.add(n + " " + s.name());
      }
    }
    String text = String.join(", ", parts);
    w.write("<div class=\"bar-row\">\n<div class=\"bar-label\">" + esc(label) + "</div>\n");
    w.write("<div class=\"bar-body\"><svg class=\"bar\" viewBox=\"0 0 " + BAR_WIDTH + " 20\" "
        + "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" + esc(label + ": "
        + (total == 0 ? "nothing" : text)) + "\">");
    double x = 0;
    for (Status s : Status.values()) {
      int n = counts.getOrDefault(s, 0);
      if (n == 0) {
        continue;
      }
      double width = (double) BAR_WIDTH * n / total;
      w.write(String.format(Locale.ROOT, "<rect class=\"s-%s\" x=\"%.2f\" y=\"0\" width=\"%.2f\" "
          + "height=\"20\"><title>%d %s</title></rect>", s.name(), x, width, n, s.name()));
      x += width;
    }
    w.write("</svg>\n<div class=\"bar-text\">");
    for (Status s : Status.values()) {
      int n = counts.getOrDefault(s, 0);
      if (n > 0) {
        w.write("<span><i class=\"swatch s-" + s.name() + "\"></i>" + n + " " + s.name()
            + "</span> ");
      }
    }
    w.write("</div></div>\n<div class=\"bar-score\">" + (score == null ? "" : "score "
        + score.formatted()) + "</div>\n</div>\n");
  }

  private static void legend(Writer w) throws IOException {
    w.write("<ul class=\"legend\" aria-label=\"Statuses\">\n");
    Map<Status, String> meaning = new EnumMap<>(Status.class);
    meaning.put(Status.FAIL, "the evidence shows non-compliance");
    meaning.put(Status.WARN, "suggests non-compliance; needs judgement");
    meaning.put(Status.INCONCLUSIVE, "the evidence does not decide (never a pass)");
    meaning.put(Status.MANUAL, "a person reviews it");
    meaning.put(Status.WAIVED, "a failure accepted by a waiver");
    meaning.put(Status.PASS, "the evidence shows compliance");
    meaning.put(Status.NOT_APPLICABLE, "cannot apply to the target");
    for (Status s : Status.values()) {
      w.write("<li><span class=\"badge s-" + s.name() + "\">" + s.name() + "</span> "
          + meaning.get(s) + "</li>\n");
    }
    w.write("</ul>\n");
  }

  private static String scoreText(Score score, String what) {
    return "<strong>" + score.formatted() + "</strong>: " + score.passed() + " of "
        + score.decided() + " decided " + what + " pass; " + score.failed() + " fail, "
        + score.inconclusive() + " inconclusive, " + score.excluded() + " not scored.";
  }

  /** What the page's script renders: controls, rules, the results shown, framework views. */
  private static void data(Report report, ReportOptions options, JsonGenerator json)
      throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("statuses");
    for (Status s : Status.values()) {
      json.writeString(s.name());
    }
    json.writeEndArray();
    json.writeArrayFieldStart("shown");
    for (Status s : Status.values()) {
      if (options.shows(s)) {
        json.writeString(s.name());
      }
    }
    json.writeEndArray();
    json.writeStringField("framework", options.framework().map(Framework::id).orElse(null));
    json.writeArrayFieldStart("provenance");
    for (String p : new java.util.TreeSet<>(options.provenances())) {
      json.writeString(p);
    }
    json.writeEndArray();

    json.writeArrayFieldStart("sections");
    for (Report.SectionSummary s : report.summary().sections()) {
      json.writeStartObject();
      json.writeStringField("id", s.id());
      json.writeStringField("title", s.title());
      json.writeEndObject();
    }
    json.writeEndArray();

    Map<String, Control> declared = new LinkedHashMap<>();
    report.profile().controls().forEach(c -> declared.put(c.id(), c));
    json.writeArrayFieldStart("controls");
    for (Report.ControlStatus c : report.controls()) {
      Control control = declared.get(c.id());
      json.writeStartObject();
      json.writeStringField("id", c.id());
      json.writeStringField("title", c.title());
      json.writeStringField("section", c.section());
      json.writeStringField("status", c.status().name());
      json.writeBooleanField("automated", c.automated());
      json.writeStringField("assessment", control == null ? null : control.assessment());
      json.writeNumberField("level", control == null ? 0 : control.level());
      json.writeEndObject();
    }
    json.writeEndArray();

    // A rule's remediation and mappings are the same on each of its results: write them once.
    Map<String, Result> firstByRule = new LinkedHashMap<>();
    for (Result r : report.results()) {
      if (r.rule() != null && options.shows(r.status())) {
        firstByRule.putIfAbsent(r.rule(), r);
      }
    }
    json.writeObjectFieldStart("rules");
    for (Map.Entry<String, Result> rule : firstByRule.entrySet()) {
      json.writeObjectFieldStart(rule.getKey());
      json.writeStringField("remediation", rule.getValue().remediation());
      mappings(rule.getValue().mappings(), json);
      json.writeEndObject();
    }
    json.writeEndObject();

    json.writeArrayFieldStart("results");
    for (Result r : report.results()) {
      if (options.shows(r.status())) {
        result(r, firstByRule.get(r.rule()), json);
      }
    }
    json.writeEndArray();

    json.writeArrayFieldStart("frameworks");
    for (Framework f : Framework.values()) {
      FrameworkView view = FrameworkView.of(report, f, options.provenances());
      if (view.requirements().isEmpty() && options.framework().orElse(null) != f) {
        continue;
      }
      framework(view, json);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void result(Result r, Result first, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("control", r.control());
    json.writeStringField("status", r.status().name());
    json.writeStringField("target", r.target());
    json.writeStringField("rule", r.rule());
    json.writeStringField("message", r.message());
    json.writeStringField("expected", r.evidence() == null ? null : r.evidence().expected());
    json.writeArrayFieldStart("observed");
    if (r.evidence() != null) {
      for (Observation o : r.evidence().observed()) {
        json.writeStartObject();
        json.writeStringField("item", o.item());
        json.writeStringField("value", o.value());
        json.writeStringField("source", o.source());
        json.writeStringField("location", o.location());
        json.writeStringField("path", o.path());
        json.writeEndObject();
      }
    }
    json.writeEndArray();
    if (r.waived() != null) {
      json.writeStringField("waiver", WaiverText.of(r.waived()));
    }
    // Only what differs from the rule's, so that nothing a result says is lost.
    if (first == null || !Objects.equals(first.remediation(), r.remediation())) {
      json.writeStringField("remediation", r.remediation());
    }
    if (first == null ? !r.mappings().isEmpty() : !first.mappings().equals(r.mappings())) {
      mappings(r.mappings(), json);
    }
    if (r.fix() != null) {
      json.writeObjectFieldStart("fix");
      json.writeStringField("kind", r.fix().kind());
      json.writeStringField("description", r.fix().description());
      json.writeStringField("file", r.fix().file());
      json.writeStringField("patch", r.fix().patch());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void mappings(List<Mapping> mappings, JsonGenerator json) throws IOException {
    json.writeArrayFieldStart("mappings");
    for (Mapping m : mappings) {
      json.writeStartObject();
      json.writeStringField("framework", m.framework());
      json.writeStringField("id", m.id());
      json.writeStringField("title", m.title());
      json.writeStringField("provenance", m.provenance());
      json.writeStringField("basis", m.basis());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void framework(FrameworkView view, JsonGenerator json) throws IOException {
    Score score = view.score();
    json.writeStartObject();
    json.writeStringField("id", view.framework().id());
    json.writeStringField("name", view.framework().displayName());
    json.writeStringField("score", score.formatted());
    json.writeNumberField("passed", score.passed());
    json.writeNumberField("decided", score.decided());
    json.writeNumberField("failed", score.failed());
    json.writeNumberField("inconclusive", score.inconclusive());
    json.writeNumberField("excluded", score.excluded());
    json.writeArrayFieldStart("requirements");
    for (FrameworkView.Requirement r : view.requirements()) {
      json.writeStartObject();
      json.writeStringField("id", r.id());
      json.writeStringField("title", r.title());
      json.writeStringField("status", r.status().name());
      json.writeArrayFieldStart("controls");
      for (FrameworkView.MappedControl c : r.controls()) {
        json.writeStartObject();
        json.writeStringField("control", c.control());
        json.writeStringField("rule", c.rule());
        json.writeStringField("provenance", c.provenance());
        json.writeStringField("basis", c.basis());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /**
   * Text for HTML content and attribute values: markup characters as entities, control
   * characters and unpaired surrogates (which HTML cannot carry) as U+FFFD.
   */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            b.append(c).append(text.charAt(++i));
          } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n'
              && c != '\r') || (c >= 0x7f && c < 0xa0)) {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static String or(String text, String fallback) {
    return text == null ? fallback : text;
  }

  /**
   * JSON that can sit in a script element: {@code <}, {@code >} and {@code &} escaped (so neither
   * {@code </script>} nor {@code <!--} can appear), and with ESCAPE_NON_ASCII every character
   * above 0x7F, U+2028 and U+2029 among them.
   */
  private static final class ScriptSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] escapes;

    ScriptSafeEscapes() {
      escapes = CharacterEscapes.standardAsciiEscapesForJSON();
      escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
      escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
      escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
      escapes['\u007f'] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (text.toLowerCase(Locale.ROOT).contains("</script") || text.contains("</style")) {
        throw new IllegalStateException(name + " cannot be inlined: it closes its element");
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSP source expression for an inline element with exactly this content. */
  private static String sha256(String content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
