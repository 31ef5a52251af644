package dev.kcis.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What kcis needs to know of Kubernetes API kinds: which are cluster-scoped, and where a
 * workload's pod spec is.
 */
public final class ApiKinds {

  private static final Set<String> CLUSTER_SCOPED = Set.of(
      "APIServer", "APIService", "Authentication", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding",
      "ComponentStatus", "CSIDriver", "CSINode", "CustomResourceDefinition", "Etcd",
      "FlowSchema", "IngressClass", "KubeAPIServer", "KubeControllerManager", "KubeScheduler", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
      "MutatingWebhookConfiguration", "Namespace", "Node", "OpenShiftAPIServer",
      "PersistentVolume",
      "PodSecurityPolicy", "PriorityClass", "PriorityLevelConfiguration", "RuntimeClass",
      "SecurityContextConstraints",
      "StorageClass", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
      "ValidatingWebhookConfiguration", "VolumeAttachment");

  /**
   * Kinds kcis knows of: those the cluster collector lists, those of manifests rules commonly
   * judge, and the cluster-scoped kinds above. Lint suggests one of them for a near miss in
   * {@code @scope("objects:...")}; a kind that is not close to any (a custom resource) is taken
   * as written.
   */
  public static final Set<String> KNOWN;

  static {
    Set<String> known = new java.util.TreeSet<>(CLUSTER_SCOPED);
    known.addAll(List.of("Pod", "ReplicationController", "Service", "ServiceAccount",
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Role",
        "RoleBinding", "NetworkPolicy", "ConfigMap", "Secret", "Ingress", "PersistentVolumeClaim",
        "LimitRange", "ResourceQuota", "HorizontalPodAutoscaler", "PodDisruptionBudget",
        "Endpoints", "EndpointSlice", "Lease", "Event"));
    KNOWN = java.util.Collections.unmodifiableSet(known);
  }

  private ApiKinds() {}

  /** The kinds that run pods: where their pod spec is. */
  private static final Map<String, List<String>> POD_SPECS = Map.of(
      "Pod", List.of("spec"),
      "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"),
      "Deployment", List.of("spec", "template", "spec"),
      "StatefulSet", List.of("spec", "template", "spec"),
      "DaemonSet", List.of("spec", "template", "spec"),
      "ReplicaSet", List.of("spec", "template", "spec"),
      "ReplicationController", List.of("spec", "template", "spec"),
      "Job", List.of("spec", "template", "spec"));

  /**
   * Why a Pod or pod controller is no evidence of what runs, or {@code null} when it is (or is
   * of another kind): a pod spec without containers (a strategic-merge patch, a fragment of a
   * kustomize overlay) would pass every container check, holding nothing for it to find.
   */
  public static String invalidWorkload(String kind, Map<String, Object> object) {
    List<String> path = POD_SPECS.get(kind);
    if (path == null) {
      return null;
    }
    Object spec = object;
    for (String step : path) {
      spec = spec instanceof Map<?, ?> map ? map.get(step) : null;
    }
    String pointer = "/" + String.join("/", path);
    if (!(spec instanceof Map<?, ?> podSpec)) {
      return "has no pod spec (" + pointer + ")";
    }
    if (!(podSpec.get("containers") instanceof List<?> containers) || containers.isEmpty()) {
      return "has no containers (" + pointer + "/containers)";
    }
    return null;
  }

  /** True for kinds whose objects live in a namespace (the default when the kind is unknown). */
  public static boolean isNamespaced(String kind) {
    return !CLUSTER_SCOPED.contains(kind);
  }
}
