package dev.kcis.facts;

/**
 * A piece of evidence that a verdict can be about.
 *
 * <p>Every fact names the target a verdict about it judges ({@code node/cp-1/kube-apiserver},
 * {@code ClusterRoleBinding/ops-admin}) and the scope it belongs to, which the engine uses to make
 * sure that every component, node or cluster in a rule's scope gets a verdict.
 */
public interface Fact {

  /** What a verdict about this fact judges, e.g. {@code node/cp-1/kube-apiserver}. */
  String getTarget();

  /**
   * The unit of evidence this fact belongs to: a component ({@code node/cp-1/kubelet}), a node
   * ({@code node/cp-1}) or, by default, {@code cluster}.
   */
  default String getScope() {
    return "cluster";
  }

  /** The node this fact was collected on; by default {@code null}, for cluster-wide facts. */
  default String getNode() {
    return null;
  }

  /** What was observed and where, for the evidence of a result. */
  Observation observe();
}
