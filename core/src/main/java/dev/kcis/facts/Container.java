package dev.kcis.facts;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One container of a {@link Workload}: a container, init container or ephemeral container, with
 * its security settings resolved (the container's securityContext over the pod's).
 */
public final class Container implements Fact {

  private final Workload workload;
  private final String type;
  private final String name;
  private final String image;
  private final Boolean privileged;
  private final Boolean allowPrivilegeEscalation;
  private final Long runAsUser;
  private final Boolean runAsNonRoot;
  private final List<String> capabilitiesAdd;
  private final List<String> capabilitiesDrop;
  private final List<Integer> hostPorts;
  private final String seccompProfile;
  private final boolean windowsHostProcess;
  private final boolean hasSecurityContext;
  private final List<String> secretEnv;
  private final String pointer;

  /**
   * @param workload the workload it belongs to
   * @param type {@code container}, {@code initContainer} or {@code ephemeralContainer}
   * @param name the container name
   * @param image the image reference
   * @param privileged securityContext.privileged, {@code null} when unset
   * @param allowPrivilegeEscalation securityContext.allowPrivilegeEscalation, {@code null} when unset
   * @param runAsUser the effective runAsUser (container over pod), {@code null} when unset
   * @param runAsNonRoot the effective runAsNonRoot (container over pod), {@code null} when unset
   * @param capabilitiesAdd capabilities.add
   * @param capabilitiesDrop capabilities.drop
   * @param hostPorts hostPort of its ports, where set
   * @param seccompProfile the effective seccomp profile type (container over pod), or {@code null}
   * @param windowsHostProcess the effective windowsOptions.hostProcess
   * @param hasSecurityContext true when the container or its pod sets a securityContext
   * @param secretEnv Secrets it reads into environment variables ({@code secretKeyRef} as
   *     {@code secret/key}, {@code envFrom.secretRef} as {@code secret/*})
   * @param pointer where in the object, e.g. {@code /spec/template/spec/containers/0}
   */
  public Container(Workload workload, String type, String name, String image, Boolean privileged,
      Boolean allowPrivilegeEscalation, Long runAsUser, Boolean runAsNonRoot,
      List<String> capabilitiesAdd, List<String> capabilitiesDrop, List<Integer> hostPorts,
      String seccompProfile, boolean windowsHostProcess, boolean hasSecurityContext,
      List<String> secretEnv, String pointer) {
    this.workload = Objects.requireNonNull(workload, "workload");
    this.type = type;
    this.name = name;
    this.image = image;
    this.privileged = privileged;
    this.allowPrivilegeEscalation = allowPrivilegeEscalation;
    this.runAsUser = runAsUser;
    this.runAsNonRoot = runAsNonRoot;
    this.capabilitiesAdd = List.copyOf(capabilitiesAdd);
    this.capabilitiesDrop = List.copyOf(capabilitiesDrop);
    this.hostPorts = List.copyOf(hostPorts);
    this.seccompProfile = seccompProfile;
    this.windowsHostProcess = windowsHostProcess;
    this.hasSecurityContext = hasSecurityContext;
    this.secretEnv = List.copyOf(secretEnv);
    this.pointer = pointer;
  }

  public Workload getWorkload() {
    return workload;
  }

  public String getNamespace() {
    return workload.getNamespace();
  }

  public String getType() {
    return type;
  }

  public String getName() {
    return name;
  }

  public String getImage() {
    return image;
  }

  /** True when securityContext.privileged is true. */
  public boolean isPrivileged() {
    return Boolean.TRUE.equals(privileged);
  }

  public Boolean getAllowPrivilegeEscalation() {
    return allowPrivilegeEscalation;
  }

  /**
   * True unless allowPrivilegeEscalation is explicitly false: Kubernetes allows escalation by
   * default, and always for privileged containers or those given CAP_SYS_ADMIN.
   */
  public boolean isPrivilegeEscalationAllowed() {
    return !Boolean.FALSE.equals(allowPrivilegeEscalation) || isPrivileged()
        || addsCapability("SYS_ADMIN");
  }

  public Long getRunAsUser() {
    return runAsUser;
  }

  public Boolean getRunAsNonRoot() {
    return runAsNonRoot;
  }

  /**
   * True when the container may run as root: runAsUser 0, or neither runAsNonRoot: true nor a
   * non-zero runAsUser (the image's user decides, and it is often root).
   */
  public boolean isMayRunAsRoot() {
    if (runAsUser != null) {
      return runAsUser == 0;
    }
    return !Boolean.TRUE.equals(runAsNonRoot);
  }

  public List<String> getCapabilitiesAdd() {
    return capabilitiesAdd;
  }

  public List<String> getCapabilitiesDrop() {
    return capabilitiesDrop;
  }

  /** True when capabilities.add names the capability (case and {@code CAP_} prefix ignored). */
  public boolean addsCapability(String capability) {
    return capabilitiesAdd.stream().anyMatch(c -> sameCapability(c, capability) || isAll(c));
  }

  /** True when capabilities.drop names the capability or ALL (case and {@code CAP_} ignored). */
  public boolean dropsCapability(String capability) {
    return capabilitiesDrop.stream().anyMatch(c -> sameCapability(c, capability) || isAll(c));
  }

  public List<Integer> getHostPorts() {
    return hostPorts;
  }

  public String getSeccompProfile() {
    return seccompProfile;
  }

  public boolean isWindowsHostProcess() {
    return windowsHostProcess;
  }

  public boolean isHasSecurityContext() {
    return hasSecurityContext;
  }

  public List<String> getSecretEnv() {
    return secretEnv;
  }

  private static boolean isAll(String c) {
    return c.trim().equalsIgnoreCase("ALL");
  }

  private static boolean sameCapability(String a, String b) {
    return normalize(a).equals(normalize(b));
  }

  private static String normalize(String capability) {
    String c = capability.trim().toUpperCase(Locale.ROOT);
    return c.startsWith("CAP_") ? c.substring(4) : c;
  }

  @Override
  public String getTarget() {
    return workload.getTarget();
  }

  @Override
  public Observation observe() {
    return new Observation(type + " " + name, image, "api-object", workload.getLocation(), pointer);
  }

  @Override
  public String toString() {
    return workload.getTarget() + " " + type + " " + name;
  }
}
