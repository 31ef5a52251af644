package dev.kcis.facts;

import java.util.Objects;

/**
 * An API kind whose objects the bundles hold in full: the cluster collector listed it, or the
 * manifests given contain objects of it. Without an inventory for a kind, "no offending object"
 * proves nothing, so rules over that kind cannot pass.
 */
public final class Inventory implements Fact {

  private final String kind;
  private final int count;

  public Inventory(String kind, int count) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.count = count;
  }

  public String getKind() {
    return kind;
  }

  /** How many objects of the kind the bundles hold. */
  public int getCount() {
    return count;
  }

  @Override
  public String getTarget() {
    return "cluster";
  }

  @Override
  public Observation observe() {
    return new Observation(kind, count + " objects", "api-object", "inventory", null);
  }
}
