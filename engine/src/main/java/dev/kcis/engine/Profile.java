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
 * @param platform the platform the benchmark is written for ({@code eks}, {@code rke2}...), or
 *     {@code null} for the generic CIS Kubernetes Benchmark
 * @param kubernetesVersions the Kubernetes minor versions the benchmark covers, e.g.
 *     {@code 1.32-1.34}, or {@code null} when not stated
 * @param targets per section id, what its recommendations are audited on: {@link #CONTROL_PLANE}
 *     (control-plane nodes), {@link #NODE} (every node), {@link #CLUSTER} (the API) or
 *     {@link #PROVIDER} (the cloud provider's configuration of a managed cluster)
 */
public record Profile(String id, String name, String version, Map<String, String> sections,
    List<Control> controls, Map<String, Map<String, String>> mappingOverrides, String platform,
    String kubernetesVersions, Map<String, String> targets) {

  /** Audited on the control-plane nodes: not applicable on workers and managed control planes. */
  public static final String CONTROL_PLANE = "control-plane";
  /** Audited on every node. */
  public static final String NODE = "node";
  /** Audited through the API: policies, RBAC, workloads. */
  public static final String CLUSTER = "cluster";
  /** Audited at the cloud provider: a managed cluster's settings, reviewed through its API. */
  public static final String PROVIDER = "provider";
  /** The values {@code targets} may hold. */
  public static final List<String> TARGETS = List.of(CONTROL_PLANE, NODE, CLUSTER, PROVIDER);

  public Profile {
    sections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
    controls = List.copyOf(controls);
    mappingOverrides = Map.copyOf(mappingOverrides);
    targets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
  }

  /** A profile without mapping overrides. */
  public Profile(String id, String name, String version, Map<String, String> sections,
      List<Control> controls) {
    this(id, name, version, sections, controls, Map.of());
  }

  /** A generic profile (no platform, no targets) with mapping overrides. */
  public Profile(String id, String name, String version, Map<String, String> sections,
      List<Control> controls, Map<String, Map<String, String>> mappingOverrides) {
    this(id, name, version, sections, controls, mappingOverrides, null, null, Map.of());
  }

  /**
   * What a control is audited on: the target of its closest section that has one (4.2.1 looks at
   * {@code 4.2}, then {@code 4}), or {@code null} when the profile says nothing.
   */
  public String targetOf(Control control) {
    String section = control.id();
    while (section.contains(".")) {
      section = section.substring(0, section.lastIndexOf('.'));
      String target = targets.get(section);
      if (target != null) {
        return target;
      }
    }
    return null;
  }

  /** The control with this id, if the profile has it. */
  public Optional<Control> control(String controlId) {
    return controls.stream().filter(c -> c.id().equals(controlId)).findFirst();
  }
}
