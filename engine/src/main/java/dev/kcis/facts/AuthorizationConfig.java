package dev.kcis.facts;

import java.util.List;

/**
 * A kube-apiserver's structured authorization configuration ({@code --authorization-config},
 * Kubernetes 1.29+), reduced to its authorizer chain. One per API server, also when the flag is not
 * set; the API server refuses {@code --authorization-mode} beside it, so when it is configured it
 * alone decides which authorizers run.
 */
public final class AuthorizationConfig implements Fact {

  private final String node;
  private final String path;
  private final boolean readable;
  private final List<String> authorizers;
  private final String location;

  /**
   * @param node the node the API server runs on
   * @param path the file named by {@code --authorization-config}, or {@code null}
   * @param readable true when the file's content is in the evidence
   * @param authorizers the {@code authorizers[].type} values in order ({@code Node}, {@code RBAC},
   *     {@code Webhook}, {@code AlwaysAllow}, {@code AlwaysDeny})
   * @param location the API server's source, for evidence
   */
  public AuthorizationConfig(String node, String path, boolean readable, List<String> authorizers,
      String location) {
    this.node = node;
    this.path = path;
    this.readable = readable;
    this.authorizers = List.copyOf(authorizers);
    this.location = location;
  }

  /** True when {@code --authorization-config} names a file. */
  public boolean isConfigured() {
    return path != null && !path.isEmpty();
  }

  public boolean isReadable() {
    return readable;
  }

  public String getPath() {
    return path;
  }

  public List<String> getAuthorizers() {
    return authorizers;
  }

  /** True when an authorizer of this type (case-sensitive, as the API server reads it) is in the chain. */
  public boolean has(String type) {
    return authorizers.contains(type);
  }

  @Override
  public String getTarget() {
    return "node/" + node + "/kube-apiserver";
  }

  @Override
  public String getScope() {
    return getTarget();
  }

  @Override
  public String getNode() {
    return node;
  }

  @Override
  public Observation observe() {
    String value = !isConfigured() ? "no --authorization-config"
        : !readable ? "unreadable" : "authorizers: " + String.join(", ", authorizers);
    return new Observation("authorizer chain", value, "config-file",
        isConfigured() ? path : location, isConfigured() ? "authorizers[].type" : null);
  }
}
