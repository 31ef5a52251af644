package dev.kcis.report.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kcis.core.internal.SafeText;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.report.ReportDiff;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes a {@link ReportDiff} as a table, JSON or one self-contained HTML page. */
public final class DiffWriter {

  private DiffWriter() {}

  public static void write(ReportDiff diff, ReportDiff.Format format, OutputStream out)
      throws IOException {
    switch (format) {
      case TABLE -> table(diff, out);
      case JSON -> json(diff, out);
      case HTML -> html(diff, out);
      default -> throw new IllegalArgumentException(format.id());
    }
  }

  /** The sections of a diff, in the order every format lists them. */
  private record Section(String id, String title, List<ReportDiff.Change> changes) {}

  private static List<Section> sections(ReportDiff d) {
    return List.of(new Section("newFailures", "New failures", d.newFailures()),
        new Section("fixed", "Fixed", d.fixed()),
        new Section("stillFailing", "Still failing", d.stillFailing()),
        new Section("evidenceChanged", "Changed evidence", d.evidenceChanged()));
  }

  private static String describe(Report r, String name) {
    return name + ": " + r.profile().id() + ", "
        + (r.cluster() == null || r.cluster().name() == null ? "cluster unnamed"
            : "cluster " + r.cluster().name()) + ", " + r.generatedAt();
  }

  private static String status(Result r) {
    return r == null ? "absent" : r.status().name();
  }

  private static void table(ReportDiff d, OutputStream out) {
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    w.println("Old " + SafeText.printable(describe(d.old(), d.oldName())));
    w.println("New " + SafeText.printable(describe(d.now(), d.newName())));
    if (d.profileDifference() != null) {
      w.println("Benchmarks " + d.profileDifference());
    }
    for (Section s : sections(d)) {
      w.println();
      w.println("== " + s.title() + " (" + s.changes().size() + ")");
      for (ReportDiff.Change c : s.changes()) {
        Result r = c.now() != null ? c.now() : c.old();
        w.println("  " + SafeText.printable(r.control() + "  " + c.key() + "  " + c.target()
            + "  " + status(c.old()) + " -> " + status(c.now())));
        if (s.id().equals("evidenceChanged")) {
          w.println("      was: " + SafeText.printable(String.join("; ",
              ReportDiff.observed(c.old()))));
          w.println("      now: " + SafeText.printable(String.join("; ",
              ReportDiff.observed(c.now()))));
        } else if (s.id().equals("newFailures") && c.now().message() != null) {
          w.println("      " + SafeText.printable(c.now().message()));
        }
      }
    }
    w.println();
    w.println("== Targets added (" + d.targetsAdded().size() + ")");
    d.targetsAdded().forEach(t -> w.println("  " + SafeText.printable(t)));
    w.println();
    w.println("== Targets removed (" + d.targetsRemoved().size() + ")");
    d.targetsRemoved().forEach(t -> w.println("  " + SafeText.printable(t)));
    w.println();
    w.println("== " + (d.sameBenchmark() ? "Controls" : "Rules") + " whose status changed ("
        + d.statusChanged().size() + ")");
    for (ReportDiff.StatusChange c : d.statusChanged()) {
      w.println("  " + SafeText.printable(c.id() + "  " + (c.old() == null ? "absent"
          : c.old().name()) + " -> " + (c.now() == null ? "absent" : c.now().name())
          + (c.title() == null ? "" : "  " + c.title())));
    }
    w.println();
    w.println("Summary: " + summary(d));
    w.flush();
  }

  /** {@code 2 new failures, 5 fixed, 30 still failing, ...}. */
  public static String summary(ReportDiff d) {
    return d.newFailures().size() + " new failures, " + d.fixed().size() + " fixed, "
        + d.stillFailing().size() + " still failing, " + d.evidenceChanged().size()
        + " with changed evidence, " + d.targetsAdded().size() + " targets added, "
        + d.targetsRemoved().size() + " removed, " + d.statusChanged().size() + " "
        + (d.sameBenchmark() ? "controls" : "rules") + " changed status";
  }

