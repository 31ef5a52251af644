package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.ObjectScrubber;
import dev.kcis.bundle.internal.Redactor;
import dev.kcis.core.internal.NodeLayouts;
import dev.kcis.collect.internal.StructuredText.MalformedException;
import dev.kcis.core.internal.ApiKinds;
import dev.kcis.core.internal.SettingResolver;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.KubeObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The evidence the cluster and the manifest collectors draw from API objects, built the same way
 * for both: the objects as a bundle keeps them, the control-plane and kubelet containers of pods in
 * {@code kube-system} as components of their node, the {@code kube-system/kube-proxy} ConfigMap as
 * the kube-proxy component of every node, and Node objects as node entries.
 *
 * <p>What a bundle never keeps is removed from every object by {@link ObjectScrubber}: the values
 * of Secrets, the data of ConfigMaps, literal environment values, credential flags and
 * annotations, the {@code last-applied-configuration} annotation that repeats all of these, and
 * {@code managedFields}. Components drawn from pods keep the redacted argument vector.
 */
final class ApiEvidence {

  /** The node entry whose components hold on every node: the kube-proxy ConfigMap's. */
  static final String EVERY_NODE = "*";
  /**
   * The ConfigMaps that stand for a component's config file on every node (kubeadm's kube-proxy
   * ConfigMap), by component kind, as the node layouts catalog names them.
   */
  static final Map<String, List<NodeLayouts.ConfigMapFile>> CONFIG_MAPS =
      NodeLayouts.configMaps(NodeLayouts.builtIn());

  private static final String KUBE_SYSTEM = "kube-system";
  private static final String ROLE_LABEL = "node-role.kubernetes.io/";
  /** What a pod can run that the benchmark judges as a component (kube-proxy: its ConfigMap). */
  private static final Set<String> POD_COMPONENTS = Set.of("kube-apiserver",
      "kube-controller-manager", "kube-scheduler", "etcd", "kubelet");
  private static final Set<String> CONTROL_PLANE = Set.of("kube-apiserver",
      "kube-controller-manager", "kube-scheduler", "etcd");

  private final List<Map<String, Object>> objects = new ArrayList<>();
  private final Map<String, Integer> indexOfTarget = new HashMap<>();
  private final Map<String, String> locations = new LinkedHashMap<>();
  private final Map<String, NodeEntry> nodes = new LinkedHashMap<>();
  private String apiServerVersion;

  /** A node's entry while it is being assembled. */
  private static final class NodeEntry {
    final String name;
    List<String> roles;
    final List<FactBundle.Component> components = new ArrayList<>();
    final Issues errors = new Issues();

    NodeEntry(String name) {
      this.name = name;
    }
  }

  /** What {@link #keep} replaced: the earlier object, its target and location. */
  record Replaced(String target, Map<String, Object> object, String location) {}

  /**
   * Keeps an API object: removes what a bundle never holds, and draws components and node
   * entries from it. A namespaced object without a namespace is kept as it is and indexed in
   * {@code default}. A later object with the same kind, namespace and name replaces an earlier
   * one, as applying the manifests in order would.
   *
   * @param object the object as read; changed in place
   * @param location where it was read from ({@code file:line}, an API path), or {@code null}
   * @return the object replaced, or {@code null}
   */
  Replaced keep(Map<String, Object> object, String location) {
    String kind = (String) object.get("kind");
    Map<String, Object> metadata = map(object.get("metadata"));
    String name = (String) metadata.get("name");
    String declaredNamespace = metadata.get("namespace") instanceof String ns && !ns.isEmpty()
        ? ns : null;
    String namespace = declaredNamespace;
    if (ApiKinds.isNamespaced(kind)) {
      if (namespace == null) {
        namespace = "default";
      }
    } else {
      namespace = null;
    }

    switch (kind) {
      case "Pod" -> podComponents(object, declaredNamespace, namespace, name);
      case "Node" -> node(name, roles(metadata));
      case "ConfigMap" -> CONFIG_MAPS.forEach((component, maps) -> maps.stream()
          .filter(c -> c.namespace().equals(declaredNamespace) && c.name().equals(name))
          .forEach(c -> configMapComponent(component, c, object)));
      default -> { }
    }
    ObjectScrubber.scrub(object);

    String target = KubeObject.targetOf(kind, namespace, name);
    Integer index = indexOfTarget.get(target);
    Replaced replaced = null;
    if (index == null) {
      indexOfTarget.put(target, objects.size());
      objects.add(object);
    } else {
      replaced = new Replaced(target, objects.get(index),
          locations.getOrDefault(target, "an earlier object"));
      objects.set(index, object);
    }
    if (location != null) {
      locations.put(target, location);
    }
    return replaced;
  }

