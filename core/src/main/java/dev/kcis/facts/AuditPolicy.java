package dev.kcis.facts;

import java.util.Map;

/**
 * What a kube-apiserver's audit policy ({@code --audit-policy-file}) logs for the requests CIS cares
 * about, computed the way the API server does: the first rule that matches a request decides its
 * level. One per API server, also when no policy is set.
 *
 * <p>Levels are {@code None}, {@code Metadata}, {@code Request}, {@code RequestResponse}; a
 * request no rule matches is not logged ({@code None}).
 */
public final class AuditPolicy extends ApiServerConfigFile {

  /** Requests whose audit level rules read, by name. */
  public static final Map<String, String> CONCERNS = Map.ofEntries(
      Map.entry("secrets", "get secrets"),
      Map.entry("configmaps", "get configmaps"),
      Map.entry("tokenreviews", "create tokenreviews"),
      Map.entry("pods-write", "create/update/patch/delete pods"),
      Map.entry("deployments-write", "create/update/patch/delete deployments"),
      Map.entry("pods-exec", "create pods/exec"),
      Map.entry("pods-portforward", "create pods/portforward"),
      Map.entry("pods-proxy", "get pods/proxy"),
      Map.entry("services-proxy", "get services/proxy"));

  private final Map<String, String> levels;

  /**
   * @param node the node the API server runs on
   * @param path the policy file, or {@code null} when {@code --audit-policy-file} is not set
   * @param readable true when the policy's content is in the evidence
   * @param levels for each of {@link #CONCERNS}, the lowest level of its requests, and under
   *     {@code <concern>.max} the highest
   * @param location the API server's source, for evidence
   */
  public AuditPolicy(String node, String path, boolean readable, Map<String, String> levels,
      String location) {
    super(node, path, readable, location);
    this.levels = Map.copyOf(levels);
  }

  /**
   * The lowest level the policy gives any request of a concern (a key of {@link #CONCERNS}):
   * {@code None} when some request of it goes unlogged.
   */
  public String level(String concern) {
    return levels.getOrDefault(concern, "None");
  }

  /** True when the concern is logged at {@code Metadata} or more. */
  public boolean logs(String concern) {
    return !"None".equals(level(concern));
  }

  /**
   * True when some request of the concern is logged with its request or response bodies (for
   * Secrets, that writes their values into the audit log).
   */
  public boolean logsBodies(String concern) {
    String level = levels.getOrDefault(concern + ".max", "None");
    return "Request".equals(level) || "RequestResponse".equals(level);
  }

  public Map<String, String> getLevels() {
    return levels;
  }

  @Override
  public Observation observe() {
    return observation("audit policy", "no --audit-policy-file",
        new java.util.TreeMap<>(levels).toString(), "rules");
  }
}
