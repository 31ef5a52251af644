package dev.kcis.report.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kcis.engine.Control;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON {@code kube-bench run --json} writes (its Go types {@code OverallControls},
 * {@code Controls}, {@code Group}, {@code Check} and {@code Summary}, field for field), so that
 * tools reading kube-bench results read kcis's: one {@code Controls} per top-level section of the
 * benchmark ({@code node_type} master, etcd, controlplane, node, policies), one group per
 * subsection, one check per control.
 *
 * <p>kube-bench knows four states. kcis's map onto them as kube-bench itself would report the
 * check: FAIL, PASS and WARN as they are; INCONCLUSIVE and MANUAL as WARN (kube-bench's state for
 * a check it could not carry out and for a manual check); NOT_APPLICABLE and WAIVED as INFO (its
 * state for a skipped check). A check takes its control's aggregated status; every target's
 * evidence is in {@code actual_value} and every finding in {@code reason}, one line per target.
 * Counts always cover every control; the status filter chooses the checks listed, by their
 * control's status.
 */
public final class KubeBenchJson {

  /** kube-bench's {@code node_type} of each top-level CIS section. */
  static final Map<String, String> NODE_TYPES = Map.of("1", "master", "2", "etcd",
      "3", "controlplane", "4", "node", "5", "policies");

  private static final JsonFactory FACTORY = new JsonFactory();

  private KubeBenchJson() {}

  /** The kube-bench state of a kcis status. */
  public static String state(Status status) {
    return switch (status) {
      case PASS -> "PASS";
      case FAIL -> "FAIL";
      case WARN, INCONCLUSIVE, MANUAL -> "WARN";
      case NOT_APPLICABLE, WAIVED -> "INFO";
    };
  }

  /** Writes {@code report} as kube-bench's {@code OverallControls}. */
  public static void write(Report report, ReportOptions options, OutputStream out)
      throws IOException {
    Map<String, List<Report.ControlStatus>> bySection = new LinkedHashMap<>();
    for (Report.ControlStatus c : report.controls()) {
      String section = c.section() == null ? c.id() : c.section();
      String top = section.contains(".") ? section.substring(0, section.indexOf('.')) : section;
      bySection.computeIfAbsent(top, k -> new ArrayList<>()).add(c);
    }
    Map<String, List<Result>> results = new LinkedHashMap<>();
    report.results().forEach(r -> results.computeIfAbsent(r.control(), k -> new ArrayList<>())
        .add(r));

    JsonGenerator json = FACTORY.createGenerator(out);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.useDefaultPrettyPrinter();
    Map<String, Integer> totals = counts();
    json.writeStartObject();
    json.writeArrayFieldStart("Controls");
    for (Map.Entry<String, List<Report.ControlStatus>> section : bySection.entrySet()) {
      Map<String, Integer> sectionCounts = counts();
      json.writeStartObject();
      json.writeStringField("id", section.getKey());
      json.writeStringField("version", report.profile().id());
      String detected = detectedVersion(report);
      if (detected != null) {
        json.writeStringField("detected_version", detected);
      }
      json.writeStringField("text", orEmpty(report.profile().sections().get(section.getKey())));
      json.writeStringField("node_type", NODE_TYPES.getOrDefault(section.getKey(), "policies"));
      json.writeArrayFieldStart("tests");
      Map<String, List<Report.ControlStatus>> groups = new LinkedHashMap<>();
      section.getValue().forEach(c -> groups.computeIfAbsent(
          c.section() == null ? section.getKey() : c.section(), k -> new ArrayList<>()).add(c));
      for (Map.Entry<String, List<Report.ControlStatus>> group : groups.entrySet()) {
        Map<String, Integer> groupCounts = counts();
        group.getValue().forEach(c -> groupCounts.merge(state(c.status()), 1, Integer::sum));
        json.writeStartObject();
        json.writeStringField("section", group.getKey());
        json.writeStringField("type", "");
        json.writeNumberField("pass", groupCounts.get("PASS"));
        json.writeNumberField("fail", groupCounts.get("FAIL"));
        json.writeNumberField("warn", groupCounts.get("WARN"));
        json.writeNumberField("info", groupCounts.get("INFO"));
        json.writeStringField("desc", orEmpty(report.profile().sections().get(group.getKey())));
        json.writeArrayFieldStart("results");
        for (Report.ControlStatus c : group.getValue()) {
          if (options.shows(c.status())) {
            check(json, report, c, results.getOrDefault(c.id(), List.of()), options);
          }
        }
        json.writeEndArray();
        json.writeEndObject();
        groupCounts.forEach((k, v) -> sectionCounts.merge(k, v, Integer::sum));
      }
      json.writeEndArray();
      summary(json, sectionCounts);
      json.writeEndObject();
      sectionCounts.forEach((k, v) -> totals.merge(k, v, Integer::sum));
    }
    json.writeEndArray();
    json.writeObjectFieldStart("Totals");
    summary(json, totals);
    json.writeEndObject();
    json.writeEndObject();
    json.writeRaw('\n');
    json.flush();
  }

