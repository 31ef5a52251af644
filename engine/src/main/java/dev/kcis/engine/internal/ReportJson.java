package dev.kcis.engine.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
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
import dev.kcis.engine.Waiver;
import dev.kcis.facts.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Report} as JSON in the documented layout (docs/report-format.md), streaming: the
 * document is never built in memory, so writing costs the same whatever the number of results.
 *
 * <p>What is the same for many results is written once: a rule's remediation and mappings under
 * {@code rules}, a control's title under {@code controls}. A result names its control and rule.
 * Mapping texts used to be repeated per result and made up about 80% of a large report.
 */
public final class ReportJson {

  private static final JsonFactory FACTORY = new JsonFactory()
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private ReportJson() {}

  /** Nesting levels laid out over several lines; deeper values stay on their entry's line. */
  private static final int MULTILINE_LEVELS = 2;

  /**
   * Indented down to the entries of the report's arrays and maps; each entry (a result, a control,
   * a mapping) on one line, so that a report stays readable and greppable line by line. A printer
   * counts nesting as it goes: one per document.
   */
  private static final class EntryPerLinePrinter extends DefaultPrettyPrinter {

    EntryPerLinePrinter() {
      super(DefaultPrettyPrinter.DEFAULT_ROOT_VALUE_SEPARATOR);
      _separators = Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER);
      _objectFieldValueSeparatorWithSpaces = ": ";
      Indenter indenter = new Indenter() {
        @Override
        public void writeIndentation(JsonGenerator g, int level) throws IOException {
          if (level <= MULTILINE_LEVELS) {
            DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n").writeIndentation(g, level);
          } else {
            g.writeRaw(' ');
          }
        }

        @Override
        public boolean isInline() {
          return false;
        }
      };
      indentArraysWith(indenter);
      indentObjectsWith(indenter);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      if (_nesting > MULTILINE_LEVELS) {
        --_nesting;
        g.writeRaw(" }");
      } else {
        super.writeEndObject(g, entries);
      }
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (_nesting > MULTILINE_LEVELS) {
        --_nesting;
        g.writeRaw(values == 0 ? "]" : " ]");
      } else {
        super.writeEndArray(g, values);
      }
    }
  }

  public static void write(Report report, ReportOptions options, OutputStream out)
      throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.setPrettyPrinter(new EntryPerLinePrinter());
      write(report, options, json);
    }
    out.write('\n');
    out.flush();
  }

  private static void write(Report report, ReportOptions options, JsonGenerator json)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("apiVersion", Report.API_VERSION);
    json.writeStringField("kind", "Report");
    json.writeObjectFieldStart("benchmark");
    json.writeStringField("id", report.profile().id());
    json.writeStringField("name", report.profile().name());
    json.writeStringField("version", report.profile().version());
    json.writeEndObject();
    // How recommendations were read where the pass condition and the value in effect differ.
    json.writeStringField("semantics", report.semantics().label());
    json.writeStringField("generatedAt", report.generatedAt().toString());
    json.writeObjectFieldStart("generator");
    json.writeStringField("name", "kcis");
    json.writeStringField("version", report.kcisVersion());
    json.writeEndObject();
    json.writeObjectFieldStart("cluster");
    json.writeStringField("name", report.cluster().name());
    json.writeStringField("kubernetesVersion", report.cluster().kubernetesVersion());
    json.writeStringField("platform", report.cluster().platform());
    json.writeEndObject();
    json.writeArrayFieldStart("inputs");
    for (String input : report.inputs()) {
      json.writeString(input);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("digests");
    for (dev.kcis.engine.InputDigest digest : report.digests()) {
      json.writeStartObject();
      json.writeStringField("kind", digest.kind());
      json.writeStringField("input", digest.input());
      json.writeStringField("sha256", digest.sha256());
      json.writeEndObject();
    }
    json.writeEndArray();

    view(options, json);
    summary(report, report.summary(), report.scores(), json);
    controls(report, json);
    waivers(report, json);
    rules(report, json);
    FrameworkView framework = options.frameworkView(report).orElse(null);
    if (framework != null) {
      framework(framework, json);
    }

    json.writeArrayFieldStart("results");
    for (Result result : report.results()) {
      if (options.shows(result.status())) {
        result(result, json);
      }
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** What the results shown were chosen by, when not every result is shown. */
  private static void view(ReportOptions options, JsonGenerator json) throws IOException {
    if (options.statuses().isEmpty() && options.framework().isEmpty()) {
      return;
    }
    json.writeObjectFieldStart("view");
    json.writeArrayFieldStart("statuses");
    for (Status status : Status.values()) {
      if (options.shows(status)) {
        json.writeString(status.name());
      }
    }
    json.writeEndArray();
    json.writeStringField("framework", options.framework().map(Framework::id).orElse(null));
    json.writeArrayFieldStart("provenance");
    for (String p : options.provenances()) {
      json.writeString(p);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** A framework's requirements, each with the controls mapped to it. */
  private static void framework(FrameworkView view, JsonGenerator json) throws IOException {
    json.writeObjectFieldStart("framework");
    json.writeStringField("id", view.framework().id());
    json.writeStringField("name", view.framework().displayName());
    json.writeArrayFieldStart("provenance");
    for (String p : new java.util.TreeSet<>(view.provenances())) {
      json.writeString(p);
    }
    json.writeEndArray();
    score("score", view.score(), json);
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
        json.writeStringField("status", c.status().name());
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

  private static void score(String field, Score score, JsonGenerator json) throws IOException {
    json.writeObjectFieldStart(field);
    json.writeNumberField("passed", score.passed());
    json.writeNumberField("failed", score.failed());
    json.writeNumberField("inconclusive", score.inconclusive());
    json.writeNumberField("excluded", score.excluded());
    if (score.percent() == null) {
      json.writeNullField("percent");
    } else {
      json.writeNumberField("percent", Math.round(score.percent() * 10) / 10.0);
    }
    json.writeEndObject();
  }

  private static void summary(Report report, Report.Summary summary, Scores scores,
      JsonGenerator json) throws IOException {
    json.writeObjectFieldStart("summary");
    counts("controls", summary.controls(), json);
    counts("results", summary.results(), json);
    if (!report.waivers().isEmpty()) {
      json.writeObjectFieldStart("waivers");
      for (Report.WaiverUse.State state : Report.WaiverUse.State.values()) {
        json.writeNumberField(state.id(), report.waivers(state).size());
      }
      json.writeEndObject();
    }
    score("score", scores.overall(), json);
    json.writeArrayFieldStart("sections");
    for (Report.SectionSummary section : summary.sections()) {
      json.writeStartObject();
      json.writeStringField("id", section.id());
      json.writeStringField("title", section.title());
      counts("controls", section.controls(), json);
      score("score", scores.sections().get(section.id()), json);
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("frameworks");
    for (Map.Entry<Framework, Score> f : scores.frameworks().entrySet()) {
      json.writeStartObject();
      json.writeStringField("id", f.getKey().id());
      json.writeStringField("name", f.getKey().displayName());
      score("score", f.getValue(), json);
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void controls(Report report, JsonGenerator json) throws IOException {
    Map<String, Control> byId = new LinkedHashMap<>();
    report.profile().controls().forEach(c -> byId.put(c.id(), c));
    json.writeArrayFieldStart("controls");
    for (Report.ControlStatus control : report.controls()) {
      json.writeStartObject();
      json.writeStringField("id", control.id());
      json.writeStringField("title", control.title());
      json.writeStringField("section", control.section());
      json.writeStringField("status", control.status().name());
      json.writeBooleanField("automated", control.automated());
      json.writeArrayFieldStart("rules");
      Control declared = byId.get(control.id());
      for (String rule : declared == null ? List.<String>of() : declared.rules()) {
        json.writeString(rule);
      }
      json.writeEndArray();
      if (declared != null && !declared.params().isEmpty()) {
        json.writeObjectFieldStart("params");
        for (Map.Entry<String, String> p : declared.params().entrySet()) {
          json.writeStringField(p.getKey(), p.getValue());
        }
        json.writeEndObject();
      }
      if (declared != null && declared.remediation() != null) {
        json.writeStringField("remediation", declared.remediation());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** Every waiver given, with what became of it; absent without waivers. */
  private static void waivers(Report report, JsonGenerator json) throws IOException {
    if (report.waivers().isEmpty()) {
      return;
    }
    json.writeArrayFieldStart("waivers");
    for (Report.WaiverUse use : report.waivers()) {
      json.writeStartObject();
      Waiver w = use.waiver();
      json.writeStringField("control", w.control());
      json.writeStringField("rule", w.rule());
      json.writeStringField("target", w.target());
      json.writeStringField("owner", w.owner());
      json.writeStringField("reason", w.reason());
      json.writeStringField("expires", w.expires().toString());
      json.writeStringField("ticket", w.ticket());
      json.writeStringField("source", w.source());
      json.writeStringField("state", use.state().id());
      json.writeNumberField("results", use.results());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** Each rule that a result names, once: its remediation and mappings. */
  private static void rules(Report report, JsonGenerator json) throws IOException {
    Map<String, Result> firstByRule = new LinkedHashMap<>();
    for (Result result : report.results()) {
      if (result.rule() != null) {
        firstByRule.putIfAbsent(result.rule(), result);
      }
    }
    json.writeObjectFieldStart("rules");
    for (Map.Entry<String, Result> rule : firstByRule.entrySet()) {
      json.writeObjectFieldStart(rule.getKey());
      json.writeStringField("remediation", rule.getValue().remediation());
      json.writeArrayFieldStart("mappings");
      for (Mapping m : rule.getValue().mappings()) {
        json.writeStartObject();
        json.writeStringField("framework", m.framework());
        json.writeStringField("id", m.id());
        json.writeStringField("title", m.title());
        json.writeStringField("provenance", m.provenance());
        json.writeStringField("basis", m.basis());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void result(Result result, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("control", result.control());
    json.writeStringField("status", result.status().name());
    json.writeStringField("target", result.target());
    json.writeStringField("rule", result.rule());
    json.writeStringField("message", result.message());
    json.writeObjectFieldStart("evidence");
    json.writeStringField("expected",
        result.evidence() == null ? null : result.evidence().expected());
    json.writeArrayFieldStart("observed");
    if (result.evidence() != null) {
      for (Observation o : result.evidence().observed()) {
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
    json.writeEndObject();
    if (result.waived() != null) {
      Waiver w = result.waived().waiver();
      json.writeObjectFieldStart("waiver");
      json.writeStringField("status", result.waived().status().name());
      json.writeStringField("owner", w.owner());
      json.writeStringField("reason", w.reason());
      json.writeStringField("expires", w.expires().toString());
      json.writeStringField("ticket", w.ticket());
      json.writeStringField("source", w.source());
      json.writeEndObject();
    }
    if (result.fix() != null) {
      fix(result.fix(), json);
    }
    json.writeEndObject();
  }

  /** The change that makes the result comply (docs/fix.md); only results that have one. */
  private static void fix(dev.kcis.engine.Fix fix, JsonGenerator json) throws IOException {
    json.writeObjectFieldStart("fix");
    json.writeStringField("kind", fix.kind());
    json.writeStringField("description", fix.description());
    json.writeStringField("file", fix.file());
    json.writeNumberField("line", fix.line());
    json.writeStringField("patch", fix.patch());
    json.writeEndObject();
  }

  private static void counts(String field, Map<Status, Integer> counts, JsonGenerator json)
      throws IOException {
    json.writeObjectFieldStart(field);
    int total = 0;
    for (Status status : Status.values()) {
      int n = counts.getOrDefault(status, 0);
      json.writeNumberField(status.name(), n);
      total += n;
    }
    json.writeNumberField("total", total);
    json.writeEndObject();
  }
}
