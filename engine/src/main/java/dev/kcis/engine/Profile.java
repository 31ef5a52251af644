package dev.kcis.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A benchmark version's view of the rules: its control numbers and titles, mapped onto rule ids, so
 * that several benchmark versions share one set of rules.
 *
 * @param id the profile id, e.g. {@code cis-1.12}
 * @param name the benchmark's name
 * @param version the benchmark's version, e.g. {@code 1.12.0}
 * @param sections section ids to titles, e.g. {@code 4.2} to {@code Kubelet}
 * @param controls every recommendation, in benchmark order
 * @param mappingOverrides per rule id, mapping annotations ({@code nist}, {@code soc2}, {@code pci},
 *     {@code cisControls}) that replace the rule's own for that framework
 */
public record Profile(String id, String name, String version, Map<String, String> sections,
    List<Control> controls, Map<String, Map<String, String>> mappingOverrides) {

  public Profile {
    sections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
    controls = List.copyOf(controls);
    mappingOverrides = Map.copyOf(mappingOverrides);
  }

  /** A profile without mapping overrides. */
  public Profile(String id, String name, String version, Map<String, String> sections,
      List<Control> controls) {
    this(id, name, version, sections, controls, Map.of());
  }

  /** The control with this id, if the profile has it. */
  public Optional<Control> control(String controlId) {
    return controls.stream().filter(c -> c.id().equals(controlId)).findFirst();
  }
}
