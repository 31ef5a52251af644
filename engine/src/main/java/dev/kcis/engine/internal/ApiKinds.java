package dev.kcis.engine.internal;

import java.util.Set;

/** What kcis needs to know of Kubernetes API kinds: which are cluster-scoped. */
public final class ApiKinds {

  private static final Set<String> CLUSTER_SCOPED = Set.of(
      "APIService", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding",
      "ComponentStatus", "CSIDriver", "CSINode", "CustomResourceDefinition", "FlowSchema",
      "IngressClass", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
      "MutatingWebhookConfiguration", "Namespace", "Node", "PersistentVolume",
      "PodSecurityPolicy", "PriorityClass", "PriorityLevelConfiguration", "RuntimeClass",
      "SecurityContextConstraints",
      "StorageClass", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
      "ValidatingWebhookConfiguration", "VolumeAttachment");

  private ApiKinds() {}

  /** True for kinds whose objects live in a namespace (the default when the kind is unknown). */
  public static boolean isNamespaced(String kind) {
    return !CLUSTER_SCOPED.contains(kind);
  }
}
