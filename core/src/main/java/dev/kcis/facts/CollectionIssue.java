package dev.kcis.facts;

/**
 * Something a collector could not read, and why: a file with no permission, a process that
 * vanished, an API kind that answered 403. The engine names these in the reason of every
 * INCONCLUSIVE result they explain.
 */
public final class CollectionIssue implements Fact {

  private final String node;
  private final String component;
  private final String kind;
  private final String item;
  private final String message;

  /**
   * @param node the node, or {@code null} for cluster-level collection
   * @param component the component kind it concerns, or {@code null}
   * @param kind the API kind it concerns, or {@code null}
   * @param item what could not be read (a path, a pid, a resource)
   * @param message why
   */
  public CollectionIssue(String node, String component, String kind, String item, String message) {
    this.node = node;
    this.component = component;
    this.kind = kind;
    this.item = item;
    this.message = message;
  }

  public String getComponent() {
    return component;
  }

  public String getKind() {
    return kind;
  }

  public String getItem() {
    return item;
  }

  public String getMessage() {
    return message;
  }

  @Override
  public String getTarget() {
    if (node == null) {
      return "cluster";
    }
    return component == null ? "node/" + node : "node/" + node + "/" + component;
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
    return new Observation(item, message, "collection-error", getTarget(), null);
  }

  @Override
  public String toString() {
    return getTarget() + ": " + item + ": " + message;
  }
}
