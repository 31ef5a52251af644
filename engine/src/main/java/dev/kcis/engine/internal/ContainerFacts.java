package dev.kcis.engine.internal;

import static dev.kcis.engine.internal.JsonValues.bool;
import static dev.kcis.engine.internal.JsonValues.list;
import static dev.kcis.engine.internal.JsonValues.map;
import static dev.kcis.engine.internal.JsonValues.strings;
import static dev.kcis.engine.internal.JsonValues.text;

import dev.kcis.bundle.internal.FrozenValues;
import dev.kcis.bundle.internal.NumberLimits;
import dev.kcis.facts.Container;
import dev.kcis.facts.ContainerPort;
import dev.kcis.facts.EnvSource;
import dev.kcis.facts.Quantity;
import dev.kcis.facts.VolumeMount;
import dev.kcis.facts.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Container} fact of one container of a pod spec: security settings resolved
 * container over pod, resources as quantities, probes, ports, mounts joined with the pod's
 * volumes, and environment sources without their values.
 */
final class ContainerFacts {

  private static final List<String> PROBE_KINDS = List.of("exec", "httpGet", "tcpSocket", "grpc");
  private static final List<String> ENV_SOURCES = List.of("secretKeyRef", "configMapKeyRef",
      "fieldRef", "resourceFieldRef");

  private ContainerFacts() {
  }

  /**
   * The fact for container {@code c} of type {@code type} ({@code container},
   * {@code initContainer}, {@code ephemeralContainer}) in pod spec {@code podSpec}, at
   * {@code pointer} in its object.
   */
  static Container container(Workload workload, String type, Map<String, Object> c,
      Map<String, Object> podSpec, String pointer) {
    Map<String, Object> pod = map(podSpec.get("securityContext"));
    Map<String, Object> sc = map(c.get("securityContext"));
    Map<String, Object> caps = map(sc.get("capabilities"));
    List<ContainerPort> ports = ports(c);
    List<Integer> hostPorts = new ArrayList<>();
    for (Object p : list(c.get("ports"))) {
      if (map(p).get("hostPort") instanceof Number n && !isZero(n)) {
        // A number that is no port (a fraction, out of range) still asks for one: kept as -1.
        Long port = NumberLimits.exactLong(n);
        hostPorts.add(port != null && port > 0 && port <= 65535 ? port.intValue() : -1);
      }
    }
    List<EnvSource> env = env(c);
    List<String> secretEnv = new ArrayList<>();
    for (EnvSource e : env) {
      if (e.isFromSecret()) {
        secretEnv.add(e.getSourceName() + "/" + (e.isEnvFrom() ? "*" : e.getKey()));
      }
    }
    Object runAsUser = sc.containsKey("runAsUser") ? sc.get("runAsUser") : pod.get("runAsUser");
    Object runAsNonRoot = sc.containsKey("runAsNonRoot") ? sc.get("runAsNonRoot")
        : pod.get("runAsNonRoot");
    Object seccomp = sc.containsKey("seccompProfile") ? map(sc.get("seccompProfile")).get("type")
        : map(pod.get("seccompProfile")).get("type");
    Object hostProcess = map(sc.get("windowsOptions")).containsKey("hostProcess")
        ? map(sc.get("windowsOptions")).get("hostProcess")
        : map(pod.get("windowsOptions")).get("hostProcess");
    Map<String, Object> resources = map(c.get("resources"));
    Container.Details details = new Container.Details(quantities(resources.get("requests")),
        quantities(resources.get("limits")), probes(c), ports, mounts(c, podSpec), env,
        withoutEnvValues(c));
    return new Container(workload, type, text(c.get("name")), text(c.get("image")),
        bool(sc.get("privileged")), bool(sc.get("allowPrivilegeEscalation")),
        NumberLimits.exactLong(runAsUser), bool(runAsNonRoot),
        strings(caps.get("add")), strings(caps.get("drop")), hostPorts, text(seccomp),
        Boolean.TRUE.equals(bool(hostProcess)), !sc.isEmpty() || !pod.isEmpty(), secretEnv,
        pointer, details);
  }

