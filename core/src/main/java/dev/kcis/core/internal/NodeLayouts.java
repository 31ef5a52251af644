package dev.kcis.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Where each Kubernetes distribution keeps its components' files on a node, how it starts them,
 * and how to recognise it: the catalog {@code node-layouts.yaml}, read once, plus any layouts a
 * user gives. The node collector follows what the running processes and their flags name first
 * and uses a layout only where that evidence names nothing.
 */
public final class NodeLayouts {

  /** The component kinds a layout may describe. */
  public static final List<String> KINDS = List.of("kube-apiserver", "kube-controller-manager",
      "kube-scheduler", "etcd", "kubelet", "kube-proxy");

  private static final Set<String> LAYOUT_KEYS = Set.of("id", "name", "platform", "refines",
      "source", "recognise", "supervisor", "components", "files", "facts");
  private static final Set<String> MARK_KEYS = Set.of("files", "processes", "units",
      "kubeletPaths", "manifestAnnotations");
  private static final Set<String> SUPERVISOR_KEYS = Set.of("executable", "modes", "units",
      "configFiles", "configDropIns", "argKeys", "journalUnits");
  private static final Set<String> COMPONENT_KEYS = Set.of("runs", "modes", "units",
      "serviceFile", "kubeconfig", "configs", "staticPodPath", "cniConfDir", "dataDir", "config",
      "argumentsFile", "defaultArgs", "embeddedEtcdArgs", "optionArgs", "disabledBy",
      "configMap");
  private static final Set<String> RUNS = Set.of("static-pod", "systemd-unit", "process",
      "embedded");
  private static final Set<String> FILE_KEYS = Set.of("role", "path", "walk");
  private static final Set<String> WALKS = Set.of("pki", "files");
  private static final String BUILT_IN = "/dev/kcis/core/node-layouts.yaml";

  /** What identifies a distribution on a node; see the catalog's header. */
  public record Marks(List<String> files, List<String> processes, List<String> units,
      List<String> kubeletPaths, List<String> manifestAnnotations) {}

  /**
   * A process that runs (or starts) the distribution's components: k3s, rke2.
   *
   * @param modes its sub-command to the node's role ({@code server} to {@code control-plane})
   * @param units its systemd units to the node's role
   * @param argKeys config keys that add arguments to one component kind
   */
  public record Supervisor(String executable, Map<String, String> modes,
      Map<String, String> units, List<String> configFiles, String configDropIns,
      Map<String, String> argKeys, List<String> journalUnits) {}

  /**
   * A file a component names, and the key in it that holds more of its arguments.
   *
   * @param fields other (dotted) keys of the file the component turns into a flag when the
   *     arguments do not set that flag, to the flag's name without dashes, in the file's order
   */
  public record ArgumentsFile(String flag, String key, Map<String, String> fields) {}

  /**
   * A ConfigMap a component's pods mount as a config file (kubeadm's kube-proxy ConfigMap): read
   * from the API by {@code kcis collect cluster}, it stands for that file on every node.
   *
   * @param key the ConfigMap's data key holding the file
   * @param flag the component's flag that names the file
   * @param path where the pods mount it, the flag's value
   */
  public record ConfigMapFile(String namespace, String name, String key, String flag,
      String path) {}

  /** How one component runs on the distribution, and its files nothing else names. */
  public record ComponentLayout(String runs, List<String> modes, List<String> units,
      String serviceFile, String kubeconfig, List<String> configs, String staticPodPath,
      String cniConfDir, String dataDir, String config, ArgumentsFile argumentsFile,
      List<String> defaultArgs, List<String> embeddedEtcdArgs,
      Map<String, Map<String, List<String>>> optionArgs, String disabledBy,
      ConfigMapFile configMap) {

    /** True when the component has no process of its own: it runs inside the supervisor. */
    public boolean embedded() {
      return "embedded".equals(runs);
    }
  }

  /** A file recorded by role on every node of the layout; {@code walk} records what is below. */
  public record FileEntry(String role, String path, String walk) {}

