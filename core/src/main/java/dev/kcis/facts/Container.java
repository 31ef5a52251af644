package dev.kcis.facts;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One container of a {@link Workload}: a container, init container or ephemeral container, with
 * its security settings resolved (the container's securityContext over the pod's), its resources,
 * probes, image parts, ports, volume mounts (joined with the pod's volumes) and where its
 * environment comes from (never the values).
 *
 * <p>A verdict about a container names it: {@code Deployment/shop/web[container=app]}. A rule
 * that reports on the workload instead (one result for a pod however many of its containers
 * offend) passes {@link #reportedOnWorkload()} as the verdict's first fact.
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
  private final Details details;
  private final ImageReference imageReference;

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
    this(workload, type, name, image, privileged, allowPrivilegeEscalation, runAsUser, runAsNonRoot,
        capabilitiesAdd, capabilitiesDrop, hostPorts, seccompProfile, windowsHostProcess,
        hasSecurityContext, secretEnv, pointer, new Details(Map.of(), Map.of(), Map.of(), List.of(),
            List.of(), List.of(), Map.of()));
  }

  /**
   * A container with its details; the parameters as above, and {@code details} its resources,
   * probes, ports, mounts, environment sources and raw spec.
   */
  public Container(Workload workload, String type, String name, String image, Boolean privileged,
      Boolean allowPrivilegeEscalation, Long runAsUser, Boolean runAsNonRoot,
      List<String> capabilitiesAdd, List<String> capabilitiesDrop, List<Integer> hostPorts,
      String seccompProfile, boolean windowsHostProcess, boolean hasSecurityContext,
      List<String> secretEnv, String pointer, Details details) {
    this.details = Objects.requireNonNull(details, "details");
    this.imageReference = ImageReference.parse(image);
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
    return names(capabilitiesAdd, capability);
  }

  /** True when capabilities.drop names the capability or ALL (case and {@code CAP_} ignored). */
  public boolean dropsCapability(String capability) {
    return names(capabilitiesDrop, capability);
  }

  /** True when {@code listed} holds the capability or ALL; rules ask this of every container. */
  private static boolean names(List<String> listed, String capability) {
    if (listed.isEmpty()) {
      return false;
    }
    String wanted = normalize(capability);
    for (String c : listed) {
      if (isAll(c) || normalize(c).equals(wanted)) {
        return true;
      }
    }
    return false;
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

  /** True for an init container. */
  public boolean isInit() {
    return "initContainer".equals(type);
  }

  /** True for an ephemeral (debug) container. */
  public boolean isEphemeral() {
    return "ephemeralContainer".equals(type);
  }

  // ---- image ----

  /** The image reference, parsed (never {@code null}; not {@code valid} when unparseable). */
  public ImageReference getImageReference() {
    return imageReference;
  }

  /** The image's registry ({@code docker.io} when it names none); {@code null} when unparseable. */
  public String getImageRegistry() {
    return imageReference.getRegistry();
  }

  /** The image's repository ({@code library/nginx}), or {@code null} when unparseable. */
  public String getImageRepository() {
    return imageReference.getRepository();
  }

  /** The image's tag, or {@code null} when it has none. */
  public String getImageTag() {
    return imageReference.getTag();
  }

  /** The image's digest ({@code sha256:...}), or {@code null}. */
  public String getImageDigest() {
    return imageReference.getDigest();
  }

  // ---- resources ----

  /** {@code resources.requests} by resource name ({@code cpu}, {@code memory}...). */
  public Map<String, Quantity> getRequests() {
    return details.requests;
  }

  /** {@code resources.limits} by resource name. */
  public Map<String, Quantity> getLimits() {
    return details.limits;
  }

  /** The request for a resource, or {@code null} when unset. */
  public Quantity request(String resource) {
    return details.requests.get(resource);
  }

  /** The limit for a resource, or {@code null} when unset. */
  public Quantity limit(String resource) {
    return details.limits.get(resource);
  }

  /** True when a valid request for the resource is set. */
  public boolean hasRequest(String resource) {
    Quantity q = request(resource);
    return q != null && q.isValid();
  }

  /** True when a valid limit for the resource is set. */
  public boolean hasLimit(String resource) {
    Quantity q = limit(resource);
    return q != null && q.isValid();
  }

  // ---- probes ----

  /**
   * The liveness probe's kind ({@code exec}, {@code httpGet}, {@code tcpSocket}, {@code grpc}), or
   * {@code null} when none.
   */
  public String getLivenessProbe() {
    return details.probes.get("liveness");
  }

  /** The readiness probe's kind, or {@code null} when none. */
  public String getReadinessProbe() {
    return details.probes.get("readiness");
  }

  /** The startup probe's kind, or {@code null} when none. */
  public String getStartupProbe() {
    return details.probes.get("startup");
  }

  /** True when the probe ({@code liveness}, {@code readiness}, {@code startup}) is declared. */
  public boolean hasProbe(String probe) {
    return details.probes.containsKey(probe);
  }

  // ---- ports, mounts, environment ----

  /** Its {@code ports}. */
  public List<ContainerPort> getPorts() {
    return details.ports;
  }

  /** Its {@code volumeMounts}, each with the pod volume it mounts. */
  public List<VolumeMount> getVolumeMounts() {
    return details.mounts;
  }

  /** True when it mounts a volume of that kind ({@code hostPath}, {@code secret}...). */
  public boolean mountsVolumeKind(String volumeKind) {
    return details.mounts.stream().anyMatch(m -> volumeKind.equals(m.getVolumeKind()));
  }

  /** Where each {@code env} and {@code envFrom} entry comes from, in order; never a value. */
  public List<EnvSource> getEnvSources() {
    return details.env;
  }

  /** True when an environment variable of that name is declared in {@code env}. */
  public boolean hasEnv(String name) {
    return details.env.stream().anyMatch(e -> name.equals(e.getName()) && !e.isEnvFrom());
  }

  /** The container's spec as written, environment values removed: for anything the fields lack. */
  public Map<String, Object> getSpec() {
    return details.spec;
  }

  /**
   * The value at a dotted path of the container's spec ({@code "stdin"}, {@code "command.0"}), or
   * {@code null}.
   */
  public Object get(String dottedPath) {
    Object current = details.spec;
    for (String step : dottedPath.split("\\.")) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(step);
      } else if (current instanceof List<?> list && step.chars().allMatch(Character::isDigit)
          && !step.isEmpty() && step.length() < 10) {
        int index = Integer.parseInt(step);
        current = index < list.size() ? list.get(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }

  /**
   * This container as the first fact of a verdict about its workload: the result names the
   * workload ({@code Pod/shop/web}), the evidence this container.
   */
  public Fact reportedOnWorkload() {
    Container container = this;
    return new Fact() {
      @Override
      public String getTarget() {
        return workload.getTarget();
      }

      @Override
      public Observation observe() {
        return container.observe();
      }

      @Override
      public String toString() {
        return container.toString();
      }
    };
  }

  private static boolean isAll(String c) {
    return c.trim().equalsIgnoreCase("ALL");
  }

  private static String normalize(String capability) {
    String c = capability.trim().toUpperCase(Locale.ROOT);
    return c.startsWith("CAP_") ? c.substring(4) : c;
  }

  /** {@code Kind/namespace/name[container=name]}. */
  @Override
  public String getTarget() {
    return targetOf(workload, name);
  }

  /** The target naming a workload's container: {@code Deployment/shop/web[container=app]}. */
  public static String targetOf(Workload workload, String containerName) {
    return workload.getTarget() + "[container=" + containerName + "]";
  }

  @Override
  public Observation observe() {
    return new Observation(type + " " + name, image, "api-object", workload.getLocation(), pointer);
  }

  @Override
  public String toString() {
    return workload.getTarget() + " " + type + " " + name;
  }

  /** What a container holds beyond its security settings; built by the engine. */
  public static final class Details {

    private final Map<String, Quantity> requests;
    private final Map<String, Quantity> limits;
    private final Map<String, String> probes;
    private final List<ContainerPort> ports;
    private final List<VolumeMount> mounts;
    private final List<EnvSource> env;
    private final Map<String, Object> spec;

    /**
     * @param requests resources.requests by resource name
     * @param limits resources.limits by resource name
     * @param probes probe kind by probe ({@code liveness}, {@code readiness}, {@code startup})
     * @param ports its ports
     * @param mounts its volume mounts, joined with the pod's volumes
     * @param env its env and envFrom sources, without values
     * @param spec the container's spec as written, environment values removed
     */
    public Details(Map<String, Quantity> requests, Map<String, Quantity> limits,
        Map<String, String> probes, List<ContainerPort> ports, List<VolumeMount> mounts,
        List<EnvSource> env, Map<String, Object> spec) {
      this.requests = Map.copyOf(requests);
      this.limits = Map.copyOf(limits);
      this.probes = Map.copyOf(probes);
      this.ports = List.copyOf(ports);
      this.mounts = List.copyOf(mounts);
      this.env = List.copyOf(env);
      this.spec = java.util.Collections.unmodifiableMap(spec);
    }
  }
}