  private static void check(JsonGenerator json, Report report, Report.ControlStatus c,
      List<Result> results, ReportOptions options) throws IOException {
    Optional<Control> control = report.profile().control(c.id());
    String assessment = control.map(Control::assessment).orElse(null);
    String state = state(c.status());
    List<Result> shown = results.stream().filter(r -> options.shows(r.status())).toList();

    Set<String> rules = new LinkedHashSet<>();
    results.stream().map(Result::rule).filter(r -> r != null).forEach(rules::add);
    if (rules.isEmpty()) {
      control.ifPresent(k -> rules.addAll(k.rules()));
    }
    String remediation = results.stream().map(Result::remediation)
        .filter(r -> r != null && !r.isBlank()).findFirst()
        .orElse(control.map(Control::review).orElse(""));
    Set<String> expected = new LinkedHashSet<>();
    List<String> actual = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (Result r : shown) {
      if (r.evidence() != null) {
        if (r.evidence().expected() != null && !r.evidence().expected().isBlank()) {
          expected.add(r.evidence().expected());
        }
        List<String> values = new ArrayList<>();
        for (Observation o : r.evidence().observed()) {
          values.add(o.item() + "=" + (o.value() == null ? "(not set)" : o.value()));
        }
        if (!values.isEmpty()) {
          actual.add(r.target() + ": " + String.join(", ", values));
        }
      }
      if (r.waived() != null) {
        reasons.add("WAIVED " + r.target() + ": " + WaiverText.of(r.waived())
            + (r.message() == null || r.message().isBlank() ? "" : "; " + r.message()));
      } else if (r.status() != Status.PASS && r.message() != null && !r.message().isBlank()) {
        reasons.add(r.status().name() + " " + r.target() + ": " + r.message());
      }
    }

    json.writeStartObject();
    json.writeStringField("test_number", c.id());
    json.writeStringField("test_desc", assessment == null ? c.title()
        : c.title() + " (" + assessment + ")");
    json.writeStringField("audit", rules.isEmpty() ? "" : "kcis rule " + String.join(", ", rules));
    json.writeStringField("AuditEnv", "");
    json.writeStringField("AuditConfig", "");
    json.writeStringField("type", c.status() == Status.MANUAL ? "manual"
        : state.equals("INFO") ? "skip" : "");
    json.writeStringField("remediation", remediation);
    // kube-bench appends the remediation to test_info; readers take test_info[0].
    json.writeArrayFieldStart("test_info");
    json.writeString(remediation);
    json.writeEndArray();
    json.writeStringField("status", state);
    json.writeStringField("actual_value", String.join("\n", actual));
    json.writeBooleanField("scored", "Automated".equals(assessment));
    json.writeBooleanField("IsMultiple", results.size() > 1);
    json.writeStringField("expected_result", String.join("; ", expected));
    if (!reasons.isEmpty()) {
      json.writeStringField("reason", String.join("\n", reasons));
    }
    json.writeEndObject();
  }

  private static Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String s : List.of("PASS", "FAIL", "WARN", "INFO")) {
      counts.put(s, 0);
    }
    return counts;
  }

  private static void summary(JsonGenerator json, Map<String, Integer> counts)
      throws IOException {
    json.writeNumberField("total_pass", counts.get("PASS"));
    json.writeNumberField("total_fail", counts.get("FAIL"));
    json.writeNumberField("total_warn", counts.get("WARN"));
    json.writeNumberField("total_info", counts.get("INFO"));
  }

  /** The Kubernetes version as kube-bench writes it, {@code 1.31}, or {@code null}. */
  static String detectedVersion(Report report) {
    String v = report.cluster() == null ? null : report.cluster().kubernetesVersion();
    if (v == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+).*")
        .matcher(v);
    return m.matches() ? m.group(1) + "." + m.group(2) : null;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