  private static Map<String, Quantity> quantities(Object value) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    map(value).forEach((name, q) -> {
      if (q != null) {
        out.put(name, Quantity.parse(q instanceof Number n ? NumberLimits.text(n) : text(q)));
      }
    });
    return out;
  }

  private static Map<String, String> probes(Map<String, Object> c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String probe : List.of("liveness", "readiness", "startup")) {
      Object declared = c.get(probe + "Probe");
      if (declared instanceof Map<?, ?> spec) {
        // A probe with no handler the API knows is still declared; its kind is "unknown".
        out.put(probe, PROBE_KINDS.stream().filter(spec::containsKey).findFirst()
            .orElse("unknown"));
      }
    }
    return out;
  }

  private static List<ContainerPort> ports(Map<String, Object> c) {
    List<ContainerPort> out = new ArrayList<>();
    for (Object p : list(c.get("ports"))) {
      Map<String, Object> port = map(p);
      Integer hostPort = port(port.get("hostPort"));
      out.add(new ContainerPort(port(port.get("containerPort")),
          hostPort != null && hostPort == 0 ? null : hostPort, text(port.get("protocol")),
          text(port.get("name"))));
    }
    return out;
  }

  private static Integer port(Object value) {
    Long n = value instanceof Number number ? NumberLimits.exactLong(number) : null;
    return n != null && n >= 0 && n <= 65535 ? n.intValue() : null;
  }

  private static List<VolumeMount> mounts(Map<String, Object> c, Map<String, Object> podSpec) {
    Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
    for (Object v : list(podSpec.get("volumes"))) {
      Map<String, Object> volume = map(v);
      if (volume.get("name") != null) {
        volumes.putIfAbsent(text(volume.get("name")), volume);
      }
    }
    List<VolumeMount> out = new ArrayList<>();
    for (Object m : list(c.get("volumeMounts"))) {
      Map<String, Object> mount = map(m);
      String name = text(mount.get("name"));
      Map<String, Object> volume = volumes.get(name);
      String kind = null;
      String source = null;
      if (volume != null) {
        kind = volume.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElse(null);
        Map<String, Object> spec = kind == null ? Map.of() : map(volume.get(kind));
        source = text(switch (kind == null ? "" : kind) {
          case "hostPath" -> spec.get("path");
          case "secret" -> spec.get("secretName");
          case "configMap" -> spec.get("name");
          case "persistentVolumeClaim" -> spec.get("claimName");
          default -> null;
        });
      }
      String subPath = text(mount.get("subPath") != null ? mount.get("subPath")
          : mount.get("subPathExpr"));
      out.add(new VolumeMount(name, text(mount.get("mountPath")),
          Boolean.TRUE.equals(bool(mount.get("readOnly"))),
          subPath == null || subPath.isEmpty() ? null : subPath, kind, source));
    }
    return out;
  }

  private static List<EnvSource> env(Map<String, Object> c) {
    List<EnvSource> out = new ArrayList<>();
    for (Object e : list(c.get("env"))) {
      Map<String, Object> variable = map(e);
      String name = text(variable.get("name"));
      Map<String, Object> valueFrom = map(variable.get("valueFrom"));
      if (valueFrom.isEmpty()) {
        out.add(new EnvSource(name, "literal", null, null));
        continue;
      }
      String from = ENV_SOURCES.stream().filter(valueFrom::containsKey).findFirst()
          .orElse("unknown");
      Map<String, Object> ref = map(valueFrom.get(from));
      String sourceName = switch (from) {
        case "fieldRef" -> text(ref.get("fieldPath"));
        case "resourceFieldRef" -> text(ref.get("resource"));
        default -> text(ref.get("name"));
      };
      out.add(new EnvSource(name, from, sourceName, text(ref.get("key"))));
    }
    for (Object e : list(c.get("envFrom"))) {
      Map<String, Object> entry = map(e);
      String prefix = text(entry.get("prefix"));
      for (String from : List.of("secretRef", "configMapRef")) {
        if (entry.containsKey(from)) {
          out.add(new EnvSource(prefix, from, text(map(entry.get(from)).get("name")), null));
        }
      }
    }
    return out;
  }

  /**
   * The spec with every literal environment value left out, read-only. The bundle's objects are
   * frozen already (FactBundle), so only the environment is copied; the rest is shared.
   */
  private static Map<String, Object> withoutEnvValues(Map<String, Object> c) {
    if (!(c.get("env") instanceof List<?> env)) {
      return FrozenValues.freezeMap(c);
    }
    Map<String, Object> copy = new LinkedHashMap<>(c);
    List<Object> variables = new ArrayList<>();
    for (Object e : env) {
      if (e instanceof Map<?, ?> variable && variable.containsKey("value")) {
        Map<Object, Object> kept = new LinkedHashMap<>(variable);
        kept.remove("value");
        variables.add(kept);
      } else {
        variables.add(e);
      }
    }
    copy.put("env", variables);
    return FrozenValues.freezeMap(copy);
  }

  private static boolean isZero(Number n) {
    if (n instanceof java.math.BigDecimal d) {
      return d.signum() == 0;
    }
    if (n instanceof java.math.BigInteger b) {
      return b.signum() == 0;
    }
    return n.doubleValue() == 0;
  }
}
