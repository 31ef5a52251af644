package dev.kcis.engine.internal;

import static dev.kcis.engine.internal.JsonValues.bool;
import static dev.kcis.engine.internal.JsonValues.list;
import static dev.kcis.engine.internal.JsonValues.map;
import static dev.kcis.engine.internal.JsonValues.text;

import dev.kcis.facts.KubeObject;
import dev.kcis.facts.Namespace;
import dev.kcis.facts.ServiceAccount;
import dev.kcis.facts.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Shapes API objects into the facts section-5 rules match: workloads and their containers (with
 * effective security settings), service accounts and namespaces ({@link RbacFacts} derives the
 * RBAC facts).
 */
final class ObjectShapes {

  private static final Set<String> POD_CONTROLLERS = Set.of("Deployment", "StatefulSet",
      "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob");
  private static final String MIRROR = "kubernetes.io/config.mirror";

  private final List<KubeObject> objects;
  private final Set<String> present;

  private ObjectShapes(List<KubeObject> objects) {
    this.objects = objects;
    this.present = new java.util.HashSet<>(objects.size() * 2);
    objects.forEach(o -> present.add(o.getTarget()));
  }

  /** The shaped facts for {@code objects}. */
  static List<Object> shape(List<KubeObject> objects) {
    return new ObjectShapes(objects).all();
  }

  private List<Object> all() {
    List<Object> facts = new ArrayList<>();
    Map<String, ServiceAccount> accounts = new HashMap<>();
    for (KubeObject o : objects) {
      if (o.getKind().equals("ServiceAccount")) {
        ServiceAccount sa = new ServiceAccount(o.getNamespace(), o.getName(),
            bool(o.get("automountServiceAccountToken")), o.getLocation());
        accounts.put(o.getNamespace() + "/" + o.getName(), sa);
        facts.add(sa);
      }
    }
    for (KubeObject o : objects) {
      Map<String, Object> podSpec = podSpec(o);
      if (podSpec != null && !ownedByPresentController(o) && !isMirrorPod(o)) {
        workload(o, podSpec, accounts, facts);
      }
    }
    facts.addAll(namespaces());
    return facts;
  }

  // ---- workloads ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> podSpec(KubeObject o) {
    Object spec = switch (o.getKind()) {
      case "Pod" -> o.get("spec");
      case "CronJob" -> o.get("spec.jobTemplate.spec.template.spec");
      default -> POD_CONTROLLERS.contains(o.getKind()) ? o.get("spec.template.spec") : null;
    };
    return spec instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static String specPointer(String kind) {
    return switch (kind) {
      case "Pod" -> "/spec";
      case "CronJob" -> "/spec/jobTemplate/spec/template/spec";
      default -> "/spec/template/spec";
    };
  }

  /** True when a controller that is itself in the evidence owns the object: it is reported instead. */
  private boolean ownedByPresentController(KubeObject o) {
    if (!(o.get("metadata.ownerReferences") instanceof List<?> owners)) {
      return false;
    }
    for (Object owner : owners) {
      if (owner instanceof Map<?, ?> ref && POD_CONTROLLERS.contains(String.valueOf(ref.get("kind")))
          && present.contains(KubeObject.targetOf(String.valueOf(ref.get("kind")),
              o.getNamespace(), String.valueOf(ref.get("name"))))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMirrorPod(KubeObject o) {
    return o.getKind().equals("Pod") && o.get("metadata.annotations") instanceof Map<?, ?> a
        && a.containsKey(MIRROR);
  }

  @SuppressWarnings("unchecked")
  private void workload(KubeObject o, Map<String, Object> spec, Map<String, ServiceAccount> accounts,
      List<Object> facts) {
    Map<String, Object> podSecurity = map(spec.get("securityContext"));
    String account = text(spec.get("serviceAccountName"));
    if (account == null) {
      account = text(spec.get("serviceAccount"));
    }
    if (account == null) {
      account = "default";
    }
    ServiceAccount sa = accounts.get(o.getNamespace() + "/" + account);
    List<String> hostPaths = new ArrayList<>();
    for (Object v : list(spec.get("volumes"))) {
      Map<String, Object> volume = map(v);
      Map<String, Object> hostPath = map(volume.get("hostPath"));
      if (volume.containsKey("hostPath")) {
        hostPaths.add(String.valueOf(hostPath.getOrDefault("path", "")));
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    Object templateLabels = o.getKind().equals("Pod") ? o.get("metadata.labels")
        : o.getKind().equals("CronJob") ? o.get("spec.jobTemplate.spec.template.metadata.labels")
        : o.get("spec.template.metadata.labels");
    map(templateLabels).forEach((k, v) -> labels.put(k, String.valueOf(v)));
    Workload workload = new Workload(o.getKind(), o.getNamespace(), o.getName(), labels, account,
        bool(spec.get("automountServiceAccountToken")),
        sa == null ? null : sa.getAutomountServiceAccountToken(),
        Boolean.TRUE.equals(bool(spec.get("hostPID"))), Boolean.TRUE.equals(bool(spec.get("hostIPC"))),
        Boolean.TRUE.equals(bool(spec.get("hostNetwork"))), hostPaths,
        text(map(podSecurity.get("seccompProfile")).get("type")),
        Boolean.TRUE.equals(bool(map(podSecurity.get("windowsOptions")).get("hostProcess"))),
        text(map(spec.get("os")).get("name")), !podSecurity.isEmpty(), o.getLocation());
    facts.add(workload);
    String pointer = specPointer(o.getKind());
    for (String type : List.of("containers", "initContainers", "ephemeralContainers")) {
      List<Object> containers = list(spec.get(type));
      for (int i = 0; i < containers.size(); i++) {
        facts.add(ContainerFacts.container(workload, type.substring(0, type.length() - 1),
            map(containers.get(i)), spec, pointer + "/" + type + "/" + i));
      }
    }
  }

  // ---- namespaces ----

  private List<Namespace> namespaces() {
    Map<String, KubeObject> declared = new TreeMap<>();
    Map<String, Integer> policies = new HashMap<>();
    Set<String> referenced = new LinkedHashSet<>();
    for (KubeObject o : objects) {
      if (o.getKind().equals("Namespace")) {
        declared.put(o.getName(), o);
      } else if (o.getNamespace() != null) {
        referenced.add(o.getNamespace());
        if (o.getKind().equals("NetworkPolicy")) {
          policies.merge(o.getNamespace(), 1, Integer::sum);
        }
      }
    }
    Set<String> names = new java.util.TreeSet<>(declared.keySet());
    names.addAll(referenced);
    List<Namespace> out = new ArrayList<>();
    for (String name : names) {
      KubeObject ns = declared.get(name);
      out.add(new Namespace(name, ns == null ? Map.of() : ns.getLabels(), ns != null,
          policies.getOrDefault(name, 0), ns == null ? null : ns.getLocation()));
    }
    return out;
  }
}
