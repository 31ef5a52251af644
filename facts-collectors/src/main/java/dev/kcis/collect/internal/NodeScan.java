package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.Redactor;
import dev.kcis.collect.internal.PathSpace.UnmappedPathException;
import dev.kcis.collect.internal.StructuredText.MalformedException;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.internal.ArgParser;
import dev.kcis.engine.internal.InputFiles;
import dev.kcis.engine.internal.SettingResolver;
import dev.kcis.engine.internal.SettingsCatalog;
import dev.kcis.facts.CollectionIssue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One collection on one node root: finds the components (static pod manifests, running
 * processes, the kubelet's systemd unit), reads the config files they name, records by metadata
 * the files the benchmark checks, and assembles the node's bundle. Whatever cannot be read becomes
 * a collection error of the node; nothing here throws for a node's content.
 */
public final class NodeScan {

  /** The collector's name in bundle metadata. */
  public static final String COLLECTOR = "kcis collect node";

  private static final int TEXT_LIMIT = 4 * 1024 * 1024;
  private static final int MAX_TREE_FILES = 1000;
  private static final String DEFAULT_MANIFESTS = "/etc/kubernetes/manifests";
  private static final String PKI = "/etc/kubernetes/pki";
  /** systemd's unit search path, highest priority first (systemd.unit(5)). */
  private static final List<String> UNIT_DIRS = List.of("/etc/systemd/system",
      "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system",
      "/lib/systemd/system");
  private static final List<String> CONVENTIONAL_KUBELET_CONFIGS = List.of(
      "/var/lib/kubelet/config.yaml", "/etc/kubernetes/kubelet-config.yaml",
      "/etc/kubernetes/kubelet/kubelet-config.json");
  /** The flags naming config files whose content rules read, per component. */
  private static final Map<String, List<String>> CONFIG_FLAGS = Map.of(
      "kubelet", List.of("--config"),
      "kube-proxy", List.of("--config"),
      "etcd", List.of("--config-file"),
      "kube-apiserver", List.of("--encryption-provider-config", "--audit-policy-file",
          "--admission-control-config-file", "--authentication-config",
          "--authorization-config"));
  private static final String DROP_IN_FLAG = "--config-dir";
  private static final List<String> CONTROL_PLANE = List.of("kube-apiserver",
      "kube-controller-manager", "kube-scheduler", "etcd");
  /** How components of one kind are listed: what is configured, then what runs. */
  private static final List<String> LISTING_ORDER = List.of("static-pod-manifest",
      "systemd-unit", "process");
  /** Which instance of a kind names the files to record: the one the engine judges. */
  private static final List<String> JUDGED_ORDER = List.of("process", "systemd-unit",
      "static-pod-manifest");
  private static final Pattern BINARIES_PATH =
      Pattern.compile("/binaries/(v\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.+_-]+)?)/");

  private final NodeFs root;
  private final boolean liveRoot;
  private final String nodeNameOverride;
  private final Issues issues = new Issues();
  private final Accounts accounts;
  private final FileRecorder files;
  private boolean kubeadmManifests;

  private NodeScan(Path root, String nodeNameOverride, Consumer<Path> evidence) {
    this.root = new NodeFs(root, "the node root", evidence);
    this.liveRoot = root.toAbsolutePath().normalize().toString().equals("/");
    this.nodeNameOverride = nodeNameOverride;
    this.accounts = Accounts.read(this.root, issues);
    this.files = new FileRecorder(accounts, issues);
  }

  /**
   * Collects the node whose filesystem is mounted at {@code root}.
   *
   * @param nodeName the node's name, or {@code null} to find it on the node
   * @param evidence told each path on the collecting machine that is read, stat'ed or listed
   */
  public static FactBundle collect(Path root, String nodeName, Consumer<Path> evidence) {
    return new NodeScan(root, nodeName, evidence).run();
  }

  /** A component instance found on the node, before it becomes a bundle component. */
  private static final class Found {
    final String kind;
    final FactBundle.Source source;
    final List<String> argv;
    final Map<String, String> env;
    final PathSpace space;
    final String image;
    final ArgParser.ParsedArgs flags;
    final Map<String, LoadedConfig> configs = new LinkedHashMap<>();
    boolean configsLoaded;

    Found(String kind, FactBundle.Source source, List<String> argv, Map<String, String> env,
        PathSpace space, String image) {
      this.kind = kind;
      this.source = source;
      this.argv = List.copyOf(argv);
      this.env = env;
      this.space = space;
      this.image = image;
      this.flags = ArgParser.parse(argv, SettingsCatalog.get().component(kind));
    }

    /** A flag's value as pflag reads it, {@code null} when absent or empty. */
    String flag(String name) {
      ArgParser.ParsedFlag flag = flags.flags().get(name);
      return flag == null || flag.value().isBlank() ? null : flag.value();
    }
  }

  /**
   * A config file a component names.
   *
   * @param path its path in {@code fs}
   * @param content the parsed content, redacted; {@code null} when it could not be read
   * @param via how the path was chosen
   */
  private record LoadedConfig(String flag, String path, Object content, String via, NodeFs fs) {}

  /** The directory of static pod manifests and how it was chosen. */
  private record ManifestDir(String path, String via, NodeFs fs) {}

  private FactBundle run() {
    List<Found> found = new ArrayList<>(processes());
    List<String> unitFiles = new ArrayList<>();
    List<String> dropIns = new ArrayList<>();
    boolean masked = findKubeletUnits(unitFiles, dropIns);
    if (!masked && found.stream().noneMatch(f -> f.kind.equals("kubelet"))) {
      systemdKubelet(unitFiles, dropIns).ifPresent(found::add);
    }
    Found kubelet = judged(found, "kubelet");
    if (kubelet != null) {
      loadConfigs(kubelet);
    }
    ManifestDir manifests = manifestDir(kubelet);
    found.addAll(manifests(manifests));
    found.forEach(this::loadConfigs);
    found.sort(Comparator.<Found>comparingInt(f -> Recognizer.KINDS.indexOf(f.kind))
        .thenComparingInt(f -> LISTING_ORDER.indexOf(f.source.type())));

    String nodeName = nodeName(kubelet);
    List<FactBundle.Component> components = new ArrayList<>();
    for (Found f : found) {
      components.add(component(nodeName, f));
    }
    recordFiles(found, manifests, unitFiles, dropIns);

    List<String> roles = found.stream().anyMatch(f -> CONTROL_PLANE.contains(f.kind))
        ? List.of("control-plane") : kubelet != null ? List.of("worker") : List.of();
    FactBundle.Node node = new FactBundle.Node(nodeName, roles, components, files.files(),
        issues.list());
    FactBundle.Metadata metadata = new FactBundle.Metadata(
        new FactBundle.Collector(COLLECTOR, ComplianceEngine.version()),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    return new FactBundle(root.base().toString(), metadata,
        new FactBundle.Cluster(null, kubernetesVersion(found), platform()), List.of(node),
        List.of(), Map.of(), List.of(), List.of());
  }

  // ---- components -------------------------------------------------------------------------

  private FactBundle.Component component(String nodeName, Found f) {
    List<FactBundle.ConfigFile> configFiles = new ArrayList<>();
    for (LoadedConfig config : f.configs.values()) {
      if (config.content() != null) {
        configFiles.add(new FactBundle.ConfigFile(config.flag(), config.path(), config.content()));
      }
    }
    // The values of credential flags never leave the node; the flags the rules read stay.
    List<String> args = Redactor.redactArgs(f.argv, f.kind);
    FactBundle.Component component = new FactBundle.Component(f.kind, f.source, args, f.env,
        configFiles, Map.of());
    if (f.kind.equals("kubelet") || f.kind.equals("kube-proxy")) {
      // Flag over config file over default, resolved by the engine's own code.
      List<CollectionIssue> unknown = new ArrayList<>();
      Map<String, FactBundle.EffectiveValue> effective =
          SettingResolver.effectiveConfig(nodeName, component, unknown);
      unknown.forEach(i -> issues.add(i.getItem(), i.getComponent(), i.getMessage()));
      component = new FactBundle.Component(f.kind, f.source, args, f.env, configFiles,
          effective);
    }
    return component;
  }

  /** Reads the config files a component names; an unreadable one becomes a collection error. */
  private void loadConfigs(Found f) {
    if (f.configsLoaded) {
      return;
    }
    f.configsLoaded = true;
    for (String flag : CONFIG_FLAGS.getOrDefault(f.kind, List.of())) {
      String value = f.flag(flag);
      String via = "flag " + flag;
      if (value == null && f.kind.equals("etcd") && f.env.containsKey("ETCD_CONFIG_FILE")) {
        value = f.env.get("ETCD_CONFIG_FILE");
        via = "env ETCD_CONFIG_FILE";
      }
      if (value == null || value.isBlank()) {
        continue;
      }
      String path;
      try {
        path = f.space.locate(f.space.absolute(value));
      } catch (UnmappedPathException e) {
        issues.add(value, f.kind, e.getMessage());
        continue;
      }
      NodeFs fs = f.space.fs();
      if (f.kind.equals("kubelet") && !value.startsWith("/") && !exists(fs, path, f.kind)) {
        String conventional = singleExisting(fs, CONVENTIONAL_KUBELET_CONFIGS);
        if (conventional != null) {
          path = conventional;
          via = "conventional location; " + flag + "=" + value + " did not resolve";
        }
      }
      f.configs.put(flag, new LoadedConfig(flag, path, readConfig(fs, path, f.kind), via, fs));
    }
    if (f.kind.equals("kubelet")) {
      loadDropIns(f);
    }
  }

  /**
   * The kubelet's {@code --config-dir} (Kubernetes 1.30+): its {@code *.conf} drop-ins in name
   * order, merged over {@code --config} by the kubelet. The directory itself is recorded with the
   * list of drop-ins it held, so the engine can tell an empty directory from one not read.
   */
  private void loadDropIns(Found f) {
    String value = f.flag(DROP_IN_FLAG);
    if (value == null || value.isBlank()) {
      return;
    }
    String dir;
    List<String> names;
    try {
      dir = f.space.locate(f.space.absolute(value));
      names = f.space.fs().list(dir).stream().filter(n -> n.endsWith(".conf")).toList();
    } catch (UnmappedPathException e) {
      issues.add(value, f.kind, e.getMessage());
      return;
    } catch (IOException e) {
      issues.add(value, f.kind, Problems.describe(e));
      return;
    }
    String base = dir.endsWith("/") ? dir : dir + "/";
    List<String> paths = names.stream().map(n -> base + n).toList();
    f.configs.put(DROP_IN_FLAG, new LoadedConfig(DROP_IN_FLAG, dir, Map.of("dropIns", paths),
        "flag " + DROP_IN_FLAG, f.space.fs()));
    for (String path : paths) {
      f.configs.put(DROP_IN_FLAG + " " + path, new LoadedConfig(DROP_IN_FLAG, path,
          readConfig(f.space.fs(), path, f.kind), "drop-in of flag " + DROP_IN_FLAG, f.space.fs()));
    }
  }

  /**
   * A config file's content, parsed and redacted. Every config file a rule reads is a mapping;
   * anything else (a token CSV, a key, a certificate named by mistake or by design) is not kept,
   * and the error names the file without quoting it.
   */
  private Object readConfig(NodeFs fs, String path, String kind) {
    try {
      String text = text(fs, path);
      List<String> outOfRange = new ArrayList<>();
      Object content = StructuredText.document(text, path, outOfRange);
      outOfRange.forEach(note -> issues.add(path, kind, note));
      if (!(content instanceof Map<?, ?>)) {
        issues.add(path, kind, "not a config file: it holds no YAML or JSON mapping, so its "
            + "content is not kept");
        return null;
      }
      return Redactor.redact(content);
    } catch (IOException e) {
      issues.add(path, kind, Problems.describe(e));
    } catch (MalformedException e) {
      issues.add(path, kind, e.getMessage());
    }
    return null;
  }

  /**
   * A value of a component's parsed config file, by dotted key; {@code null} when unknown. For the
   * kubelet's {@code --config}, the last drop-in that sets the key wins.
   */
  private static Object configValue(Found f, String flag, String dottedKey) {
    LoadedConfig config = configHolding(f, flag, dottedKey);
    return config == null ? null : SettingResolver.lookup(config.content(), dottedKey);
  }

  /** The config file (or kubelet drop-in) whose value of the key applies, or {@code null}. */
  private static LoadedConfig configHolding(Found f, String flag, String dottedKey) {
    List<LoadedConfig> candidates = new ArrayList<>();
    if (f.configs.get(flag) != null) {
      candidates.add(f.configs.get(flag));
    }
    if (flag.equals("--config")) {
      f.configs.values().stream()
          .filter(c -> c.flag().equals(DROP_IN_FLAG) && !c.path().equals(dirOf(f)))
          .forEach(candidates::add);
    }
    for (int i = candidates.size() - 1; i >= 0; i--) {
      if (SettingResolver.lookup(candidates.get(i).content(), dottedKey) != null) {
        return candidates.get(i);
      }
    }
    return null;
  }

  private static String dirOf(Found f) {
    LoadedConfig dir = f.configs.get(DROP_IN_FLAG);
    return dir == null ? null : dir.path();
  }

  // ---- processes --------------------------------------------------------------------------

  private List<Found> processes() {
    List<Found> found = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    boolean procfs;
    try {
      if (!root.isDirectory("/proc")) {
        return found;
      }
      for (String name : root.list("/proc")) {
        if (name.matches("[0-9]{1,18}")) {
          pids.add(Long.parseLong(name));
        }
      }
      procfs = isProcfs(root.resolve("/proc"));
    } catch (IOException e) {
      issues.add("/proc", null, Problems.describe(e));
      return found;
    }
    pids.sort(null);
    for (long pid : pids) {
      String dir = "/proc/" + pid;
      byte[] cmdline;
      try {
        cmdline = root.read(dir + "/cmdline", TEXT_LIMIT);
      } catch (IOException e) {
        if (!vanished(e)) {
          issues.add(dir + "/cmdline", null, Problems.describe(e));
        }
        continue; // a process that exited after /proc was listed runs nothing to judge
      }
      List<String> argv = nulSeparated(cmdline);
      Optional<String> kind = Recognizer.kindOf(argv);
      if (kind.isEmpty()) {
        continue;
      }
      Map<String, String> env = kind.get().equals("etcd") ? processEnv(dir) : Map.of();
      found.add(new Found(kind.get(), new FactBundle.Source("process", dir + "/cmdline", null),
          argv, env, processSpace(pid, procfs, kind.get()), null));
    }
    return found;
  }

  /** etcd's {@code ETCD_*} environment: etcd reads its settings from it. */
  private Map<String, String> processEnv(String dir) {
    Map<String, String> env = new TreeMap<>();
    try {
      for (String entry : nulSeparated(root.read(dir + "/environ", TEXT_LIMIT))) {
        int eq = entry.indexOf('=');
        if (eq > 0 && entry.startsWith("ETCD_")) {
          String name = entry.substring(0, eq);
          env.put(name, Redactor.redactEnv(name, entry.substring(eq + 1)));
        }
      }
    } catch (IOException e) {
      issues.add(dir + "/environ", "etcd", vanished(e)
          ? "the process exited while it was being read" : Problems.describe(e));
    }
    return env;
  }

  /**
   * Where a process's paths live: its mount namespace ({@code /proc/<pid>/root}) when the node
   * shows it, else the node root; relative paths resolve against its working directory.
   */
  private PathSpace processSpace(long pid, boolean procfs, String kind) {
    String dir = "/proc/" + pid;
    NodeFs fs = root;
    String cwd = "/";
    try {
      Path pidDir = root.resolve(dir);
      String description = "the mount namespace of process " + pid;
      if (procfs) {
        // The kernel resolves /proc/<pid>/root into the process's own root directory.
        Path namespace = pidDir.resolve("root");
        if (Files.isDirectory(namespace)) {
          fs = root.view(namespace, description);
        } else if (Files.isSymbolicLink(namespace)) {
          issues.add(dir + "/root", kind, "cannot enter the process's mount namespace (reading "
              + "/proc/<pid>/root needs CAP_SYS_PTRACE); its files are read from the node root");
        }
      } else if (root.isDirectory(dir + "/root")) {
        fs = root.view(root.resolve(dir + "/root"), description);
      }
      Path cwdLink = pidDir.resolve("cwd");
      if (Files.isSymbolicLink(cwdLink)) {
        String target = Files.readSymbolicLink(cwdLink).toString();
        cwd = target.startsWith("/") ? target : "/";
      }
    } catch (IOException e) {
      issues.add(dir, kind, Problems.describe(e));
    }
    return PathSpace.node(fs, cwd);
  }

  private static boolean isProcfs(Path proc) {
    try {
      return Files.getFileStore(proc).type().equals("proc");
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean vanished(IOException e) {
    return e instanceof NoSuchFileException || (e instanceof FileSystemException fs
        && "No such process".equals(fs.getReason()));
  }

  private static List<String> nulSeparated(byte[] bytes) {
    List<String> parts = new ArrayList<>(Arrays.asList(
        new String(bytes, StandardCharsets.UTF_8).split("\0", -1)));
    if (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    return parts;
  }

  // ---- the kubelet's systemd unit ----------------------------------------------------------

  /**
   * Finds kubelet.service and its drop-ins in systemd's unit directories. Returns true when the
   * unit is masked (linked to /dev/null), so systemd does not run it.
   */
  private boolean findKubeletUnits(List<String> unitFiles, List<String> dropIns) {
    Set<Path> seen = new HashSet<>();
    boolean masked = false;
    for (String dir : UNIT_DIRS) {
      String unit = dir + "/kubelet.service";
      try {
        Path resolved = root.resolve(unit);
        if (resolved.equals(root.resolve("/dev/null"))) {
          masked |= unitFiles.isEmpty();
        } else if (Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS) && seen.add(resolved)) {
          unitFiles.add(unit);
        }
        String dropInDir = unit + ".d";
        if (root.isDirectory(dropInDir)) {
          for (String name : root.list(dropInDir)) {
            String dropIn = dropInDir + "/" + name;
            Path file = root.resolve(dropIn);
            if (name.endsWith(".conf") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && seen.add(file)) {
              dropIns.add(dropIn);
            }
          }
        }
      } catch (IOException e) {
        issues.add(unit, "kubelet", Problems.describe(e));
      }
    }
    return masked;
  }

  private Optional<Found> systemdKubelet(List<String> unitFiles, List<String> dropIns) {
    List<String> order = SystemdService.fragmentOrder(unitFiles, dropIns);
    if (order.isEmpty()) {
      return Optional.empty();
    }
    List<SystemdService.Fragment> fragments = new ArrayList<>();
    for (String path : order) {
      try {
        fragments.add(new SystemdService.Fragment(path, text(root, path)));
      } catch (IOException e) {
        issues.add(path, "kubelet", Problems.describe(e)
            + "; the kubelet's command line under systemd is unknown");
        return Optional.empty();
      }
    }
    SystemdService.Service service = SystemdService.resolve("kubelet.service", fragments,
        path -> {
          try {
            return text(root, path);
          } catch (NoSuchFileException e) {
            return null;
          }
        });
    for (SystemdService.Problem problem : service.problems()) {
      issues.add(problem.item(), "kubelet", problem.message()
          + "; the kubelet's command line under systemd is unknown");
    }
    if (!service.problems().isEmpty()) {
      return Optional.empty();
    }
    if (service.argv().isEmpty()) {
      issues.add(order.get(0), "kubelet", "kubelet.service has no ExecStart=, so systemd does not "
          + "start the kubelet");
      return Optional.empty();
    }
    return Optional.of(new Found("kubelet",
        new FactBundle.Source("systemd-unit", service.execStartFile(), null), service.argv(),
        Map.of(), PathSpace.node(root, service.workingDirectory()), null));
  }

  // ---- static pod manifests ----------------------------------------------------------------

  /** The kubelet's static pod directory: its flag, its config file, or the kubeadm default. */
  private ManifestDir manifestDir(Found kubelet) {
    if (kubelet != null) {
      String flag = kubelet.flag("--pod-manifest-path");
      if (flag != null) {
        return new ManifestDir(kubelet.space.absolute(flag), "flag --pod-manifest-path",
            kubelet.space.fs());
      }
      LoadedConfig config = configHolding(kubelet, "--config", "staticPodPath");
      if (config != null
          && SettingResolver.lookup(config.content(), "staticPodPath") instanceof String path
          && !path.isBlank()) {
        return new ManifestDir(relativeToConfig(config, path), "config staticPodPath",
            config.fs());
      }
    }
    return new ManifestDir(DEFAULT_MANIFESTS, "default", root);
  }

  private List<Found> manifests(ManifestDir dir) {
    List<Found> found = new ArrayList<>();
    NodeFs fs = dir.fs();
    List<String> names;
    try {
      if (!fs.isDirectory(dir.path())) {
        return found;
      }
      names = fs.list(dir.path());
    } catch (IOException e) {
      issues.add(dir.path(), null, Problems.describe(e));
      return found;
    }
    for (String name : names) {
      if (name.startsWith(".") || !(name.endsWith(".yaml") || name.endsWith(".yml")
          || name.endsWith(".json"))) {
        continue;
      }
      String path = join(dir.path(), name);
      List<Object> documents;
      String text;
      try {
        text = text(fs, path);
        documents = StructuredText.documents(text, name);
      } catch (IOException e) {
        issues.add(path, null, Problems.describe(e));
        continue;
      } catch (MalformedException e) {
        issues.add(path, null, e.getMessage());
        continue;
      }
      for (int d = 0; d < documents.size(); d++) {
        if (!(documents.get(d) instanceof Map<?, ?>) && documents.get(d) != null) {
          // The kubelet would refuse it: the manifest runs nothing kcis can judge.
          issues.add(path, null, (documents.size() > 1 ? "document " + (d + 1) + " " : "")
              + "is not a Kubernetes object: it holds " + shape(documents.get(d))
              + ", not a mapping");
          continue;
        }
        if (!(documents.get(d) instanceof Map<?, ?> pod) || !"Pod".equals(pod.get("kind"))) {
          continue;
        }
        kubeadmManifests |= isKubeadmStyle(pod);
        Map<?, ?> spec = pod.get("spec") instanceof Map<?, ?> s ? s : Map.of();
        List<?> containers = spec.get("containers") instanceof List<?> l ? l : List.of();
        for (int c = 0; c < containers.size(); c++) {
          if (!(containers.get(c) instanceof Map<?, ?> container)) {
            continue;
          }
          String image = container.get("image") instanceof String i ? i : null;
          Optional<Recognizer.Recognized> recognized = Recognizer.container(
              PodSpecs.strings(container.get("command")), PodSpecs.strings(container.get("args")),
              image);
          if (recognized.isEmpty()) {
            continue;
          }
          String kind = recognized.get().kind();
          // A multi-document file is addressed as the array of its documents.
          String pointer = (documents.size() > 1 ? "/" + d : "") + "/spec/containers/" + c;
          List<Integer> lines = StructuredText.argumentLines(text, name, d, c,
              recognized.get().argv());
          found.add(new Found(kind,
              new FactBundle.Source("static-pod-manifest", path, pointer, lines),
              recognized.get().argv(), kind.equals("etcd") ? PodSpecs.etcdEnv(container) : Map.of(),
              PathSpace.pod(fs, spec, container), image));
        }
      }
    }
    return found;
  }

  private static String shape(Object value) {
    return value instanceof List<?> ? "a list" : value instanceof String ? "a string"
        : value instanceof Boolean ? "a boolean" : "a number";
  }

  private static boolean isKubeadmStyle(Map<?, ?> pod) {
    return pod.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("annotations") instanceof Map<?, ?> annotations
        && annotations.keySet().stream().anyMatch(k -> String.valueOf(k)
            .startsWith("kubeadm.kubernetes.io/"));
  }

  // ---- files ------------------------------------------------------------------------------

  private void recordFiles(List<Found> found, ManifestDir manifests, List<String> unitFiles,
      List<String> dropIns) {
    for (String kind : CONTROL_PLANE) {
      String role = kind + "-manifest";
      List<Found> ofKind = found.stream().filter(f -> f.kind.equals(kind)).toList();
      List<Found> inManifests = ofKind.stream()
          .filter(f -> f.source.type().equals("static-pod-manifest")).toList();
      for (Found f : inManifests) {
        files.record(manifests.fs(), f.source.path(), role, kind, "found");
      }
      if (inManifests.isEmpty() && !ofKind.isEmpty()) {
        files.record(manifests.fs(), join(manifests.path(), kind + ".yaml"), role, kind,
            "default");
      }
    }

    Found kubelet = judged(found, "kubelet");
    String cniFlag = kubelet == null ? null : kubelet.flag("--cni-conf-dir");
    NodeFs cniFs = cniFlag == null ? root : kubelet.space.fs();
    String cniDir = cniFlag == null ? "/etc/cni/net.d" : kubelet.space.absolute(cniFlag);
    files.record(cniFs, cniDir, "cni-config-dir", null,
        cniFlag == null ? "default" : "flag --cni-conf-dir");
    FileRecorder.Cap cniFiles = new FileRecorder.Cap(MAX_TREE_FILES);
    files.walk(cniFs, cniDir, null, cniFiles,
        (path, stat) -> files.add(path, "cni-config", null, "found", stat));
    files.walk(root, "/var/lib/cni/networks", null, cniFiles,
        (path, stat) -> files.add(path, "cni-config", null, "found", stat));

    Found etcd = judged(found, "etcd");
    if (etcd != null) {
      etcdDataDir(etcd);
    }

    files.record(root, "/etc/kubernetes/admin.conf", "admin-kubeconfig", null, "default");
    files.record(root, "/etc/kubernetes/super-admin.conf", "super-admin-kubeconfig", null,
        "default");
    controlPlaneKubeconfig(judged(found, "kube-scheduler"), "kube-scheduler",
        "/etc/kubernetes/scheduler.conf");
    controlPlaneKubeconfig(judged(found, "kube-controller-manager"), "kube-controller-manager",
        "/etc/kubernetes/controller-manager.conf");

    files.record(root, PKI, "pki-dir", null, "default");
    files.walk(root, PKI, null, new FileRecorder.Cap(MAX_TREE_FILES), new FileRecorder.Visitor() {
      @Override
      public void file(String path, NodeFs.Stat stat) {
        String role = path.endsWith(".crt") ? "pki-cert" : path.endsWith(".key") ? "pki-key"
            : "pki-file";
        files.add(path, role, null, "found", stat);
      }

      @Override
      public void directory(String path, NodeFs.Stat stat) {
        files.add(path, "pki-dir", null, "found", stat);
      }
    });

    if (unitFiles.isEmpty() && dropIns.isEmpty()) {
      files.record(root, "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
          "kubelet-service", "kubelet", "default");
    }
    for (String unit : unitFiles) {
      files.record(root, unit, "kubelet-service", "kubelet", "found");
    }
    for (String dropIn : dropIns) {
      files.record(root, dropIn, "kubelet-service", "kubelet", "found");
    }
    if (kubelet != null) {
      kubeletFiles(kubelet);
    }
    kubeProxyFiles(judged(found, "kube-proxy"));
  }

  /**
   * etcd's data directory. With a config file etcd ignores its flags and environment; else
   * {@code --data-dir} wins over {@code ETCD_DATA_DIR}.
   */
  private void etcdDataDir(Found etcd) {
    String role = "etcd-data-dir";
    LoadedConfig config = etcd.configs.get("--config-file");
    if (config != null) {
      if (config.content() == null) {
        return; // the config file's error already says why the data directory is unknown
      }
      if (configValue(etcd, "--config-file", "data-dir") instanceof String dir && !dir.isBlank()) {
        recordNamed(etcd, dir, role, "config data-dir");
        return;
      }
    } else if (etcd.flag("--data-dir") != null) {
      recordNamed(etcd, etcd.flag("--data-dir"), role, "flag --data-dir");
      return;
    } else if (etcd.env.get("ETCD_DATA_DIR") != null && !etcd.env.get("ETCD_DATA_DIR").isBlank()) {
      recordNamed(etcd, etcd.env.get("ETCD_DATA_DIR"), role, "env ETCD_DATA_DIR");
      return;
    }
    files.record(root, "/var/lib/etcd", role, "etcd", "default");
  }

  private void controlPlaneKubeconfig(Found component, String kind, String defaultPath) {
    String role = kind + "-kubeconfig";
    String flag = component == null ? null : component.flag("--kubeconfig");
    if (flag != null) {
      recordNamed(component, flag, role, "flag --kubeconfig");
    } else if (component != null || exists(root, defaultPath, kind)) {
      files.record(root, defaultPath, role, kind, "default");
    }
  }

  private void kubeletFiles(Found kubelet) {
    String kubeconfig = kubelet.flag("--kubeconfig");
    if (kubeconfig != null) {
      recordNamed(kubelet, kubeconfig, "kubelet-kubeconfig", "flag --kubeconfig");
    } else {
      files.record(kubelet.space.fs(), "/etc/kubernetes/kubelet.conf", "kubelet-kubeconfig",
          "kubelet", "default");
    }
    String clientCa = kubelet.flag("--client-ca-file");
    LoadedConfig caConfig = configHolding(kubelet, "--config", "authentication.x509.clientCAFile");
    if (clientCa != null) {
      recordNamed(kubelet, clientCa, "kubelet-client-ca", "flag --client-ca-file");
    } else if (caConfig != null
        && SettingResolver.lookup(caConfig.content(), "authentication.x509.clientCAFile")
            instanceof String path
        && !path.isBlank()) {
      files.record(caConfig.fs(), relativeToConfig(caConfig, path), "kubelet-client-ca", "kubelet",
          "config authentication.x509.clientCAFile");
    }
    LoadedConfig config = kubelet.configs.get("--config");
    if (config != null) {
      files.record(config.fs(), config.path(), "kubelet-config", "kubelet", config.via());
    }
    for (LoadedConfig dropIn : kubelet.configs.values()) {
      if (dropIn.flag().equals(DROP_IN_FLAG) && !dropIn.path().equals(dirOf(kubelet))) {
        files.record(dropIn.fs(), dropIn.path(), "kubelet-config", "kubelet", dropIn.via());
      }
    }
  }

  private void kubeProxyFiles(Found proxy) {
    String role = "kube-proxy-kubeconfig";
    String flag = proxy == null ? null : proxy.flag("--kubeconfig");
    if (flag != null) {
      recordNamed(proxy, flag, role, "flag --kubeconfig");
    } else if (proxy != null && configValue(proxy, "--config", "clientConnection.kubeconfig")
        instanceof String path && !path.isBlank()) {
      recordNamed(proxy, path, role, "config clientConnection.kubeconfig");
    } else {
      files.record(root, "/etc/kubernetes/proxy.conf", role, "kube-proxy", "default");
    }
    LoadedConfig config = proxy == null ? null : proxy.configs.get("--config");
    if (config != null) {
      files.record(config.fs(), config.path(), "kube-proxy-config", "kube-proxy", config.via());
    }
  }

  /** Records a path a component names, where that component sees it. */
  private void recordNamed(Found component, String value, String role, String via) {
    try {
      files.record(component.space.fs(), component.space.locate(component.space.absolute(value)),
          role, component.kind, via);
    } catch (UnmappedPathException e) {
      issues.add(value, component.kind, e.getMessage());
    }
  }

  /** The kubelet resolves relative paths in its config file against the file's directory. */
  private static String relativeToConfig(LoadedConfig config, String path) {
    if (path.startsWith("/")) {
      return path;
    }
    String dir = config.path().substring(0, config.path().lastIndexOf('/') + 1);
    return (dir.isEmpty() ? "/" : dir) + path;
  }

  // ---- node and cluster -------------------------------------------------------------------

  /**
   * The node's name: given, the kubelet's {@code --hostname-override}, {@code /etc/hostname}, or
   * the running kernel's host name when collecting the live root. The kubelet lowercases the
   * names it derives, so kcis does too.
   */
  private String nodeName(Found kubelet) {
    if (nodeNameOverride != null) {
      return nodeNameOverride;
    }
    String override = kubelet == null ? null : kubelet.flag("--hostname-override");
    if (override != null) {
      return override.strip().toLowerCase(Locale.ROOT);
    }
    String hostname = firstLine("/etc/hostname");
    if (hostname == null && liveRoot) {
      hostname = firstLine("/proc/sys/kernel/hostname");
    }
    return hostname == null ? "unknown" : hostname.toLowerCase(Locale.ROOT);
  }

  private String firstLine(String path) {
    try {
      for (String line : text(root, path).split("\n")) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          return line.strip();
        }
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      issues.add(path, null, Problems.describe(e));
    }
    return null;
  }

  /** From the API server's (else the kubelet's) image tag or minikube's binaries path. */
  private static String kubernetesVersion(List<Found> found) {
    for (String kind : List.of("kube-apiserver", "kubelet")) {
      for (Found f : found) {
        if (!f.kind.equals(kind)) {
          continue;
        }
        String version = PodSpecs.versionOfImage(f.image);
        if (version != null) {
          return version;
        }
        Matcher binaries = BINARIES_PATH.matcher(f.argv.isEmpty() ? "" : f.argv.get(0));
        if (binaries.find()) {
          return binaries.group(1);
        }
      }
    }
    return null;
  }

  /** The distribution, from marks it leaves on a node; minikube runs kubeadm, so it goes first. */
  private String platform() {
    if (exists(root, "/etc/rancher/rke2", null)) {
      return "rke2";
    }
    if (exists(root, "/etc/rancher/k3s", null)) {
      return "k3s";
    }
    if (exists(root, "/var/lib/minikube", null)) {
      return "minikube";
    }
    if (kubeadmManifests || exists(root, "/var/lib/kubelet/kubeadm-flags.env", null)) {
      return "kubeadm";
    }
    return null;
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** The instance of a kind the engine judges: what runs over what is configured to run. */
  private static Found judged(List<Found> found, String kind) {
    return found.stream().filter(f -> f.kind.equals(kind))
        .min(Comparator.comparingInt(f -> JUDGED_ORDER.indexOf(f.source.type())))
        .orElse(null);
  }

  private boolean exists(NodeFs fs, String path, String component) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      issues.add(path, component, Problems.describe(e));
      return false;
    }
  }

  private String singleExisting(NodeFs fs, List<String> paths) {
    List<String> existing = paths.stream().filter(p -> exists(fs, p, "kubelet")).toList();
    return existing.size() == 1 ? existing.get(0) : null;
  }

  /** A file's text; one that is not UTF-8 is a collection error, never read with guesses. */
  private static String text(NodeFs fs, String path) throws IOException {
    return InputFiles.utf8(fs.read(path, TEXT_LIMIT));
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
