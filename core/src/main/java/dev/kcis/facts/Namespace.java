package dev.kcis.facts;

import java.util.Map;
import java.util.Objects;

/**
 * A namespace in the evidence: a Namespace object, or a namespace objects were found in. Carries
 * its Pod Security Admission labels and whether it has NetworkPolicies.
 */
public final class Namespace implements Fact {

  /** Namespaces Kubernetes itself creates. */
  public static final java.util.Set<String> SYSTEM =
      java.util.Set.of("kube-system", "kube-public", "kube-node-lease");

  private final String name;
  private final Map<String, String> labels;
  private final boolean declared;
  private final int networkPolicies;
  private final String location;

  /**
   * @param name the namespace
   * @param labels its labels ({@code pod-security.kubernetes.io/enforce} ...), empty when only
   *     referenced
   * @param declared true when its Namespace object is in the evidence
   * @param networkPolicies how many NetworkPolicies it holds
   * @param location where its object was read from, or {@code null}
   */
  public Namespace(String name, Map<String, String> labels, boolean declared, int networkPolicies,
      String location) {
    this.name = Objects.requireNonNull(name, "name");
    this.labels = Map.copyOf(labels);
    this.declared = declared;
    this.networkPolicies = networkPolicies;
    this.location = location;
  }

  public String getName() {
    return name;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public boolean isDeclared() {
    return declared;
  }

  public int getNetworkPolicies() {
    return networkPolicies;
  }

  /** True for kube-system, kube-public and kube-node-lease. */
  public boolean isSystem() {
    return SYSTEM.contains(name);
  }

  /** The Pod Security Admission level enforced ({@code privileged}, {@code baseline}, {@code restricted}), or {@code null}. */
  public String getPodSecurityEnforce() {
    return labels.get("pod-security.kubernetes.io/enforce");
  }

  /** True when Pod Security Admission enforces baseline or restricted here. */
  public boolean isPodSecurityEnforced() {
    String level = getPodSecurityEnforce();
    return "baseline".equals(level) || "restricted".equals(level);
  }

  @Override
  public String getTarget() {
    return "Namespace/" + name;
  }

  @Override
  public Observation observe() {
    String enforce = getPodSecurityEnforce();
    return new Observation(getTarget(), "pod-security.kubernetes.io/enforce: "
        + (enforce == null ? "unset" : enforce) + ", NetworkPolicies: " + networkPolicies,
        "api-object", location, "metadata.labels");
  }
}
