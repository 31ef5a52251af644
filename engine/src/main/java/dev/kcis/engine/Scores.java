package dev.kcis.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report's compliance scores: over all controls, per section and subsection, and per framework
 * (over the framework's requirements, every mapping provenance counted). {@link Score} gives the
 * formula.
 *
 * @param overall over every control of the profile
 * @param sections per section ({@code 1}) and subsection ({@code 1.2}), in profile order
 * @param frameworks per framework
 */
public record Scores(Score overall, Map<String, Score> sections, Map<Framework, Score> frameworks) {

  public Scores {
    sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    frameworks = Collections.unmodifiableMap(new EnumMap<>(frameworks));
  }

  /** The scores of a report. */
  public static Scores of(Report report) {
    List<Status> all = new ArrayList<>();
    Map<String, List<Status>> bySection = new LinkedHashMap<>();
    for (Report.ControlStatus control : report.controls()) {
      all.add(control.status());
      String section = control.section();
      String top = section.contains(".") ? section.substring(0, section.indexOf('.')) : section;
      bySection.computeIfAbsent(top, k -> new ArrayList<>()).add(control.status());
      if (!section.equals(top)) {
        bySection.computeIfAbsent(section, k -> new ArrayList<>()).add(control.status());
      }
    }
    Map<String, Score> sections = new LinkedHashMap<>();
    bySection.forEach((id, statuses) -> sections.put(id, Score.of(statuses)));
    Map<Framework, Score> frameworks = new EnumMap<>(Framework.class);
    for (Framework f : Framework.values()) {
      frameworks.put(f, FrameworkView.of(report, f, Set.of()).score());
    }
    return new Scores(Score.of(all), sections, frameworks);
  }
}