  /** The object kept with the kind, namespace and name of {@code object}, or {@code null}. */
  Map<String, Object> kept(Map<String, Object> object) {
    String kind = (String) object.get("kind");
    Map<String, Object> metadata = map(object.get("metadata"));
    String namespace = null;
    if (ApiKinds.isNamespaced(kind)) {
      namespace = metadata.get("namespace") instanceof String ns && !ns.isEmpty() ? ns : "default";
    }
    Integer index = indexOfTarget.get(KubeObject.targetOf(kind, namespace,
        (String) metadata.get("name")));
    return index == null ? null : objects.get(index);
  }

  /** Records a node by name; its roles, when known, come from its labels. */
  void node(String name, List<String> roles) {
    nodes.computeIfAbsent(name, NodeEntry::new).roles = roles;
  }

  /** Records something that could not be collected on a node. */
  void nodeError(String node, String item, String component, String message) {
    nodes.computeIfAbsent(node, NodeEntry::new).errors.add(item, component, message);
  }

  /** Adds a component found by other means (the kubelet's live configuration) to a node. */
  void component(String node, FactBundle.Component component) {
    nodes.computeIfAbsent(node, NodeEntry::new).components.add(component);
  }

  /** How a ConfigMap is named in collection errors and component sources. */
  static String item(NodeLayouts.ConfigMapFile configMap) {
    return "ConfigMap/" + configMap.namespace() + "/" + configMap.name();
  }

  /**
   * A ConfigMap as the component of every node whose pods mount it as their config file: kubeadm's
   * DaemonSet runs {@code kube-proxy --config=/var/lib/kube-proxy/config.conf} with the map's
   * {@code config.conf} mounted there. The settings are resolved as for a config file found on a
   * node.
   */
  void configMapComponent(String kind, NodeLayouts.ConfigMapFile spec,
      Map<String, Object> configMap) {
    String item = item(spec);
    Object text = map(configMap.get("data")).get(spec.key());
    Object content = null;
    if (text instanceof String conf) {
      try {
        Object parsed = StructuredText.document(conf, spec.key());
        if (parsed instanceof Map<?, ?>) {
          content = Redactor.redact(parsed);
        } else {
          nodeError(EVERY_NODE, item, kind, spec.key() + " holds no YAML or JSON mapping");
        }
      } catch (MalformedException e) {
        nodeError(EVERY_NODE, item, kind, spec.key() + ": " + e.getMessage());
      }
    } else {
      nodeError(EVERY_NODE, item, kind, "the ConfigMap has no " + spec.key());
    }
    List<FactBundle.ConfigFile> configFiles = content == null ? List.of()
        : List.of(new FactBundle.ConfigFile(spec.flag(), spec.path(), content));
    FactBundle.Component component = new FactBundle.Component(kind,
        new FactBundle.Source("configmap", item, null),
        List.of(kind, spec.flag() + "=" + spec.path()), Map.of(), configFiles, Map.of());
    component(EVERY_NODE, withEffective(EVERY_NODE, component));
  }

  List<Map<String, Object>> objects() {
    return List.copyOf(objects);
  }

  Map<String, String> locations() {
    return Map.copyOf(locations);
  }

  /** The node entries: every node by name in the order met, the every-node entry last. */
  List<FactBundle.Node> nodes() {
    List<FactBundle.Node> out = new ArrayList<>();
    List<NodeEntry> ordered = new ArrayList<>(nodes.values());
    ordered.sort((a, b) -> Boolean.compare(a.name.equals(EVERY_NODE), b.name.equals(EVERY_NODE)));
    for (NodeEntry entry : ordered) {
      out.add(new FactBundle.Node(entry.name, entry.roles != null ? entry.roles
          : derivedRoles(entry), entry.components, List.of(), entry.errors.list()));
    }
    return out;
  }

  /** The Kubernetes version the API server's pod image is tagged with, or {@code null}. */
  String apiServerVersion() {
    return apiServerVersion;
  }

