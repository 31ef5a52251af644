package dev.kcis.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A report rolled up per requirement of one framework: each requirement (a NIST SP 800-53 control,
 * a SOC 2 criterion, a PCI DSS requirement) with the benchmark controls mapped to it, each with the
 * provenance of its mapping. A requirement takes the most urgent status of its controls, so it
 * fails when any control mapped to it fails.
 *
 * <pre>
 * FrameworkView view = FrameworkView.of(report, Framework.NIST_800_53_R5, Set.of("sourced"));
 * view.requirements().forEach(r -&gt; System.out.println(r.id() + " " + r.status()));
 * </pre>
 *
 * @param framework the framework
 * @param provenances the mapping provenances kept ({@code sourced}, {@code transitive},
 *     {@code derived}); empty keeps every mapping
 * @param requirements the requirements that at least one control maps to, in the framework's
 *     natural order ({@code AC-2} before {@code AC-12})
 */
public record FrameworkView(Framework framework, Set<String> provenances,
    List<Requirement> requirements) {

  public FrameworkView {
    Objects.requireNonNull(framework, "framework");
    provenances = Set.copyOf(provenances);
    requirements = List.copyOf(requirements);
  }

  /**
   * One requirement of the framework.
   *
   * @param id its id, e.g. {@code AC-6(2)}
   * @param title its title in the framework's catalog, or {@code null}
   * @param status the most urgent status of its controls
   * @param controls the benchmark controls mapped to it, in profile order
   */
  public record Requirement(String id, String title, Status status, List<MappedControl> controls) {
    public Requirement {
      controls = List.copyOf(controls);
    }
  }

  /**
   * A benchmark control mapped to a requirement, and how the mapping is known.
   *
   * @param control the control id in the profile, e.g. {@code 1.2.1}
   * @param title the control's title
   * @param status the control's aggregated status
   * @param rule the rule whose mapping this is
   * @param provenance {@code sourced}, {@code transitive} or {@code derived}
   * @param basis the published source, the chain, or the reasoning rule
   */
  public record MappedControl(String control, String title, Status status, String rule,
      String provenance, String basis) {}

  /**
   * Rolls a report up per requirement of {@code framework}.
   *
   * @param provenances the provenances to keep; empty keeps all
   */
  public static FrameworkView of(Report report, Framework framework, Set<String> provenances) {
    Objects.requireNonNull(report, "report");
    Map<String, Report.ControlStatus> controls = new LinkedHashMap<>();
    report.controls().forEach(c -> controls.put(c.id(), c));
    // A rule's mappings ride on each of its results: take them from the first result per
    // (control, rule), in profile order.
    Map<String, Map<String, List<Mapping>>> mappingsByControl = new LinkedHashMap<>();
    for (Result result : report.results()) {
      if (result.rule() != null) {
        mappingsByControl.computeIfAbsent(result.control(), k -> new LinkedHashMap<>())
            .putIfAbsent(result.rule(), result.mappings());
      }
    }
    Map<String, String> titles = new TreeMap<>(REQUIREMENT_ORDER);
    Map<String, List<MappedControl>> byRequirement = new TreeMap<>(REQUIREMENT_ORDER);
    for (Map.Entry<String, Map<String, List<Mapping>>> control : mappingsByControl.entrySet()) {
      Report.ControlStatus status = controls.get(control.getKey());
      if (status == null) {
        continue;
      }
      for (Map.Entry<String, List<Mapping>> rule : control.getValue().entrySet()) {
        for (Mapping m : rule.getValue()) {
          if (!m.framework().equals(framework.displayName())
              || (!provenances.isEmpty() && !provenances.contains(m.provenance()))) {
            continue;
          }
          titles.putIfAbsent(m.id(), m.title());
          List<MappedControl> mapped = byRequirement.computeIfAbsent(m.id(), k -> new ArrayList<>());
          boolean seen = mapped.stream().anyMatch(c -> c.control().equals(status.id())
              && c.rule().equals(rule.getKey()));
          if (!seen) {
            mapped.add(new MappedControl(status.id(), status.title(), status.status(),
                rule.getKey(), m.provenance(), m.basis()));
          }
        }
      }
    }
    List<Requirement> requirements = new ArrayList<>();
    for (Map.Entry<String, List<MappedControl>> e : byRequirement.entrySet()) {
      Status worst = e.getValue().stream().map(MappedControl::status)
          .reduce(Status.NOT_APPLICABLE, Status::worst);
      requirements.add(new Requirement(e.getKey(), titles.get(e.getKey()), worst, e.getValue()));
    }
    return new FrameworkView(framework, provenances, requirements);
  }

  /** The score over requirements (see {@link Score} for the formula). */
  public Score score() {
    return Score.of(requirements.stream().map(Requirement::status).toList());
  }

  /**
   * Framework ids in natural order: runs of digits compare as numbers, so {@code AC-2} comes before
   * {@code AC-12} and {@code 7.2.1} before {@code 10.2}.
   */
  static final Comparator<String> REQUIREMENT_ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length())
            : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  };
}
