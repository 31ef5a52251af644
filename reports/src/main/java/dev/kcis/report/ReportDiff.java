package dev.kcis.report;

import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import dev.kcis.report.internal.DiffWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two reports of a cluster (drift): new failures, fixed, still failing,
 * changed evidence, targets added and removed, and controls whose status changed.
 *
 * <p>Results are matched by rule and target (a control no rule implements, by control id and
 * target), so two reports of different benchmarks compare too: then statuses are compared per
 * rule instead of per control, and {@link #profileDifference()} says so. A <em>failure</em> is a
 * FAIL or WARN result.
 *
 * <pre>
 * ReportDiff diff = ReportDiff.of(lastWeek, today, "last-week.json", "today.json");
 * if (diff.hasNewFailures()) { ... }      // kcis diff exits 4
 * diff.write(ReportDiff.Format.TABLE, System.out);
 * </pre>
 */
public final class ReportDiff {

  /** The formats a diff is written in. */
  public enum Format {
    TABLE("table"), JSON("json"), HTML("html");

    private final String id;

    Format(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** The format named {@code id}: {@code table}, {@code json} or {@code html}. */
    public static Format byId(String id) {
      for (Format f : values()) {
        if (f.id.equals(id)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown format '" + id + "'; known: table, json, html");
    }
  }

  /**
   * A result matched in both reports, or present in one only ({@code old} or {@code now} null).
   *
   * @param key the rule id, or {@code control:ID} for a control no rule implements
   * @param target what was judged
   * @param old the result in the old report, or {@code null}
   * @param now the result in the new report, or {@code null}
   */
  public record Change(String key, String target, Result old, Result now) {}

  /**
   * A control (same benchmark) or rule (different benchmarks) whose aggregated status changed.
   *
   * @param kind {@code control} or {@code rule}
   * @param id the control or rule id
   * @param title the control's title, or {@code null}
   * @param old its status in the old report, or {@code null} when absent there
   * @param now its status in the new report, or {@code null} when absent there
   */
  public record StatusChange(String kind, String id, String title, Status old, Status now) {}

  private final Report old;
  private final Report now;
  private final String oldName;
  private final String newName;
  private final List<Change> newFailures = new ArrayList<>();
  private final List<Change> fixed = new ArrayList<>();
  private final List<Change> stillFailing = new ArrayList<>();
  private final List<Change> evidenceChanged = new ArrayList<>();
  private final List<String> targetsAdded = new ArrayList<>();
  private final List<String> targetsRemoved = new ArrayList<>();
  private final List<StatusChange> statusChanged = new ArrayList<>();

  private ReportDiff(Report old, Report now, String oldName, String newName) {
    this.old = old;
    this.now = now;
    this.oldName = oldName;
    this.newName = newName;
  }

  /**
   * Compares {@code old} with {@code now}; the names say where each report comes from (a file,
   * {@code run 12}) in what the diff writes.
   */
  public static ReportDiff of(Report old, Report now, String oldName, String newName) {
    ReportDiff d = new ReportDiff(Objects.requireNonNull(old, "old"),
        Objects.requireNonNull(now, "now"), Objects.requireNonNull(oldName, "oldName"),
        Objects.requireNonNull(newName, "newName"));
    d.compare();
    return d;
  }

  private void compare() {
    boolean same = sameBenchmark();
    Map<String, Result> before = index(old, same);
    Map<String, Result> after = index(now, same);
    for (Map.Entry<String, Result> e : after.entrySet()) {
      Result n = e.getValue();
      Result o = before.get(e.getKey());
      Change c = new Change(key(n, same), n.target(), o, n);
      if (failing(n) && (o == null || !failing(o))) {
        newFailures.add(c);
      } else if (failing(n)) {
        stillFailing.add(c);
      } else if (o != null && failing(o) && n.status() == Status.PASS) {
        fixed.add(c);
      }
      if (o != null && !observed(o).equals(observed(n))) {
        evidenceChanged.add(c);
      }
    }
    Set<String> oldTargets = targets(old);
    Set<String> newTargets = targets(now);
    newTargets.stream().filter(t -> !oldTargets.contains(t)).forEach(targetsAdded::add);
    oldTargets.stream().filter(t -> !newTargets.contains(t)).forEach(targetsRemoved::add);
    if (same) {
      Map<String, Report.ControlStatus> was = new LinkedHashMap<>();
      old.controls().forEach(c -> was.put(c.id(), c));
      Set<String> seen = new LinkedHashSet<>();
      for (Report.ControlStatus c : now.controls()) {
        seen.add(c.id());
        Report.ControlStatus w = was.get(c.id());
        if (w == null || w.status() != c.status()) {
          statusChanged.add(new StatusChange("control", c.id(), c.title(),
              w == null ? null : w.status(), c.status()));
        }
      }
      was.values().stream().filter(w -> !seen.contains(w.id())).forEach(w -> statusChanged.add(
          new StatusChange("control", w.id(), w.title(), w.status(), null)));
    } else {
      Map<String, Status> was = byRule(old);
      Map<String, Status> is = byRule(now);
      is.forEach((rule, status) -> {
        if (was.get(rule) != status) {
          statusChanged.add(new StatusChange("rule", rule, null, was.get(rule), status));
        }
      });
      was.forEach((rule, status) -> {
        if (!is.containsKey(rule)) {
          statusChanged.add(new StatusChange("rule", rule, null, status, null));
        }
      });
    }
  }

  /** Whether both reports are of the same benchmark profile. */
  public boolean sameBenchmark() {
    return old.profile().id().equals(now.profile().id());
  }

  /**
   * The difference in benchmark, stated once: {@code null} when both are of the same one, else
   * e.g. {@code cis-1.10 (old) and cis-1.12 (new): compared by rule and target}.
   */
  public String profileDifference() {
    return sameBenchmark() ? null : old.profile().id() + " (old) and " + now.profile().id()
        + " (new) differ: results compared by rule and target, statuses per rule";
  }

  /** Whether the new report has a failure (FAIL or WARN) that the old one did not have. */
  public boolean hasNewFailures() {
    return !newFailures.isEmpty();
  }

  /** Writes the diff in {@code format}. */
  public void write(Format format, OutputStream out) throws IOException {
    DiffWriter.write(this, format, out);
  }

  public Report old() {
    return old;
  }

  public Report now() {
    return now;
  }

  public String oldName() {
    return oldName;
  }

  public String newName() {
    return newName;
  }

  /** Failures in the new report that the old one did not have (new targets included). */
  public List<Change> newFailures() {
    return List.copyOf(newFailures);
  }

  /** Failures of the old report that pass in the new one. */
  public List<Change> fixed() {
    return List.copyOf(fixed);
  }

  /** Failures in both. */
  public List<Change> stillFailing() {
    return List.copyOf(stillFailing);
  }

  /** Results in both whose observed values changed. */
  public List<Change> evidenceChanged() {
    return List.copyOf(evidenceChanged);
  }

  /** Targets only the new report judges. */
  public List<String> targetsAdded() {
    return List.copyOf(targetsAdded);
  }

  /** Targets only the old report judges. */
  public List<String> targetsRemoved() {
    return List.copyOf(targetsRemoved);
  }

  /** Controls (or, across benchmarks, rules) whose aggregated status changed. */
  public List<StatusChange> statusChanged() {
    return List.copyOf(statusChanged);
  }

  /** A failure: a finding, FAIL or WARN. */
  public static boolean failing(Result r) {
    return r.status() == Status.FAIL || r.status() == Status.WARN;
  }

  private static String key(Result r, boolean sameBenchmark) {
    return r.rule() != null ? r.rule() : "control:" + r.control();
  }

  /** Results by rule (or control) and target; the first of duplicates is kept. */
  private static Map<String, Result> index(Report report, boolean sameBenchmark) {
    Map<String, Result> byKey = new LinkedHashMap<>();
    for (Result r : report.results()) {
      if (r.rule() == null && !sameBenchmark) {
        continue; // control numbers differ between benchmarks: nothing to match on
      }
      byKey.putIfAbsent(key(r, sameBenchmark) + "\u0000" + r.target(), r);
    }
    return byKey;
  }

  private static Set<String> targets(Report report) {
    Set<String> targets = new LinkedHashSet<>();
    report.results().forEach(r -> targets.add(r.target()));
    return targets;
  }

  private static Map<String, Status> byRule(Report report) {
    Map<String, Status> byRule = new LinkedHashMap<>();
    for (Result r : report.results()) {
      if (r.rule() != null) {
        byRule.merge(r.rule(), r.status(), Status::worst);
      }
    }
    return byRule;
  }

  /** What was observed, as {@code item = value} lines, for comparing evidence. */
  public static List<String> observed(Result r) {
    List<String> values = new ArrayList<>();
    if (r.evidence() != null) {
      for (Observation o : r.evidence().observed()) {
        values.add(o.item() + " = " + (o.value() == null ? "(absent)" : o.value()));
      }
    }
    return values;
  }
}
