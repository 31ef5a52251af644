package dev.kcis.facts;

import java.util.List;
import java.util.Objects;

/**
 * A node the bundles hold evidence from, with its roles ({@code control-plane}, {@code worker})
 * and whether the evidence shows it is a worker: a node the engine judges as a worker gets
 * NOT_APPLICABLE for the checks of control-plane nodes instead of INCONCLUSIVE.
 */
public final class Node implements Fact {

  private final String name;
  private final List<String> roles;
  private final String workerBasis;

  public Node(String name, List<String> roles) {
    this(name, roles, null);
  }

  /**
   * @param workerBasis why the evidence shows the node is a worker (no control-plane component
   *     was found where one was looked for, or the provider runs the control plane), or
   *     {@code null} when it does not
   */
  public Node(String name, List<String> roles, String workerBasis) {
    this.name = Objects.requireNonNull(name, "name");
    this.roles = List.copyOf(roles);
    this.workerBasis = workerBasis;
  }

  public String getName() {
    return name;
  }

  public List<String> getRoles() {
    return roles;
  }

  /** True when the node is labelled or was found to run the control plane. */
  public boolean isControlPlane() {
    return roles.contains("control-plane") || roles.contains("master");
  }

  /** True when the evidence shows the node is a worker: it runs no control-plane component. */
  public boolean isWorker() {
    return workerBasis != null;
  }

  /** Why the node is judged a worker, or {@code null} when it is not. */
  public String getWorkerBasis() {
    return workerBasis;
  }

  @Override
  public String getTarget() {
    return "node/" + name;
  }

  @Override
  public String getScope() {
    return getTarget();
  }

  @Override
  public String getNode() {
    return name;
  }

  @Override
  public Observation observe() {
    return new Observation("node", name, "bundle", getTarget(), null);
  }

  @Override
  public String toString() {
    return getTarget();
  }
}
