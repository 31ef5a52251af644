package dev.kcis.engine;

import dev.kcis.core.KcisException;
import dev.kcis.engine.internal.ReportJson;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one evaluation: one or more results per control of the selected profile, with
 * evidence and mappings, and counts per status and per section. Immutable.
 *
 * <pre>
 * Report report = engine.evaluate(FactBundle.read(path));
 * if (report.worstStatus().atLeast(Status.FAIL)) { ... }
 * report.writeJson(System.out);
 * </pre>
 *
 * @param profile the profile evaluated
 * @param generatedAt when the evaluation ran
 * @param kcisVersion the engine's version
 * @param cluster what the bundles say about the cluster (fields may be {@code null})
 * @param inputs the bundles evaluated, by origin
 * @param controls one aggregated status per control, in profile order
 * @param results every result, in profile order then by target
 * @param waivers every waiver given to the evaluation, with what became of it; empty without
 *     waivers
 * @param semantics how recommendations were read where the benchmark's pass condition and the
 *     value in effect differ ({@link dev.kcis.facts.Semantics#CIS} by default)
 * @param digests the SHA-256 of every bundle, rule pack and profile file the evaluation read
 */
public record Report(Profile profile, Instant generatedAt, String kcisVersion, ClusterInfo cluster,
    List<String> inputs, List<ControlStatus> controls, List<Result> results,
    List<WaiverUse> waivers, dev.kcis.facts.Semantics semantics, List<InputDigest> digests) {

  /** The report format's {@code apiVersion}. */
  public static final String API_VERSION = "kcis.dev/v1";

  public Report {
    Objects.requireNonNull(profile, "profile");
    inputs = List.copyOf(inputs);
    controls = List.copyOf(controls);
    results = List.copyOf(results);
    waivers = List.copyOf(waivers);
    Objects.requireNonNull(semantics, "semantics");
    digests = List.copyOf(digests);
  }

  /** A report without digests (of bundles built in memory). */
  public Report(Profile profile, Instant generatedAt, String kcisVersion, ClusterInfo cluster,
      List<String> inputs, List<ControlStatus> controls, List<Result> results,
      List<WaiverUse> waivers, dev.kcis.facts.Semantics semantics) {
    this(profile, generatedAt, kcisVersion, cluster, inputs, controls, results, waivers,
        semantics, List.of());
  }

  /** This report with {@code more} digests before its own (those of the bundles a caller read). */
  public Report withDigests(List<InputDigest> more) {
    List<InputDigest> all = new java.util.ArrayList<>(more);
    all.addAll(digests);
    return new Report(profile, generatedAt, kcisVersion, cluster, inputs, controls, results,
        waivers, semantics, all);
  }

  /** A report of an evaluation without waivers that read recommendations as CIS writes them. */
  public Report(Profile profile, Instant generatedAt, String kcisVersion, ClusterInfo cluster,
      List<String> inputs, List<ControlStatus> controls, List<Result> results) {
    this(profile, generatedAt, kcisVersion, cluster, inputs, controls, results, List.of(),
        dev.kcis.facts.Semantics.CIS);
  }

  /**
   * Reads a report written by {@link #writeJson} or {@code kcis eval --format json}
   * (docs/report-format.md), of this or an earlier kcis: fields it does not know are ignored.
   * The profile is rebuilt from the report's {@code controls}, so it has what the report states
   * (ids, titles, sections, rules), not assessment levels or reviews.
   *
   * @throws KcisException naming {@code origin} and the place in it when the document is not a
   *     kcis report
   */
  public static Report readJson(java.io.InputStream in, String origin) throws IOException {
    return dev.kcis.engine.internal.ReportJsonReader.read(in, origin);
  }

  /** The waivers in one state. */
  public List<WaiverUse> waivers(WaiverUse.State state) {
    return waivers.stream().filter(w -> w.state() == state).toList();
  }

  /** The most urgent status of any result; {@link Status#NOT_APPLICABLE} when there are none. */
  public Status worstStatus() {
    return results.stream().map(Result::status).reduce(Status.NOT_APPLICABLE, Status::worst);
  }

  /** The aggregated status of one control, if the profile has it. */
  public Optional<Status> statusOf(String controlId) {
    return controls.stream().filter(c -> c.id().equals(controlId)).map(ControlStatus::status)
        .findFirst();
  }

  /** The results of one control. */
  public List<Result> resultsOf(String controlId) {
    return results.stream().filter(r -> r.control().equals(controlId)).toList();
  }

  /** Counts of control statuses and result statuses, overall and per section. */
  public Summary summary() {
    return Summary.of(profile, controls, results);
  }

  /** Compliance scores overall, per section and per framework (formula: {@link Score}). */
  public Scores scores() {
    return Scores.of(this);
  }

  /** Writes the report as JSON (format {@code kcis.dev/v1 Report}, see docs/report-format.md). */
  public void writeJson(OutputStream out) throws IOException {
    ReportJson.write(this, ReportOptions.defaults(), out);
  }

  /**
   * Writes the report as JSON, showing the results and the framework view that {@code options}
   * ask for. The summary always counts every result.
   */
  public void writeJson(OutputStream out, ReportOptions options) throws IOException {
    ReportJson.write(this, Objects.requireNonNull(options, "options"), out);
  }

  /**
   * What became of a waiver in an evaluation.
   *
   * @param waiver the waiver
   * @param state whether it applied, had expired, or matched nothing
   * @param results the results it turned WAIVED ({@code APPLIED}), or the failing results it
   *     would have accepted ({@code EXPIRED}); 0 when {@code UNUSED}
   */
  public record WaiverUse(Waiver waiver, State state, int results) {

    public WaiverUse {
      Objects.requireNonNull(waiver, "waiver");
      Objects.requireNonNull(state, "state");
    }

    /** What became of a waiver. */
    public enum State {
      /** It accepted at least one FAIL, WARN or INCONCLUSIVE result. */
      APPLIED,
      /** Its date has passed: it accepted nothing, and the results it names keep their status. */
      EXPIRED,
      /** It is valid but no FAIL, WARN or INCONCLUSIVE result matched it. */
      UNUSED;

      /** {@code applied}, {@code expired}, {@code unused}. */
      public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }

  /**
   * What the bundles say about the cluster.
   *
   * @param name the cluster's name, or {@code null}
   * @param kubernetesVersion e.g. {@code v1.31.4}, or {@code null}
   * @param platform e.g. {@code kubeadm}, {@code eks}, or {@code null}
   */
  public record ClusterInfo(String name, String kubernetesVersion, String platform) {}

  /**
   * The status of one control: the most urgent status of its results.
   *
   * @param id the control id
   * @param title its title
   * @param section its subsection
   * @param status the aggregated status
   * @param automated true when kcis decides it from evidence
   */
  public record ControlStatus(String id, String title, String section, Status status,
      boolean automated) {}

  /**
   * Counts per status.
   *
   * @param controls aggregated control statuses
   * @param results result statuses
   * @param sections control statuses per section and subsection, in profile order
   */
  public record Summary(Map<Status, Integer> controls, Map<Status, Integer> results,
      List<SectionSummary> sections) {

    static Summary of(Profile profile, List<ControlStatus> controls, List<Result> results) {
      Map<Status, Integer> controlCounts = count(controls.stream().map(ControlStatus::status).toList());
      Map<Status, Integer> resultCounts = count(results.stream().map(Result::status).toList());
      java.util.LinkedHashMap<String, java.util.List<Status>> bySection =
          new java.util.LinkedHashMap<>();
      for (ControlStatus control : controls) {
        String section = control.section();
        String top = section.contains(".") ? section.substring(0, section.indexOf('.')) : section;
        bySection.computeIfAbsent(top, k -> new java.util.ArrayList<>()).add(control.status());
        if (!section.equals(top)) {
          bySection.computeIfAbsent(section, k -> new java.util.ArrayList<>()).add(control.status());
        }
      }
      List<SectionSummary> sections = bySection.entrySet().stream()
          .map(e -> new SectionSummary(e.getKey(), profile.sections().get(e.getKey()),
              count(e.getValue())))
          .toList();
      return new Summary(controlCounts, resultCounts, sections);
    }

    private static Map<Status, Integer> count(List<Status> statuses) {
      java.util.EnumMap<Status, Integer> counts = new java.util.EnumMap<>(Status.class);
      for (Status s : Status.values()) {
        counts.put(s, 0);
      }
      statuses.forEach(s -> counts.merge(s, 1, Integer::sum));
      return java.util.Collections.unmodifiableMap(counts);
    }
  }

  /**
   * Control statuses of one section.
   *
   * @param id e.g. {@code 1} or {@code 1.2}
   * @param title the section's title, or {@code null}
   * @param controls counts per status
   */
  public record SectionSummary(String id, String title, Map<Status, Integer> controls) {}
}