  /** True when an object of this kind, namespace and name was kept. */
  boolean has(String kind, String namespace, String name) {
    return indexOfTarget.containsKey(KubeObject.targetOf(kind, namespace, name));
  }

  // ---- pods --------------------------------------------------------------------------------

  /**
   * The components a pod in {@code kube-system} runs (a pod given without a namespace may be a
   * static pod file: its kubelet would place it). Recognised by command or image, never by name,
   * so that an application's own etcd elsewhere is not taken for the cluster's.
   */
  private void podComponents(Map<String, Object> pod, String declaredNamespace, String namespace,
      String name) {
    if (declaredNamespace != null && !declaredNamespace.equals(KUBE_SYSTEM)) {
      return;
    }
    Map<String, Object> spec = map(pod.get("spec"));
    List<?> containers = spec.get("containers") instanceof List<?> l ? l : List.of();
    for (int i = 0; i < containers.size(); i++) {
      if (!(containers.get(i) instanceof Map<?, ?> container)) {
        continue;
      }
      String image = container.get("image") instanceof String s ? s : null;
      Optional<Recognizer.Recognized> recognized = Recognizer.container(
          PodSpecs.strings(container.get("command")), PodSpecs.strings(container.get("args")),
          image);
      if (recognized.isEmpty() || !POD_COMPONENTS.contains(recognized.get().kind())) {
        continue;
      }
      String kind = recognized.get().kind();
      String node = nodeOf(spec, name, kind);
      FactBundle.Component component = new FactBundle.Component(kind,
          new FactBundle.Source("mirror-pod", "Pod/" + namespace + "/" + name,
              "/spec/containers/" + i),
          Redactor.redactArgs(recognized.get().argv(), kind),
          kind.equals("etcd") ? PodSpecs.etcdEnv(container) : Map.of(),
          List.of(), Map.of());
      component(node, kind.equals("kubelet") ? withEffective(node, component) : component);
      if (kind.equals("kube-apiserver") && apiServerVersion == null) {
        apiServerVersion = PodSpecs.versionOfImage(image);
      }
    }
  }

  /**
   * The node a pod runs on: its {@code nodeName}; for a static pod file, which has none, the pod
   * name without the component prefix (kubeadm's mirror pods are named {@code <component>-<node>}),
   * else the pod name.
   */
  private static String nodeOf(Map<String, Object> spec, String name, String kind) {
    if (spec.get("nodeName") instanceof String node && !node.isBlank()) {
      return node;
    }
    String prefix = kind + "-";
    return name.startsWith(prefix) && name.length() > prefix.length()
        ? name.substring(prefix.length()) : name;
  }

  /** The component with its config-keyed settings resolved, as the node collector writes them. */
  private FactBundle.Component withEffective(String node, FactBundle.Component component) {
    List<CollectionIssue> unknown = new ArrayList<>();
    Map<String, FactBundle.EffectiveValue> effective =
        SettingResolver.effectiveConfig(node, component, unknown);
    unknown.forEach(i -> nodeError(node, i.getItem(), i.getComponent(), i.getMessage()));
    return new FactBundle.Component(component.kind(), component.source(), component.args(),
        component.env(), component.configFiles(), effective);
  }

  // ---- nodes -------------------------------------------------------------------------------

  /** A Node's roles, from its {@code node-role.kubernetes.io/<role>} labels. */
  static List<String> roles(Map<String, Object> metadata) {
    Set<String> roles = new TreeSet<>();
    map(metadata.get("labels")).keySet().forEach(label -> {
      if (label.startsWith(ROLE_LABEL) && label.length() > ROLE_LABEL.length()) {
        roles.add(label.substring(ROLE_LABEL.length()));
      }
    });
    return List.copyOf(roles);
  }

  /** Roles for a node known only from its pods, as the node collector derives them. */
  private static List<String> derivedRoles(NodeEntry entry) {
    Set<String> kinds = new LinkedHashSet<>();
    entry.components.forEach(c -> kinds.add(c.kind()));
    if (kinds.stream().anyMatch(CONTROL_PLANE::contains)) {
      return List.of("control-plane");
    }
    return kinds.contains("kubelet") ? List.of("worker") : List.of();
  }

  /** A JSON object as a mutable map; anything else as an empty one (never stored). */
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? castMap(m) : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
