package dev.kcis.facts;

import java.util.Objects;

/**
 * A Kubernetes component found on a node: {@code kube-apiserver}, {@code kube-controller-manager},
 * {@code kube-scheduler}, {@code etcd}, {@code kubelet} or {@code kube-proxy}.
 *
 * <p>When a component is found both in a static pod manifest and as a running process, the
 * running process is the one judged, since it is what runs.
 */
public final class Component implements Fact {

  private final String node;
  private final String kind;
  private final String sourceType;
  private final String source;

  /**
   * @param node the node it runs on
   * @param kind the component kind
   * @param sourceType how it was found: {@code static-pod-manifest}, {@code process},
   *     {@code systemd-unit}, {@code mirror-pod}, {@code configz}, {@code configmap}
   * @param source the manifest path, {@code /proc/<pid>}, unit path or object reference
   */
  public Component(String node, String kind, String sourceType, String source) {
    this.node = Objects.requireNonNull(node, "node");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.sourceType = sourceType;
    this.source = source;
  }

  public String getKind() {
    return kind;
  }

  public String getSourceType() {
    return sourceType;
  }

  public String getSource() {
    return source;
  }

  @Override
  public String getTarget() {
    return "node/" + node + "/" + kind;
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
    return new Observation(kind, "found", sourceType, source, null);
  }

  @Override
  public String toString() {
    return getTarget();
  }
}
