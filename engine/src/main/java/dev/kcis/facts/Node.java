package dev.kcis.facts;

import java.util.List;
import java.util.Objects;

/** A node the bundles hold evidence from, with its roles ({@code control-plane}, {@code worker}). */
public final class Node implements Fact {

  private final String name;
  private final List<String> roles;

  public Node(String name, List<String> roles) {
    this.name = Objects.requireNonNull(name, "name");
    this.roles = List.copyOf(roles);
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
