package dev.kcis.report.internal;

import dev.kcis.core.internal.SafeText;
import dev.kcis.engine.Framework;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Score;
import dev.kcis.engine.Scores;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The human report: controls grouped by section, one line each with its status, then what was
 * found, grouped per control and status (the first few targets in full, then a count), one fix per
 * rule, and the scores. With a framework, the requirements of that framework instead of the
 * controls.
 */
public final class TableWriter {

  /** Targets shown in full per control and status before "… and N more" (all with verbose). */
  static final int TARGETS_SHOWN = 3;

  private static final int TITLE_WIDTH = 96;
  private static final String INDENT = " ".repeat(25);
  private static final Map<Status, String> COLOURS = Map.of(
      Status.FAIL, "\u001b[31;1m", Status.WARN, "\u001b[33m", Status.INCONCLUSIVE, "\u001b[35m",
      Status.MANUAL, "\u001b[36m", Status.PASS, "\u001b[32m", Status.NOT_APPLICABLE, "\u001b[2m",
      Status.WAIVED, "\u001b[2m");
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";

  private TableWriter() {}

  /** How the run read recommendations, for a report's header (see docs/controls.md#decisions). */
  public static String semantics(Report report) {
    return report.semantics().isStrict()
        ? "strict (values in effect and each recommendation's pass condition: the stricter verdict;"
            + " no platform exemptions)"
        : "cis (each recommendation's pass condition as CIS writes it; the evidence states the "
            + "value in effect; --strict judges that)";
  }

  public static void write(Report report, ReportOptions options, OutputStream out) {
    PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    boolean colour = options.colour();
    Report.ClusterInfo cluster = report.cluster();
    w.println(bold(report.profile().name() + " " + report.profile().version() + " ("
        + report.profile().id() + ")", colour));
    w.println(safe("cluster: " + or(cluster.name()) + "  kubernetes: "
        + or(cluster.kubernetesVersion()) + "  platform: " + or(cluster.platform())));
    w.println(safe("inputs: " + String.join(", ", report.inputs())));
    w.println("semantics: " + semantics(report));
    if (!options.statuses().isEmpty()) {
      w.println("showing: " + options.statuses().stream().sorted().map(Status::name)
          .collect(Collectors.joining(", ")) + " results");
    }
    Scores scores = report.scores();
    FrameworkView view = options.frameworkView(report).orElse(null);
    if (view == null) {
      controls(w, report, options, scores);
    } else {
      requirements(w, view, options);
    }
    w.println();
    w.println(bold("Summary: " + counts(report.controls().size(), "controls",
        report.summary().controls()), colour));
    w.println("         " + counts(report.results().size(), "results",
        report.summary().results()));
    w.println(bold("Score:   " + score(scores.overall(), "controls"), colour));
    for (Map.Entry<Framework, Score> f : scores.frameworks().entrySet()) {
      w.println("         " + pad(f.getKey().displayName() + ":", 20) + " "
          + score(f.getValue(), "requirements"));
    }
    if (!report.waivers().isEmpty()) {
      w.println(bold("Waivers: " + WaiverText.counts(report), colour));
      for (Report.WaiverUse use : report.waivers()) {
        if (use.state() != Report.WaiverUse.State.APPLIED) {
          w.println("         " + safe(WaiverText.problem(use)));
        }
      }
    }
    w.flush();
  }

  private static void controls(PrintWriter w, Report report, ReportOptions options,
      Scores scores) {
    boolean colour = options.colour();
    Map<String, List<Result>> byControl = new LinkedHashMap<>();
    for (Result r : report.results()) {
      byControl.computeIfAbsent(r.control(), k -> new ArrayList<>()).add(r);
    }
    String currentTop = null;
    String currentSection = null;
    for (Report.ControlStatus control : report.controls()) {
      List<Result> results = byControl.getOrDefault(control.id(), List.of());
      if (results.stream().noneMatch(r -> options.shows(r.status()))) {
        continue;
      }
      String section = control.section();
      String top = section.contains(".") ? section.substring(0, section.indexOf('.')) : section;
      if (!top.equals(currentTop)) {
        w.println();
        Score score = scores.sections().get(top);
        w.println(bold("== " + top + " " + or(report.profile().sections().get(top))
            + (score == null ? "" : "  (score " + score.formatted() + ")"), colour));
        currentTop = top;
      }
      if (!section.equals(currentSection) && !section.equals(top)) {
        w.println("-- " + section + " " + or(report.profile().sections().get(section)));
      }
      currentSection = section;
      w.println(status(control.status(), colour) + " " + pad(control.id(), 7) + " "
          + truncate(control.title(), TITLE_WIDTH));
      findings(w, results, options);
    }
  }

