package dev.kcis.engine.internal;

import dev.kcis.facts.Binding;
import dev.kcis.facts.Grant;
import dev.kcis.facts.KubeObject;
import dev.kcis.facts.Namespace;
import dev.kcis.facts.ServiceAccount;
import dev.kcis.facts.Subject;
import dev.kcis.facts.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Shapes API objects into the facts section-5 rules match: workloads and their containers (with
 * effective security settings), service accounts, namespaces, and RBAC grants in effect.
 */
final class ObjectShapes {

  private static final Set<String> POD_CONTROLLERS = Set.of("Deployment", "StatefulSet",
      "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob");
  private static final String MIRROR = "kubernetes.io/config.mirror";
  private static final Map<String, List<Map<String, Object>>> DEFAULT_CLUSTER_ROLES = loadDefaults();

  private final List<KubeObject> objects;
  private final Set<String> present = new java.util.HashSet<>();

  private ObjectShapes(List<KubeObject> objects) {
    this.objects = objects;
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
    facts.addAll(rbac());
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

  // ---- RBAC ----

  private List<Object> rbac() {
    Map<String, KubeObject> clusterRoles = new HashMap<>();
    Map<String, KubeObject> roles = new HashMap<>();
    for (KubeObject o : objects) {
      if (o.getKind().equals("ClusterRole")) {
        clusterRoles.put(o.getName(), o);
      } else if (o.getKind().equals("Role")) {
        roles.put(o.getNamespace() + "/" + o.getName(), o);
      }
    }
    List<Object> facts = new ArrayList<>();
    for (KubeObject o : objects) {
      if (!o.getKind().equals("RoleBinding") && !o.getKind().equals("ClusterRoleBinding")) {
        continue;
      }
      Map<String, Object> roleRef = map(o.get("roleRef"));
      String roleKind = text(roleRef.get("kind"));
      String roleName = text(roleRef.get("name"));
      KubeObject role = "ClusterRole".equals(roleKind) ? clusterRoles.get(roleName)
          : "Role".equals(roleKind) && o.getNamespace() != null
              ? roles.get(o.getNamespace() + "/" + roleName) : null;
      List<Map<String, Object>> rules;
      String roleLocation;
      boolean builtInRole;
      if (role != null) {
        rules = effectiveRules(role, clusterRoles);
        roleLocation = role.getLocation();
        builtInRole = "rbac-defaults".equals(role.getLabels().get("kubernetes.io/bootstrapping"));
      } else if ("ClusterRole".equals(roleKind) && DEFAULT_CLUSTER_ROLES.containsKey(roleName)) {
        rules = DEFAULT_CLUSTER_ROLES.get(roleName);
        roleLocation = "default ClusterRole " + roleName
            + " as Kubernetes or kubeadm creates it (not in the evidence)";
        builtInRole = !roleName.startsWith("kubeadm:"); // kubeadm's roles are not reconciled
      } else {
        rules = null;
        roleLocation = null;
        builtInRole = false;
      }
      List<Map<String, Object>> subjects = new ArrayList<>();
      list(o.get("subjects")).forEach(s -> subjects.add(map(s)));
      List<String> subjectNames = new ArrayList<>();
      for (Map<String, Object> s : subjects) {
        String ns = subjectNamespace(s, o);
        subjectNames.add(ns == null ? s.get("kind") + "/" + s.get("name")
            : s.get("kind") + "/" + ns + "/" + s.get("name"));
      }
      boolean builtIn = "rbac-defaults".equals(o.getLabels().get("kubernetes.io/bootstrapping"));
      Binding binding = new Binding(o.getKind(), o.getNamespace(), o.getName(), roleKind, roleName,
          builtIn, rules != null, subjectNames, o.getLocation());
      facts.add(binding);
      for (Map<String, Object> s : subjects) {
        String kind = text(s.get("kind"));
        String name = text(s.get("name"));
        String ns = subjectNamespace(s, o);
        facts.add(new Subject(binding, kind, name, ns));
        if (rules == null) {
          continue;
        }
        for (Map<String, Object> rule : rules) {
          if (list(rule.get("resources")).isEmpty()) {
            continue; // non-resource URLs only: no API object permission
          }
          facts.add(new Grant(binding, kind, name, ns, builtInRole, strings(rule.get("apiGroups")),
              strings(rule.get("resources")), strings(rule.get("verbs")),
              strings(rule.get("resourceNames")), roleLocation));
        }
      }
    }
    return facts;
  }

  private static String subjectNamespace(Map<String, Object> subject, KubeObject binding) {
    String ns = text(subject.get("namespace"));
    if (ns == null && "ServiceAccount".equals(subject.get("kind"))) {
      ns = binding.getNamespace(); // a RoleBinding's service account defaults to its namespace
    }
    return "ServiceAccount".equals(subject.get("kind")) ? ns : null;
  }

  /** A role's rules; for an aggregated ClusterRole, also those of every ClusterRole it selects. */
  private static List<Map<String, Object>> effectiveRules(KubeObject role,
      Map<String, KubeObject> clusterRoles) {
    List<Map<String, Object>> rules = new ArrayList<>();
    collect(role, clusterRoles, rules, new java.util.HashSet<>());
    return rules;
  }

  private static void collect(KubeObject role, Map<String, KubeObject> clusterRoles,
      List<Map<String, Object>> rules, Set<String> seen) {
    if (!seen.add(role.getTarget())) {
      return;
    }
    list(role.get("rules")).forEach(r -> rules.add(map(r)));
    for (Object selector : list(role.get("aggregationRule.clusterRoleSelectors"))) {
      for (KubeObject candidate : clusterRoles.values()) {
        if (selects(map(selector), candidate.getLabels())) {
          collect(candidate, clusterRoles, rules, seen);
        }
      }
    }
  }

  /** A label selector (matchLabels and matchExpressions) as Kubernetes evaluates it. */
  static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
    for (Map.Entry<String, Object> e : map(selector.get("matchLabels")).entrySet()) {
      if (!String.valueOf(e.getValue()).equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (Object x : list(selector.get("matchExpressions"))) {
      Map<String, Object> expression = map(x);
      String key = text(expression.get("key"));
      List<String> values = strings(expression.get("values"));
      String value = labels.get(key);
      boolean ok = switch (String.valueOf(expression.get("operator"))) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return !map(selector.get("matchLabels")).isEmpty() || !list(selector.get("matchExpressions")).isEmpty();
  }

  // ---- JSON helpers ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  /** A boolean field; also the strings "true"/"false" some hand-written manifests use. */
  private static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.valueOf(s);
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<Map<String, Object>>> loadDefaults() {
    try (InputStream in = ObjectShapes.class.getResourceAsStream(
        "/dev/kcis/engine/default-clusterroles.yaml")) {
      if (in == null) {
        throw new IllegalStateException("default-clusterroles.yaml is missing from the engine jar");
      }
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Map<String, List<Map<String, Object>>> out = new HashMap<>();
      root.forEach((k, v) -> out.put(k, (List<Map<String, Object>>) v));
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
