package dev.kcis.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something that runs pods: a standalone Pod, or the pod template of a Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, ReplicationController, Job or CronJob. A Pod or ReplicaSet owned by
 * another workload in the evidence is not a separate workload: findings name the owner, once.
 * Mirror pods of static pods are left out (they are node configuration, judged in sections 1-4).
 *
 * <p>Its containers (including init and ephemeral containers) are {@link Container} facts.
 */
public final class Workload implements Fact {

  private final String kind;
  private final String namespace;
  private final String name;
  private final Map<String, String> labels;
  private final String serviceAccountName;
  private final Boolean automountServiceAccountToken;
  private final Boolean serviceAccountAutomount;
  private final boolean hostPID;
  private final boolean hostIPC;
  private final boolean hostNetwork;
  private final List<String> hostPathVolumes;
  private final String seccompProfile;
  private final boolean windowsHostProcess;
  private final String os;
  private final boolean hasSecurityContext;
  private final String location;

  /**
   * @param kind Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or
   *     CronJob
   * @param namespace its namespace
   * @param name its name
   * @param labels the pod template's labels
   * @param serviceAccountName the service account its pods run as ({@code default} when unset)
   * @param automountServiceAccountToken the pod spec's setting, {@code null} when unset
   * @param serviceAccountAutomount the service account's setting, {@code null} when unset or when
   *     the service account is not in the evidence
   * @param hostPID pod spec hostPID
   * @param hostIPC pod spec hostIPC
   * @param hostNetwork pod spec hostNetwork
   * @param hostPathVolumes paths of its hostPath volumes
   * @param seccompProfile the pod-level seccomp profile type, {@code null} when unset
   * @param windowsHostProcess pod-level windowsOptions.hostProcess
   * @param os the pod spec's {@code os.name} ({@code linux} or {@code windows}), {@code null} when
   *     unset
   * @param hasSecurityContext true when the pod spec has a non-empty securityContext
   * @param location where it was read from
   */
  public Workload(String kind, String namespace, String name, Map<String, String> labels,
      String serviceAccountName, Boolean automountServiceAccountToken,
      Boolean serviceAccountAutomount, boolean hostPID, boolean hostIPC, boolean hostNetwork,
      List<String> hostPathVolumes, String seccompProfile, boolean windowsHostProcess,
      String os, boolean hasSecurityContext, String location) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.namespace = namespace;
    this.name = Objects.requireNonNull(name, "name");
    this.labels = Map.copyOf(labels);
    this.serviceAccountName = serviceAccountName;
    this.automountServiceAccountToken = automountServiceAccountToken;
    this.serviceAccountAutomount = serviceAccountAutomount;
    this.hostPID = hostPID;
    this.hostIPC = hostIPC;
    this.hostNetwork = hostNetwork;
    this.hostPathVolumes = List.copyOf(hostPathVolumes);
    this.seccompProfile = seccompProfile;
    this.windowsHostProcess = windowsHostProcess;
    this.os = os;
    this.hasSecurityContext = hasSecurityContext;
    this.location = location;
  }

  public String getKind() {
    return kind;
  }

  public String getNamespace() {
    return namespace;
  }

  public String getName() {
    return name;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public Boolean getAutomountServiceAccountToken() {
    return automountServiceAccountToken;
  }

  public Boolean getServiceAccountAutomount() {
    return serviceAccountAutomount;
  }

  /**
   * True when its pods get a service account token: the pod spec decides when it says so, else the
   * service account, else Kubernetes mounts it.
   */
  public boolean isTokenMounted() {
    if (automountServiceAccountToken != null) {
      return automountServiceAccountToken;
    }
    return serviceAccountAutomount == null || serviceAccountAutomount;
  }

  /** Which setting decided {@link #isTokenMounted()}: {@code pod}, {@code serviceaccount} or {@code default}. */
  public String getTokenMountDecidedBy() {
    return automountServiceAccountToken != null ? "pod"
        : serviceAccountAutomount != null ? "serviceaccount" : "default";
  }

  public boolean isHostPID() {
    return hostPID;
  }

  public boolean isHostIPC() {
    return hostIPC;
  }

  public boolean isHostNetwork() {
    return hostNetwork;
  }

  public List<String> getHostPathVolumes() {
    return hostPathVolumes;
  }

  public String getSeccompProfile() {
    return seccompProfile;
  }

  public boolean isWindowsHostProcess() {
    return windowsHostProcess;
  }

  public String getOs() {
    return os;
  }

  /**
   * True for Windows pods ({@code os.name: windows}, or HostProcess pods, which only Windows runs):
   * Linux-only controls (privilege escalation, Linux capabilities, seccomp) do not apply to them,
   * as the Pod Security Standards say.
   */
  public boolean isWindows() {
    return "windows".equals(os) || windowsHostProcess;
  }

  public boolean isHasSecurityContext() {
    return hasSecurityContext;
  }

  public String getLocation() {
    return location;
  }

  @Override
  public String getTarget() {
    return KubeObject.targetOf(kind, namespace, name);
  }

  /** The pod spec's security-relevant fields: what every workload rule's evidence shows. */
  @Override
  public Observation observe() {
    List<String> seen = new ArrayList<>();
    seen.add("serviceAccountName: "
        + (serviceAccountName == null ? "default (unset)" : serviceAccountName));
    seen.add("automountServiceAccountToken: "
        + (automountServiceAccountToken == null ? "unset" : automountServiceAccountToken));
    if (hostPID) {
      seen.add("hostPID: true");
    }
    if (hostIPC) {
      seen.add("hostIPC: true");
    }
    if (hostNetwork) {
      seen.add("hostNetwork: true");
    }
    if (!hostPathVolumes.isEmpty()) {
      seen.add("hostPath volumes: " + hostPathVolumes);
    }
    if (seccompProfile != null) {
      seen.add("seccompProfile: " + seccompProfile);
    }
    return new Observation("pod spec", String.join(", ", seen), "api-object", location, "spec");
  }

  @Override
  public String toString() {
    return getTarget();
  }
}