  /** A control's results that are shown, by status, the first few in full; then its fixes. */
  private static void findings(PrintWriter w, List<Result> results, ReportOptions options) {
    Map<Status, List<Result>> byStatus = new LinkedHashMap<>();
    for (Result r : results) {
      boolean hiddenPass = r.status() == Status.PASS && !options.verbose()
          && options.statuses().isEmpty();
      if (options.shows(r.status()) && !hiddenPass) {
        byStatus.computeIfAbsent(r.status(), k -> new ArrayList<>()).add(r);
      }
    }
    Set<String> fixes = new LinkedHashSet<>();
    for (List<Result> group : byStatus.values()) {
      int shown = options.verbose() ? group.size() : Math.min(TARGETS_SHOWN, group.size());
      for (Result r : group.subList(0, shown)) {
        details(w, r, options);
      }
      if (shown < group.size()) {
        w.println(INDENT + "… and " + (group.size() - shown) + " more "
            + group.get(0).status().name() + " (--verbose lists all " + group.size() + ")");
      }
      for (Result r : group) {
        if (r.remediation() != null && (r.status() == Status.FAIL || r.status() == Status.WARN)) {
          fixes.add(r.remediation());
        }
      }
    }
    // One fix per rule, after its findings, however many targets failed.
    fixes.forEach(fix -> w.println(INDENT + "  fix: " + fix));
  }

  private static void requirements(PrintWriter w, FrameworkView view, ReportOptions options) {
    boolean colour = options.colour();
    w.println();
    w.println(bold("== " + view.framework().displayName()
        + (view.provenances().isEmpty() ? "" : " (" + String.join(", ",
            new java.util.TreeSet<>(view.provenances())) + " mappings only)")
        + "  (score " + view.score().formatted() + ")", colour));
    for (FrameworkView.Requirement r : view.requirements()) {
      if (!options.shows(r.status())) {
        continue;
      }
      w.println(status(r.status(), colour) + " " + pad(r.id(), 9) + " "
          + truncate(or(r.title()), TITLE_WIDTH));
      List<FrameworkView.MappedControl> controls = r.controls();
      int shown = options.verbose() ? controls.size() : Math.min(8, controls.size());
      for (FrameworkView.MappedControl c : controls.subList(0, shown)) {
        w.println(INDENT + pad(c.status().name(), 13) + " " + pad(c.control(), 7) + " ("
            + c.provenance() + ") " + truncate(c.title(), 80));
      }
      if (shown < controls.size()) {
        w.println(INDENT + "… and " + (controls.size() - shown) + " more controls");
      }
    }
  }

  private static void details(PrintWriter w, Result result, ReportOptions options) {
    boolean colour = options.colour();
    StringBuilder head = new StringBuilder(INDENT);
    head.append(colour ? COLOURS.get(result.status()) : "").append(result.status().name())
        .append(colour ? RESET : "").append(' ');
    head.append(safe(result.target()));
    if (result.message() != null) {
      head.append(": ").append(safe(result.message()));
    }
    w.println(head);
    if (result.waived() != null) {
      w.println(INDENT + "  waiver: " + safe(WaiverText.of(result.waived())));
    }
    if (result.evidence() != null) {
      for (Observation o : result.evidence().observed()) {
        w.println(INDENT + "  observed " + safe(o.item() + " = " + (o.value() == null
            ? "(unset)" : o.value()) + " [" + o.source() + (o.location() == null ? ""
            : " " + o.location()) + (o.path() == null ? "" : " " + o.path()) + "]"));
      }
      // A PASS says what it passed on: where CIS accepts what the value in effect would not, the
      // expected text says so (docs/controls.md, Decisions).
      if (result.evidence().expected() != null && (result.status() == Status.FAIL
          || result.status() == Status.WARN || result.status() == Status.PASS
          || options.verbose())) {
        w.println(INDENT + "  expected " + safe(result.evidence().expected()));
      }
    }
  }

  private static String score(Score score, String what) {
    return score.formatted() + " (" + score.passed() + " of " + score.decided() + " decided "
        + what + " pass; " + score.failed() + " fail, " + score.inconclusive()
        + " inconclusive, " + score.excluded() + " not scored)";
  }

  private static String counts(int total, String what, Map<Status, Integer> counts) {
    List<String> parts = counts.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.toList());
    return total + " " + what + ": " + String.join(", ", parts);
  }

  private static String status(Status status, boolean colour) {
    String text = pad("[" + status.name() + "]", 16);
    return colour ? COLOURS.get(status) + text + RESET : text;
  }

  private static String bold(String text, boolean colour) {
    return colour ? BOLD + text + RESET : text;
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String truncate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  /** Text from the evidence (paths, values, names) with its control characters escaped. */
  private static String safe(String text) {
    return SafeText.printable(text);
  }

  private static String or(String text) {
    return text == null ? "-" : text;
  }
}