  /** One distribution's node layout. */
  public record Layout(String id, String name, String platform, String refines, String source,
      Marks recognise, Supervisor supervisor, Map<String, ComponentLayout> components,
      List<FileEntry> files, Map<String, Object> facts, String origin) {

    /** The layout of a component kind, or {@code null} when the layout does not describe it. */
    public ComponentLayout component(String kind) {
      return components.get(kind);
    }
  }

  private static final class Holder {
    static final List<Layout> BUILT_INS = loadBuiltIn();
  }

  private NodeLayouts() {}

  /** The built-in layouts, the fallback first. */
  public static List<Layout> builtIn() {
    return Holder.BUILT_INS;
  }

  /** The layout used when none is recognised: the catalog's first (kubeadm's paths). */
  public static Layout fallback() {
    return builtIn().get(0);
  }

  /** A built-in layout by id, or {@code null}. */
  public static Layout builtIn(String id) {
    return builtIn().stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
  }

  /**
   * Parses a catalog's text (the built-in catalog's format); {@code origin} names it in errors.
   *
   * @throws IllegalArgumentException when it is not a valid catalog, naming the origin and the
   *     place in it
   */
  public static List<Layout> parse(String text, String origin) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(origin + ": not a YAML document: "
          + firstLine(e.getMessage()));
    }
    Map<String, Object> top = map(root, origin, "");
    unknownKeys(top, Set.of("layouts"), origin, "");
    List<Layout> layouts = new ArrayList<>();
    List<?> list = list(top.get("layouts"), origin, "/layouts");
    for (int i = 0; i < list.size(); i++) {
      layouts.add(layout(map(list.get(i), origin, "/layouts/" + i), origin, "/layouts/" + i));
    }
    List<String> ids = new ArrayList<>();
    for (Layout layout : layouts) {
      if (ids.contains(layout.id())) {
        throw new IllegalArgumentException(origin + ": layout '" + layout.id() + "' is defined twice");
      }
      ids.add(layout.id());
    }
    return List.copyOf(layouts);
  }

  private static Layout layout(Map<String, Object> m, String origin, String at) {
    unknownKeys(m, LAYOUT_KEYS, origin, at);
    String id = required(m, "id", origin, at);
    String where = at + " (" + id + ")";
    Map<String, ComponentLayout> components = new LinkedHashMap<>();
    Map<String, Object> c = m.containsKey("components")
        ? map(m.get("components"), origin, where + "/components") : Map.of();
    for (Map.Entry<String, Object> e : c.entrySet()) {
      if (!KINDS.contains(e.getKey())) {
        throw new IllegalArgumentException(origin + ": " + where + "/components: unknown component '"
            + e.getKey() + "' (expected one of " + String.join(", ", KINDS) + ")");
      }
      components.put(e.getKey(), component(map(e.getValue(), origin,
          where + "/components/" + e.getKey()), origin, where + "/components/" + e.getKey()));
    }
    List<FileEntry> files = new ArrayList<>();
    List<?> fileList = m.containsKey("files") ? list(m.get("files"), origin, where + "/files")
        : List.of();
    for (int i = 0; i < fileList.size(); i++) {
      String fat = where + "/files/" + i;
      Map<String, Object> f = map(fileList.get(i), origin, fat);
      unknownKeys(f, FILE_KEYS, origin, fat);
      String walk = text(f.get("walk"));
      if (walk != null && !WALKS.contains(walk)) {
        throw new IllegalArgumentException(origin + ": " + fat + "/walk: '" + walk
            + "' is not one of pki, files");
      }
      files.add(new FileEntry(required(f, "role", origin, fat), path(f, "path", origin, fat,
          true), walk));
    }
    Map<String, Object> facts = m.containsKey("facts")
        ? Map.copyOf(map(m.get("facts"), origin, where + "/facts")) : Map.of();
    return new Layout(id, text(m.getOrDefault("name", id)), required(m, "platform", origin, at),
        text(m.get("refines")), text(m.get("source")),
        marks(m.containsKey("recognise") ? map(m.get("recognise"), origin, where + "/recognise")
            : Map.of(), origin, where + "/recognise"),
        m.containsKey("supervisor") ? supervisor(map(m.get("supervisor"), origin,
            where + "/supervisor"), origin, where + "/supervisor") : null,
        Map.copyOf(components), List.copyOf(files), facts, origin);
  }

  private static Marks marks(Map<String, Object> m, String origin, String at) {
    unknownKeys(m, MARK_KEYS, origin, at);
    return new Marks(paths(m, "files", origin, at), strings(m.get("processes"), origin,
        at + "/processes"), strings(m.get("units"), origin, at + "/units"),
        paths(m, "kubeletPaths", origin, at), strings(m.get("manifestAnnotations"), origin,
        at + "/manifestAnnotations"));
  }

  private static Supervisor supervisor(Map<String, Object> m, String origin, String at) {
    unknownKeys(m, SUPERVISOR_KEYS, origin, at);
    return new Supervisor(required(m, "executable", origin, at),
        textMap(m.get("modes"), origin, at + "/modes"),
        textMap(m.get("units"), origin, at + "/units"), paths(m, "configFiles", origin, at),
        m.containsKey("configDropIns") ? path(m, "configDropIns", origin, at, true) : null,
        textMap(m.get("argKeys"), origin, at + "/argKeys"),
        strings(m.get("journalUnits"), origin, at + "/journalUnits"));
  }

  private static ComponentLayout component(Map<String, Object> m, String origin, String at) {
    unknownKeys(m, COMPONENT_KEYS, origin, at);
    String runs = required(m, "runs", origin, at);
    if (!RUNS.contains(runs)) {
      throw new IllegalArgumentException(origin + ": " + at + "/runs: '" + runs + "' is not one of "
          + String.join(", ", new java.util.TreeSet<>(RUNS)));
    }
    ArgumentsFile argumentsFile = null;
    if (m.containsKey("argumentsFile")) {
      Map<String, Object> a = map(m.get("argumentsFile"), origin, at + "/argumentsFile");
      unknownKeys(a, Set.of("flag", "key", "fields"), origin, at + "/argumentsFile");
      argumentsFile = new ArgumentsFile(required(a, "flag", origin, at + "/argumentsFile"),
          required(a, "key", origin, at + "/argumentsFile"),
          textMap(a.get("fields"), origin, at + "/argumentsFile/fields"));
    }
    Map<String, Map<String, List<String>>> optionArgs = new LinkedHashMap<>();
    if (m.containsKey("optionArgs")) {
      for (Map.Entry<String, Object> e : map(m.get("optionArgs"), origin, at + "/optionArgs")
          .entrySet()) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String oat = at + "/optionArgs/" + e.getKey();
        for (Map.Entry<String, Object> v : map(e.getValue(), origin, oat).entrySet()) {
          values.put(v.getKey(), strings(v.getValue(), origin, oat + "/" + v.getKey()));
        }
        optionArgs.put(e.getKey(), Map.copyOf(values));
      }
    }
    return new ComponentLayout(runs, strings(m.get("modes"), origin, at + "/modes"),
        strings(m.get("units"), origin, at + "/units"), optionalPath(m, "serviceFile", origin, at),
        optionalPath(m, "kubeconfig", origin, at), paths(m, "configs", origin, at),
        optionalPath(m, "staticPodPath", origin, at), optionalPath(m, "cniConfDir", origin, at),
        optionalPath(m, "dataDir", origin, at), optionalPath(m, "config", origin, at),
        argumentsFile, strings(m.get("defaultArgs"), origin, at + "/defaultArgs"),
        strings(m.get("embeddedEtcdArgs"), origin, at + "/embeddedEtcdArgs"),
        Map.copyOf(optionArgs), text(m.get("disabledBy")), configMap(m, origin, at));
  }

  private static ConfigMapFile configMap(Map<String, Object> m, String origin, String at) {
    if (!m.containsKey("configMap")) {
      return null;
    }
    String cat = at + "/configMap";
    Map<String, Object> c = map(m.get("configMap"), origin, cat);
    unknownKeys(c, Set.of("namespace", "name", "key", "flag", "path"), origin, cat);
    return new ConfigMapFile(required(c, "namespace", origin, cat), required(c, "name", origin, cat),
        required(c, "key", origin, cat), required(c, "flag", origin, cat),
        path(c, "path", origin, cat, true));
  }

  /**
   * The ConfigMaps the layouts' components mount as config files, by component kind, each once,
   * in catalog order.
   */
  public static Map<String, List<ConfigMapFile>> configMaps(List<Layout> layouts) {
    Map<String, List<ConfigMapFile>> out = new LinkedHashMap<>();
    for (Layout layout : layouts) {
      layout.components().forEach((kind, c) -> {
        if (c.configMap() != null) {
          List<ConfigMapFile> list = out.computeIfAbsent(kind, k -> new java.util.ArrayList<>());
          if (!list.contains(c.configMap())) {
            list.add(c.configMap());
          }
        }
      });
    }
    out.replaceAll((kind, list) -> List.copyOf(list));
    return java.util.Collections.unmodifiableMap(out);
  }

  // ---- YAML helpers --------------------------------------------------------------------------

  private static List<Layout> loadBuiltIn() {
    try (InputStream in = NodeLayouts.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("node-layouts.yaml is missing from the engine jar");
      }
      List<Layout> layouts = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "node-layouts.yaml");
      if (layouts.isEmpty()) {
        throw new IllegalStateException("node-layouts.yaml holds no layout");
      }
      return layouts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String origin, String at) {
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(origin + ": " + (at.isEmpty() ? "/" : at)
          + ": expected a mapping");
    }
    for (Object key : m.keySet()) {
      if (!(key instanceof String)) {
        throw new IllegalArgumentException(origin + ": " + at + ": key " + key + " is not text");
      }
    }
    return (Map<String, Object>) m;
  }

  private static List<?> list(Object value, String origin, String at) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> l)) {
      throw new IllegalArgumentException(origin + ": " + at + ": expected a list");
    }
    return l;
  }

  private static List<String> strings(Object value, String origin, String at) {
    List<String> out = new ArrayList<>();
    for (Object item : list(value, origin, at)) {
      if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
        throw new IllegalArgumentException(origin + ": " + at + ": expected a list of text");
      }
      out.add(String.valueOf(item));
    }
    return List.copyOf(out);
  }

  private static Map<String, String> textMap(Object value, String origin, String at) {
    if (value == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    map(value, origin, at).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static List<String> paths(Map<String, Object> m, String key, String origin, String at) {
    List<String> paths = strings(m.get(key), origin, at + "/" + key);
    for (String p : paths) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException(origin + ": " + at + "/" + key + ": '" + p
            + "' is not an absolute path");
      }
    }
    return paths;
  }

  private static String optionalPath(Map<String, Object> m, String key, String origin,
      String at) {
    return m.containsKey(key) ? path(m, key, origin, at, true) : null;
  }

  private static String path(Map<String, Object> m, String key, String origin, String at,
      boolean required) {
    String p = required ? required(m, key, origin, at) : text(m.get(key));
    if (p != null && !p.startsWith("/")) {
      throw new IllegalArgumentException(origin + ": " + at + "/" + key + ": '" + p
          + "' is not an absolute path");
    }
    return p;
  }

  private static String required(Map<String, Object> m, String key, String origin, String at) {
    Object v = m.get(key);
    if (v == null || v instanceof Map<?, ?> || v instanceof List<?>
        || String.valueOf(v).isBlank()) {
      throw new IllegalArgumentException(origin + ": " + at + "/" + key + ": missing or not text");
    }
    return String.valueOf(v);
  }

  private static void unknownKeys(Map<String, Object> m, Set<String> known, String origin,
      String at) {
    for (String key : m.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(origin + ": " + (at.isEmpty() ? "/" : at) + ": unknown key '"
            + key + "' (expected one of " + String.join(", ", new java.util.TreeSet<>(known))
            + ")");
      }
    }
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
