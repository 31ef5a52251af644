package dev.kcis.facts;

import java.util.List;

/**
 * A kube-apiserver's {@code --admission-control-config-file}, reduced to the PodSecurity plugin's
 * cluster-wide defaults: the level enforced on namespaces without a
 * {@code pod-security.kubernetes.io/enforce} label, and the namespaces exempted. One per API
 * server, also when the flag is not set (then PodSecurity enforces {@code privileged}, i.e.
 * nothing, by default).
 */
public final class AdmissionConfig extends ApiServerConfigFile {

  private final boolean podSecurityKnown;
  private final String podSecurityDefaultEnforce;
  private final List<String> podSecurityExemptNamespaces;

  /**
   * @param node the node the API server runs on
   * @param path the file named by {@code --admission-control-config-file}, or {@code null}
   * @param readable true when the file's content is in the evidence
   * @param podSecurityKnown true when the PodSecurity defaults are known: the file is readable and
   *     configures PodSecurity inline, or not at all (a plugin {@code path} is another file)
   * @param podSecurityDefaultEnforce {@code defaults.enforce}; {@code privileged} when not set
   * @param podSecurityExemptNamespaces {@code exemptions.namespaces}
   * @param location the API server's source, for evidence
   */
  public AdmissionConfig(String node, String path, boolean readable, boolean podSecurityKnown,
      String podSecurityDefaultEnforce, List<String> podSecurityExemptNamespaces,
      String location) {
    super(node, path, readable, location);
    this.podSecurityKnown = podSecurityKnown;
    this.podSecurityDefaultEnforce = podSecurityDefaultEnforce;
    this.podSecurityExemptNamespaces = List.copyOf(podSecurityExemptNamespaces);
  }

  /** True when the PodSecurity defaults below are known (see the constructor). */
  public boolean isPodSecurityKnown() {
    return !isConfigured() || podSecurityKnown;
  }

  /** The level enforced on unlabelled namespaces: {@code privileged}, {@code baseline}, {@code restricted}. */
  public String getPodSecurityDefaultEnforce() {
    return podSecurityDefaultEnforce;
  }

  /** True when the defaults enforce baseline or restricted. */
  public boolean isPodSecurityEnforcedByDefault() {
    return "baseline".equals(podSecurityDefaultEnforce)
        || "restricted".equals(podSecurityDefaultEnforce);
  }

  public List<String> getPodSecurityExemptNamespaces() {
    return podSecurityExemptNamespaces;
  }

  /** True when PodSecurity exempts the namespace from every check. */
  public boolean exempts(String namespace) {
    return podSecurityExemptNamespaces.contains(namespace);
  }

  @Override
  public Observation observe() {
    return observation("pod security admission defaults", "no --admission-control-config-file",
        !podSecurityKnown ? "PodSecurity configured in a separate file"
            : "PodSecurity defaults.enforce: " + podSecurityDefaultEnforce
                + (podSecurityExemptNamespaces.isEmpty() ? ""
                    : ", exempt namespaces: " + String.join(", ", podSecurityExemptNamespaces)),
        "plugins[PodSecurity].configuration");
  }
}
