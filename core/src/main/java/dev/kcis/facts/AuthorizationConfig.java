package dev.kcis.facts;

import java.util.List;

/**
 * A kube-apiserver's structured authorization configuration ({@code --authorization-config},
 * Kubernetes 1.29+), reduced to its authorizer chain. One per API server, also when the flag is not
 * set; the API server refuses {@code --authorization-mode} beside it, so when it is configured it
 * alone decides which authorizers run.
 */
public final class AuthorizationConfig extends ApiServerConfigFile {

  private final List<String> authorizers;

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
    super(node, path, readable, location);
    this.authorizers = List.copyOf(authorizers);
  }

  public List<String> getAuthorizers() {
    return authorizers;
  }

  /** True when an authorizer of this type (case-sensitive, as the API server reads it) is in the chain. */
  public boolean has(String type) {
    return authorizers.contains(type);
  }

  @Override
  public Observation observe() {
    return observation("authorizer chain", "no --authorization-config",
        "authorizers: " + String.join(", ", authorizers), "authorizers[].type");
  }
}