  private static void json(ReportDiff d, OutputStream out) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
    g.useDefaultPrettyPrinter();
    g.writeStartObject();
    g.writeStringField("apiVersion", Report.API_VERSION);
    g.writeStringField("kind", "ReportDiff");
    report(g, "old", d.old(), d.oldName());
    report(g, "new", d.now(), d.newName());
    g.writeStringField("profileDifference", d.profileDifference());
    g.writeObjectFieldStart("summary");
    for (Section s : sections(d)) {
      g.writeNumberField(s.id(), s.changes().size());
    }
    g.writeNumberField("targetsAdded", d.targetsAdded().size());
    g.writeNumberField("targetsRemoved", d.targetsRemoved().size());
    g.writeNumberField("statusChanged", d.statusChanged().size());
    g.writeEndObject();
    for (Section s : sections(d)) {
      g.writeArrayFieldStart(s.id());
      for (ReportDiff.Change c : s.changes()) {
        Result r = c.now() != null ? c.now() : c.old();
        g.writeStartObject();
        g.writeStringField("control", r.control());
        g.writeStringField("rule", r.rule());
        g.writeStringField("target", c.target());
        g.writeStringField("old", c.old() == null ? null : c.old().status().name());
        g.writeStringField("new", c.now() == null ? null : c.now().status().name());
        g.writeStringField("message", r.message());
        if (s.id().equals("evidenceChanged")) {
          strings(g, "oldObserved", ReportDiff.observed(c.old()));
          strings(g, "newObserved", ReportDiff.observed(c.now()));
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    strings(g, "targetsAdded", d.targetsAdded());
    strings(g, "targetsRemoved", d.targetsRemoved());
    g.writeArrayFieldStart("statusChanged");
    for (ReportDiff.StatusChange c : d.statusChanged()) {
      g.writeStartObject();
      g.writeStringField(c.kind(), c.id());
      if (c.title() != null) {
        g.writeStringField("title", c.title());
      }
      g.writeStringField("old", c.old() == null ? null : c.old().name());
      g.writeStringField("new", c.now() == null ? null : c.now().name());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeRaw('\n');
    g.close();
  }

  private static void report(JsonGenerator g, String field, Report r, String name)
      throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("source", name);
    g.writeStringField("benchmark", r.profile().id());
    g.writeStringField("cluster", r.cluster() == null ? null : r.cluster().name());
    g.writeStringField("generatedAt", r.generatedAt() == null ? null
        : r.generatedAt().toString());
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void html(ReportDiff d, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>kcis diff</title>\n<style>\n"
        + "body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; "
        + "padding: 0 1rem; color: #1b1f24; }\n"
        + "table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }\n"
        + "th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #d0d7de; "
        + "vertical-align: top; overflow-wrap: anywhere; }\n"
        + ".FAIL { color: #b3261e; font-weight: 600; } .PASS { color: #1a7f37; }\n"
        + ".WARN { color: #9a6700; } code { font-size: .9em; }\n"
        + "</style>\n</head>\n<body>\n<h1>kcis diff</h1>\n<ul>\n<li>Old: "
        + esc(describe(d.old(), d.oldName())) + "</li>\n<li>New: "
        + esc(describe(d.now(), d.newName())) + "</li>\n");
    if (d.profileDifference() != null) {
      w.write("<li>Benchmarks: " + esc(d.profileDifference()) + "</li>\n");
    }
    w.write("</ul>\n<p><strong>" + esc(summary(d)) + "</strong></p>\n");
    for (Section s : sections(d)) {
      w.write("<h2 id=\"" + s.id() + "\">" + s.title() + " (" + s.changes().size() + ")</h2>\n");
      if (s.changes().isEmpty()) {
        continue;
      }
      w.write("<table><thead><tr><th>Control</th><th>Rule</th><th>Target</th><th>Old</th>"
          + "<th>New</th><th>" + (s.id().equals("evidenceChanged") ? "Observed" : "Message")
          + "</th></tr></thead><tbody>\n");
      for (ReportDiff.Change c : s.changes()) {
        Result r = c.now() != null ? c.now() : c.old();
        String detail = s.id().equals("evidenceChanged") ? "was <code>"
            + esc(String.join("; ", ReportDiff.observed(c.old()))) + "</code><br>now <code>"
            + esc(String.join("; ", ReportDiff.observed(c.now()))) + "</code>"
            : esc(r.message());
        w.write("<tr><td>" + esc(r.control()) + "</td><td>" + esc(r.rule()) + "</td><td>"
            + esc(c.target()) + "</td><td class=\"" + status(c.old()) + "\">" + status(c.old())
            + "</td><td class=\"" + status(c.now()) + "\">" + status(c.now()) + "</td><td>"
            + detail + "</td></tr>\n");
      }
      w.write("</tbody></table>\n");
    }
    list(w, "Targets added", d.targetsAdded());
    list(w, "Targets removed", d.targetsRemoved());
    w.write("<h2>" + (d.sameBenchmark() ? "Controls" : "Rules") + " whose status changed ("
        + d.statusChanged().size() + ")</h2>\n");
    if (!d.statusChanged().isEmpty()) {
      w.write("<table><thead><tr><th>" + (d.sameBenchmark() ? "Control" : "Rule")
          + "</th><th>Title</th><th>Old</th><th>New</th></tr></thead><tbody>\n");
      for (ReportDiff.StatusChange c : d.statusChanged()) {
        String o = c.old() == null ? "absent" : c.old().name();
        String n = c.now() == null ? "absent" : c.now().name();
        w.write("<tr><td>" + esc(c.id()) + "</td><td>" + esc(c.title()) + "</td><td class=\""
            + o + "\">" + o + "</td><td class=\"" + n + "\">" + n + "</td></tr>\n");
      }
      w.write("</tbody></table>\n");
    }
    w.write("</body>\n</html>\n");
    w.flush();
  }

  private static void list(Writer w, String title, List<String> items) throws IOException {
    w.write("<h2>" + title + " (" + items.size() + ")</h2>\n");
    if (!items.isEmpty()) {
      w.write("<ul>\n");
      for (String item : items) {
        w.write("<li><code>" + esc(item) + "</code></li>\n");
      }
      w.write("</ul>\n");
    }
  }

  private static String esc(String text) {
    return HtmlReport.esc(text);
  }
}
