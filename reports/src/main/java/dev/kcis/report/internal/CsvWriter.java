package dev.kcis.report.internal;

import dev.kcis.core.internal.SafeText;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Waiver;
import dev.kcis.facts.Observation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CSV (RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, a quote or
 * a line break; UTF-8 without a byte order mark) for spreadsheets and GRC imports.
 *
 * <p>Without a framework view, one row per result the options show; with one, the roll-up: one row
 * per requirement and control mapped to it. A cell that starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return gets a leading {@code '}, so that a spreadsheet
 * shows it as text instead of running it as a formula (values come from the cluster: an object
 * name or a label is attacker-controlled).
 */
public final class CsvWriter {

  /** The columns of the per-result table. */
  public static final List<String> RESULT_COLUMNS = List.of("control", "title", "section",
      "status", "target", "rule", "message", "expected", "observed", "file", "line",
      "remediation", "NIST ids", "SOC 2 ids", "PCI ids", "waived status", "waiver owner",
      "waiver reason", "waiver expires", "waiver ticket", "waiver source");

  /** The columns of the framework roll-up. */
  public static final List<String> FRAMEWORK_COLUMNS = List.of("framework", "requirement",
      "requirement title", "requirement status", "control", "control status", "rule",
      "provenance", "basis");

  private CsvWriter() {}

  /** Writes the rows {@code options} ask for. */
  public static void write(Report report, ReportOptions options, OutputStream out)
      throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    Optional<FrameworkView> view = options.frameworkView(report);
    if (view.isPresent()) {
      row(w, FRAMEWORK_COLUMNS);
      for (FrameworkView.Requirement req : view.get().requirements()) {
        if (!options.shows(req.status())) {
          continue;
        }
        for (FrameworkView.MappedControl c : req.controls()) {
          row(w, List.of(view.get().framework().id(), req.id(), text(req.title()),
              req.status().name(), c.control(), c.status().name(), text(c.rule()),
              text(c.provenance()), text(c.basis())));
        }
      }
    } else {
      Map<String, String> sections = new HashMap<>();
      report.controls().forEach(c -> sections.put(c.id(), c.section()));
      row(w, RESULT_COLUMNS);
      for (Result r : report.results()) {
        if (options.shows(r.status())) {
          row(w, resultRow(r, sections.get(r.control())));
        }
      }
    }
    w.flush();
  }

  private static List<String> resultRow(Result r, String section) {
    Optional<EvidenceFile> file = EvidenceFile.of(r);
    List<String> observed = new ArrayList<>();
    if (r.evidence() != null) {
      for (Observation o : r.evidence().observed()) {
        StringBuilder s = new StringBuilder(o.item()).append(" = ")
            .append(o.value() == null ? "(not set)" : o.value()).append(" (").append(o.source());
        if (o.location() != null && !o.location().isBlank()) {
          s.append(", ").append(o.location());
        }
        if (o.path() != null && !o.path().isBlank()) {
          s.append(' ').append(o.path());
        }
        observed.add(s.append(')').toString());
      }
    }
    Waiver w = r.waived() == null ? null : r.waived().waiver();
    return List.of(r.control(), text(r.title()), text(section), r.status().name(), r.target(),
        text(r.rule()), text(r.message()),
        r.evidence() == null ? "" : text(r.evidence().expected()),
        String.join("; ", observed),
        file.map(EvidenceFile::path).orElse(""),
        file.map(EvidenceFile::line).map(String::valueOf).orElse(""),
        text(r.remediation()),
        ids(r, Mapping.NIST), ids(r, Mapping.SOC2), ids(r, Mapping.PCI_DSS),
        w == null ? "" : r.waived().status().name(), w == null ? "" : w.owner(),
        w == null ? "" : w.reason(), w == null ? "" : w.expires().toString(),
        w == null ? "" : text(w.ticket()), w == null ? "" : w.source());
  }

  private static String ids(Result r, String framework) {
    Set<String> ids = new LinkedHashSet<>();
    r.mappings().stream().filter(m -> m.framework().equals(framework))
        .forEach(m -> ids.add(m.id()));
    return String.join(", ", ids);
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static void row(Writer w, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(field(cells.get(i)));
    }
    w.write("\r\n");
  }

  /**
   * One field: control characters escaped (a CSV printed on a terminal must not drive it; the
   * tab, line feed and carriage return, which a cell may hold, stay), neutralised, then quoted
   * when RFC 4180 needs it.
   */
  static String field(String value) {
    String v = neutralise(value.indexOf('\r') < 0 ? SafeText.escapeControls(value)
        : String.join("\r", java.util.Arrays.stream(value.split("\r", -1))
            .map(SafeText::escapeControls).toList()));
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  /** A cell a spreadsheet would read as a formula, made text with a leading quote. */
  static String neutralise(String value) {
    if (value.isEmpty()) {
      return value;
    }
    char c = value.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
        ? "'" + value : value;
  }
}
