package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.Redactor;
import dev.kcis.collect.internal.PathSpace.UnmappedPathException;
import dev.kcis.collect.internal.StructuredText.MalformedException;
import dev.kcis.core.internal.ArgParser;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.NodeLayouts;
import dev.kcis.core.internal.SettingResolver;
import dev.kcis.core.internal.SettingsCatalog;
import dev.kcis.core.internal.Version;
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
  /** systemd's unit search path, highest priority first (systemd.unit(5)). */
  private static final List<String> UNIT_DIRS = List.of("/etc/systemd/system",
      "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system",
      "/lib/systemd/system");
  /** The flags naming config files whose content rules read, per component. */
  private static final Map<String, List<String>> CONFIG_FLAGS = Map.of(
      "kubelet", List.of("--config"),
      "kube-proxy", List.of("--config"),
      "kube-scheduler", List.of("--config"),
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
  private static final List<String> JOURNAL_DIRS = List.of("/var/log/journal", "/run/log/journal");
  private static final Pattern BINARIES_PATH =
      Pattern.compile("/binaries/(v\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.+_-]+)?)/");

  private final NodeFs root;
  private final boolean liveRoot;
  private final String nodeNameOverride;
  private final Options options;
  private final Consumer<Path> evidence;
  private final Issues issues = new Issues();
  private final Accounts accounts;
  private final FileRecorder files;
  /** Every process /proc lists, with its command line. */
  private final List<RunningProcess> running = new ArrayList<>();
  private boolean procListed;
  /** Annotation prefixes of the static pods read (kubeadm marks its pods). */
  private final Set<String> annotations = new HashSet<>();
  private LayoutChoice.Choice choice;
  private NodeLayouts.Layout layout;
  private Supervisors.Supervisor supervisor;
  /** The kubelet's systemd unit: the first the layouts name that is on the node. */
  private String kubeletUnit;
  private JournalLines.Found journal;
  private String journalSource;
  private boolean journalRead;

  /**
   * What a collection is given besides the root.
   *
   * @param nodeName the node's name, or {@code null} to find it on the node
   * @param layouts layouts tried before the built-in ones (a user's catalog), may be empty
   * @param journal a text export of the node's systemd journal, or {@code null}
   * @param journalctl the journalctl executable to read a binary journal with, or {@code null}
   *     to look for it on the PATH
   */
  public record Options(String nodeName, List<NodeLayouts.Layout> layouts, Path journal,
      String journalctl) {
    public Options {
      layouts = List.copyOf(layouts);
    }

    /** A name and nothing else. */
    public static Options named(String nodeName) {
      return new Options(nodeName, List.of(), null, null);
    }
  }

  private NodeScan(Path root, Options options, Consumer<Path> evidence) {
    this.root = new NodeFs(root, "the node root", evidence);
    this.liveRoot = root.toAbsolutePath().normalize().toString().equals("/");
    this.nodeNameOverride = options.nodeName();
    this.options = options;
    this.evidence = evidence;
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
    return collect(root, Options.named(nodeName), evidence);
  }

  /**
   * Collects the node whose filesystem is mounted at {@code root}.
   *
   * @param evidence told each path on the collecting machine that is read, stat'ed or listed
   */
  public static FactBundle collect(Path root, Options options, Consumer<Path> evidence) {
    return new NodeScan(root, options, evidence).run();
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
    /** Settings its arguments file alone gives (the command line does not name them). */
    final Map<String, FactBundle.EffectiveValue> fromArgumentsFile = new TreeMap<>();
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
    boolean masked = findKubeletUnit(unitFiles, dropIns);
    if (!masked && found.stream().noneMatch(f -> f.kind.equals("kubelet"))) {
      systemdKubelet(unitFiles, dropIns).ifPresent(found::add);
    }
    recognise(judged(found, "kubelet"), false);
    if (layout.supervisor() != null) {
      supervisor = Supervisors.find(layout.supervisor(), running, supervisorUnits());
      found.addAll(supervised(found));
    }
    Found kubelet = judged(found, "kubelet");
    if (kubelet != null) {
      loadConfigs(kubelet);
    }
    ManifestDir manifests = manifestDir(kubelet);
    found.addAll(manifests(manifests));
    if (choice.layout() == null && !annotations.isEmpty()) {
      recognise(kubelet, true); // kubeadm marks its static pods
    }
    found.forEach(this::loadConfigs);
    found.sort(Comparator.<Found>comparingInt(f -> Recognizer.KINDS.indexOf(f.kind))
        .thenComparingInt(f -> LISTING_ORDER.indexOf(f.source.type())));

    String nodeName = nodeName(kubelet);
    List<FactBundle.Component> components = new ArrayList<>();
    for (Found f : found) {
      components.add(component(nodeName, f));
    }
    recordFiles(found, manifests, unitFiles, dropIns);

    FactBundle.Node node = new FactBundle.Node(nodeName, roles(found, kubelet, manifests),
        components, files.files(), issues.list());
    FactBundle.Metadata metadata = new FactBundle.Metadata(
        new FactBundle.Collector(COLLECTOR, Version.get()),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    String version = kubernetesVersion(found);
    if (version == null && journal != null) {
      version = journal.version();
    }
    return new FactBundle(root.base().toString(), metadata,
        new FactBundle.Cluster(null, version, choice.platform(), choice.evidence()),
        List.of(node), List.of(), Map.of(), List.of(), List.of());
  }

  /**
   * The node's role, from what was found: {@code control-plane} when a control-plane component
   * runs (or the distribution's own process runs as a server); {@code worker} when a kubelet
   * runs and every place a control-plane component could run was looked at (the processes, or,
   * where the layout starts the control plane as static pods, the static pod directory), or
   * when the distribution's own process runs as an agent; else nothing.
   */
  private List<String> roles(List<Found> found, Found kubelet, ManifestDir manifests) {
    if (found.stream().anyMatch(f -> CONTROL_PLANE.contains(f.kind))) {
      return List.of("control-plane");
    }
    if (supervisor != null && supervisor.role() != null) {
      return List.of(supervisor.role());
    }
    if (kubelet == null) {
      return List.of();
    }
    boolean staticPodsOnly = CONTROL_PLANE.stream().allMatch(kind -> {
      NodeLayouts.ComponentLayout c = layout.component(kind);
      return c == null || c.runs().equals("static-pod");
    });
    boolean manifestsListed = exists(manifests.fs(), manifests.path(), null);
    return procListed || (staticPodsOnly && manifestsListed) ? List.of("worker") : List.of();
  }

  // ---- layouts ----------------------------------------------------------------------------

  /** Chooses the node's layout from the marks the distributions leave. */
  private void recognise(Found kubelet, boolean withManifests) {
    List<NodeLayouts.Layout> candidates = new ArrayList<>(options.layouts());
    candidates.addAll(NodeLayouts.builtIn());
    LayoutChoice.Marks marks = new LayoutChoice.Marks() {
      @Override
      public boolean file(String path) {
        return exists(root, path, null);
      }

      @Override
      public String process(String executable) {
        for (RunningProcess p : running) {
          if (!p.argv().isEmpty() && Recognizer.baseName(p.argv().get(0)).equals(executable)) {
            return "process " + p.pid() + " runs " + String.join(" ",
                p.argv().subList(0, Math.min(2, p.argv().size())));
          }
        }
        return null;
      }

      @Override
      public String unit(String name) {
        return unitPath(name);
      }

      @Override
      public boolean kubeletPath(String prefix) {
        return kubelet != null && kubelet.argv.stream().anyMatch(a -> a.startsWith(prefix)
            || a.contains("=" + prefix));
      }

      @Override
      public boolean annotation(String prefix) {
        return withManifests && annotations.stream().anyMatch(a -> a.startsWith(prefix));
      }
    };
    choice = LayoutChoice.choose(candidates, marks);
    layout = choice.layout() != null ? choice.layout() : NodeLayouts.fallback();
  }

  /** The first unit file or drop-in directory of a unit in systemd's directories, or null. */
  private String unitPath(String name) {
    for (String dir : UNIT_DIRS) {
      String unit = dir + "/" + name;
      if (exists(root, unit, null) || exists(root, unit + ".d", null)) {
        return unit;
      }
    }
    return null;
  }

  /** The layout's component spec, or the fallback layout's when the layout has none. */
  private NodeLayouts.ComponentLayout spec(String kind) {
    NodeLayouts.ComponentLayout c = layout.component(kind);
    return c != null ? c : NodeLayouts.fallback().component(kind);
  }

  // ---- supervised components (k3s, rke2) --------------------------------------------------

  /** The command line each of the supervisor's units starts, by unit name. */
  private Map<String, List<String>> supervisorUnits() {
    Map<String, List<String>> commands = new LinkedHashMap<>();
    for (String unit : layout.supervisor().units().keySet()) {
      List<String> unitFiles = new ArrayList<>();
      List<String> dropIns = new ArrayList<>();
      if (findUnits(unit, unitFiles, dropIns)) {
        continue;
      }
      SystemdService.Service service = resolveUnit(unit, unitFiles, dropIns, null);
      if (service != null && !service.argv().isEmpty()) {
        commands.put(unit, service.argv());
      }
    }
    return commands;
  }

  /**
   * The components the distribution's own process runs: those embedded in it (k3s), from the
   * lines of its journal that start them, else from the arguments it passes by default with its
   * config's options applied; and a kubelet it starts whose process is not visible (RKE2), from
   * the journal.
   */
  private List<Found> supervised(List<Found> found) {
    List<Found> added = new ArrayList<>();
    if (supervisor == null) {
      return added;
    }
    Map<String, Object> settings = null;
    for (String kind : Recognizer.KINDS) {
      NodeLayouts.ComponentLayout c = layout.component(kind);
      if (c == null || found.stream().anyMatch(f -> f.kind.equals(kind))) {
        continue;
      }
      if (!c.embedded() && !kind.equals("kubelet")) {
        continue;
      }
      if (!c.modes().isEmpty() && supervisor.mode() != null
          && !c.modes().contains(supervisor.mode())) {
        continue;
      }
      if (c.embedded()) {
        if (settings == null) {
          settings = supervisorSettings();
        }
        if (c.disabledBy() != null && Boolean.parseBoolean(String.valueOf(
            settings.get(c.disabledBy())))) {
          continue;
        }
      }
      if (kind.equals("etcd")) {
        if (c.config() != null && exists(root, c.config(), "etcd")) {
          added.add(new Found("etcd", new FactBundle.Source("embedded", c.config(), null),
              List.of("etcd", "--config-file=" + c.config()), Map.of(), PathSpace.node(root, "/"),
              null));
        }
        continue;
      }
      readJournal();
      if (journal != null && journal.args().containsKey(kind)) {
        List<String> argv = journal.args().get(kind);
        Integer line = journal.lines().get(kind);
        List<Integer> lines = options.journal() == null || line == null ? null
            : java.util.Collections.nCopies(argv.size(), line);
        added.add(new Found(kind, new FactBundle.Source("journal", journalSource, null, lines),
            argv, Map.of(), PathSpace.node(root, "/"), null));
      } else if (c.embedded()) {
        NodeLayouts.ComponentLayout etcd = layout.component("etcd");
        boolean etcdEmbedded = etcd != null && etcd.config() != null
            && exists(root, etcd.config(), "etcd");
        added.add(new Found(kind, new FactBundle.Source("embedded", supervisor.source(), null),
            Supervisors.arguments(kind, c, layout.supervisor(), settings, etcdEmbedded),
            Map.of(), PathSpace.node(root, "/"), null));
      }
    }
    return added;
  }

  /** The supervisor's options: its config files, their drop-ins, then its command line. */
  private Map<String, Object> supervisorSettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    NodeLayouts.Supervisor spec = layout.supervisor();
    List<String> configs = new ArrayList<>(spec.configFiles());
    if (spec.configDropIns() != null) {
      try {
        if (root.isDirectory(spec.configDropIns())) {
          root.list(spec.configDropIns()).stream()
              .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).sorted()
              .forEach(n -> configs.add(join(spec.configDropIns(), n)));
        }
      } catch (IOException e) {
        issues.add(spec.configDropIns(), null, Problems.describe(e));
      }
    }
    for (String config : configs) {
      try {
        if (!root.exists(config)) {
          continue;
        }
        Object document = StructuredText.document(text(root, config), config, new ArrayList<>());
        if (document instanceof Map<?, ?> map) {
          Supervisors.merge(settings, map);
        } else if (document != null) {
          issues.add(config, null, "not a " + spec.executable() + " config file: it holds no "
              + "YAML mapping");
        }
      } catch (IOException e) {
        issues.add(config, null, Problems.describe(e));
      } catch (MalformedException e) {
        issues.add(config, null, e.getMessage());
      }
    }
    List<String> booleans = new ArrayList<>();
    for (NodeLayouts.ComponentLayout c : layout.components().values()) {
      c.optionArgs().forEach((option, values) -> {
        if (values.keySet().equals(Set.of("true"))) {
          booleans.add(option);
        }
      });
      if (c.disabledBy() != null) {
        booleans.add(c.disabledBy());
      }
    }
    Supervisors.applyFlags(settings, supervisor.argv(), spec, booleans);
    return settings;
  }

  /**
   * The journal of the distribution's units: the text export given, else the node's binary
   * journal read with journalctl when it is available. Read once, when a component needs it.
   */
  private void readJournal() {
    if (journalRead) {
      return;
    }
    journalRead = true;
    if (options.journal() != null) {
      journalSource = options.journal().toString();
      evidence.accept(options.journal().toAbsolutePath());
      try {
        journal = JournalLines.readFile(options.journal());
      } catch (IOException e) {
        issues.add(journalSource, null, "the journal export cannot be read: "
            + Problems.describe(e));
      }
      return;
    }
    for (String dir : JOURNAL_DIRS) {
      try {
        if (!root.isDirectory(dir)) {
          continue;
        }
        Path resolved = root.resolve(dir);
        String executable = options.journalctl() != null ? options.journalctl()
            : JournalLines.onPath("journalctl");
        if (executable == null) {
          return; // no journalctl here: the layout's defaults stand in, as documented
        }
        String unsafe = JournalLines.unsafeEntry(resolved);
        if (unsafe != null) {
          issues.add(dir, null, "the journal holds a link or special file, which journalctl "
              + "would follow: not read");
          return;
        }
        evidence.accept(resolved);
        journalSource = dir;
        journal = JournalLines.journalctl(executable, resolved,
            layout.supervisor().journalUnits());
        return;
      } catch (IOException e) {
        issues.add(dir, null, "the journal cannot be read: " + Problems.describe(e));
        return;
      }
    }
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
        configFiles, redactedEffective(f));
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

  /** The arguments file's settings, credential values redacted as they are in the args. */
  private static Map<String, FactBundle.EffectiveValue> redactedEffective(Found f) {
    Map<String, FactBundle.EffectiveValue> effective = new TreeMap<>();
    f.fromArgumentsFile.forEach((name, v) -> {
      List<String> redacted = Redactor.redactArgs(List.of(f.kind, name + "=" + v.value()), f.kind);
      String arg = redacted.get(redacted.size() - 1);
      effective.put(name, new FactBundle.EffectiveValue(arg.substring(arg.indexOf('=') + 1),
          v.source(), v.location()));
    });
    return effective;
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
        String conventional = singleExisting(fs, spec("kubelet").configs());
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
    return readConfig(fs, path, kind, true);
  }

  /**
   * A config file's content, redacted unless {@code redacted} is false: only for a file whose
   * values become arguments, which are redacted as every argument is before they leave the scan.
   */
  private Object readConfig(NodeFs fs, String path, String kind, boolean redacted) {
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
      return redacted ? Redactor.redact(content) : content;
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
      procListed = true;
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
      running.add(new RunningProcess(pid, argv));
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
   * Finds the kubelet's unit before the layout is known: the units the layouts name for the
   * kubelet (the user's catalogs first, then the built-in ones, in their order), the first with a
   * file or drop-in on the node. Returns true when that unit is masked.
   */
  private boolean findKubeletUnit(List<String> unitFiles, List<String> dropIns) {
    Set<String> names = new java.util.LinkedHashSet<>();
    List<NodeLayouts.Layout> layouts = new ArrayList<>(options.layouts());
    layouts.addAll(NodeLayouts.builtIn());
    for (NodeLayouts.Layout l : layouts) {
      NodeLayouts.ComponentLayout c = l.component("kubelet");
      if (c != null) {
        names.addAll(c.units());
      }
    }
    for (String name : names) {
      kubeletUnit = name;
      boolean masked = findUnits(name, unitFiles, dropIns);
      if (masked || !unitFiles.isEmpty() || !dropIns.isEmpty()) {
        return masked;
      }
    }
    kubeletUnit = names.isEmpty() ? null : names.iterator().next();
    return false;
  }

  /**
   * Finds a unit's file and drop-ins in systemd's unit directories. Returns true when the unit is
   * masked (linked to /dev/null), so systemd does not run it.
   */
  private boolean findUnits(String name, List<String> unitFiles, List<String> dropIns) {
    Set<Path> seen = new HashSet<>();
    boolean masked = false;
    String component = name.equals(kubeletUnit) ? "kubelet" : null;
    for (String dir : UNIT_DIRS) {
      String unit = dir + "/" + name;
      try {
        Path resolved = root.resolve(unit);
        if (resolved.equals(root.resolve("/dev/null"))) {
          masked |= unitFiles.isEmpty();
        } else if (Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS) && seen.add(resolved)) {
          unitFiles.add(unit);
        }
        String dropInDir = unit + ".d";
        if (root.isDirectory(dropInDir)) {
          for (String entry : root.list(dropInDir)) {
            String dropIn = dropInDir + "/" + entry;
            Path file = root.resolve(dropIn);
            if (entry.endsWith(".conf") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && seen.add(file)) {
              dropIns.add(dropIn);
            }
          }
        }
      } catch (IOException e) {
        issues.add(unit, component, Problems.describe(e));
      }
    }
    return masked;
  }

  private Optional<Found> systemdKubelet(List<String> unitFiles, List<String> dropIns) {
    SystemdService.Service service = resolveUnit(kubeletUnit, unitFiles, dropIns, "kubelet");
    if (service == null) {
      return Optional.empty();
    }
    return Optional.of(new Found("kubelet",
        new FactBundle.Source("systemd-unit", service.execStartFile(), null), service.argv(),
        Map.of(), PathSpace.node(root, service.workingDirectory()), null));
  }

  /**
   * The service systemd makes of a unit's fragments, or {@code null} when its command line is
   * unknown (the reason is a collection error for {@code component}, when one is given). A unit
   * whose file is not in the root (a copy of /etc without /usr) is resolved from its drop-ins
   * when they reset and set {@code ExecStart=}: the missing file's command line is then replaced.
   */
  private SystemdService.Service resolveUnit(String name, List<String> unitFiles,
      List<String> dropIns, String component) {
    List<String> order = SystemdService.fragmentOrder(unitFiles, dropIns);
    if (order.isEmpty()) {
      return null;
    }
    List<SystemdService.Fragment> fragments = new ArrayList<>();
    for (String path : order) {
      try {
        fragments.add(new SystemdService.Fragment(path, text(root, path)));
      } catch (IOException e) {
        if (component != null) {
          issues.add(path, component, Problems.describe(e)
              + "; the " + component + "'s command line under systemd is unknown");
        }
        return null;
      }
    }
    SystemdService.Service service = SystemdService.resolve(name, fragments,
        path -> {
          try {
            return text(root, path);
          } catch (NoSuchFileException e) {
            return null;
          }
        });
    List<SystemdService.Problem> problems = new ArrayList<>(service.problems());
    if (unitFiles.isEmpty() && !service.argv().isEmpty() && !service.resetsExecStart()) {
      problems.add(new SystemdService.Problem(name, "only drop-ins of " + name + " are on the "
          + "node and none resets ExecStart=, so the unit file's own command comes first"));
    }
    if (unitFiles.isEmpty() && service.unresolvedVariables()) {
      problems.add(new SystemdService.Problem(name, name + " itself is not on the node and "
          + "its drop-ins' ExecStart= uses variables it may set"));
    }
    if (component != null) {
      for (SystemdService.Problem problem : problems) {
        issues.add(problem.item(), component, problem.message()
            + "; the " + component + "'s command line under systemd is unknown");
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    if (service.argv().isEmpty()) {
      if (component != null) {
        issues.add(order.get(0), component, name + " has no ExecStart=, so systemd does not "
            + "start the " + component);
      }
      return null;
    }
    return service;
  }

  // ---- static pod manifests ----------------------------------------------------------------

  /** The kubelet's static pod directory: its flag, its config file, or the layout's. */
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
    String dir = spec("kubelet").staticPodPath();
    return new ManifestDir(dir != null ? dir : NodeLayouts.fallback().component("kubelet")
        .staticPodPath(), "default", root);
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
      // The kubelet reads every file of the directory whose name does not start with a dot
      // and skips directories; anything else (a FIFO, a device) is an error, never opened.
      String path = join(dir.path(), name);
      if (name.startsWith(".") || isDirectory(fs, path)) {
        continue;
      }
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
        annotations.addAll(annotationKeys(pod));
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
          PathSpace space = PathSpace.pod(fs, spec, container);
          List<String> argv = recognized.get().argv();
          LoadedConfig arguments = argumentsFile(kind, argv, space);
          if (arguments != null) {
            // After the executable (and hyperkube's sub-command), before the command line's
            // own flags, which win.
            List<String> added = argumentsOf(arguments, kind);
            int at = 1;
            while (at < argv.size() && !argv.get(at).startsWith("-")) {
              at++;
            }
            List<String> expanded = new ArrayList<>(argv.subList(0, at));
            expanded.addAll(added);
            expanded.addAll(argv.subList(at, argv.size()));
            argv = expanded;
            if (lines != null && lines.size() >= at) {
              List<Integer> shifted = new ArrayList<>(lines.subList(0, at));
              shifted.addAll(java.util.Collections.nCopies(added.size(), null));
              shifted.addAll(lines.subList(at, lines.size()));
              lines = shifted;
            }
          }
          Found f = new Found(kind,
              new FactBundle.Source("static-pod-manifest", path, pointer, lines),
              argv, kind.equals("etcd") ? PodSpecs.etcdEnv(container) : Map.of(), space, image);
          if (arguments != null) {
            argumentsFileSettings(f, recognized.get().argv(), arguments);
            // The bundle keeps the file's content redacted, as every config file's.
            f.configs.put(arguments.flag(), new LoadedConfig(arguments.flag(), arguments.path(),
                Redactor.redact(arguments.content()), arguments.via(), arguments.fs()));
          }
          found.add(f);
        }
      }
    }
    return found;
  }

  private static List<String> annotationKeys(Map<?, ?> pod) {
    if (pod.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("annotations") instanceof Map<?, ?> annotations) {
      return annotations.keySet().stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  private boolean isDirectory(NodeFs fs, String path) {
    try {
      Optional<NodeFs.Stat> stat = fs.stat(path);
      return stat.isPresent() && stat.get().type().equals("directory");
    } catch (IOException e) {
      issues.add(path, null, Problems.describe(e));
      return false;
    }
  }

  /**
   * The file a static pod's component names for more of its arguments (OpenShift's
   * {@code --openshift-config}, whose {@code apiServerArguments} the API server runs with), as
   * the layout says, read where the container sees it; {@code null} when there is none.
   */
  private LoadedConfig argumentsFile(String kind, List<String> argv, PathSpace space) {
    NodeLayouts.ComponentLayout c = layout.component(kind);
    if (c == null || c.argumentsFile() == null) {
      return null;
    }
    String flag = c.argumentsFile().flag();
    ArgParser.ParsedFlag parsed = ArgParser.parse(argv, SettingsCatalog.get().component(kind))
        .flags().get(flag);
    String value = parsed == null ? null : parsed.value();
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      String path = space.locate(space.absolute(value));
      return new LoadedConfig(flag, path, readConfig(space.fs(), path, kind, false),
          "flag " + flag, space.fs());
    } catch (UnmappedPathException e) {
      issues.add(value, kind, e.getMessage());
      return null;
    }
  }

  /**
   * The flags an arguments file gives, {@code --name=value} for each value of each name, in the
   * order of the file: the component's own command line comes after them and wins.
   */
  private List<String> argumentsOf(LoadedConfig config, String kind) {
    List<String> args = new ArrayList<>();
    NodeLayouts.ArgumentsFile spec = layout.component(kind).argumentsFile();
    String key = spec.key();
    Set<String> named = new HashSet<>();
    if (config.content() instanceof Map<?, ?> content
        && content.get(key) instanceof Map<?, ?> arguments) {
      for (Map.Entry<?, ?> e : arguments.entrySet()) {
        List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
        for (Object v : values) {
          args.add("--" + e.getKey() + "=" + (v == null ? "" : String.valueOf(v)));
        }
        named.add(String.valueOf(e.getKey()));
      }
    } else if (config.content() != null) {
      issues.add(config.path(), kind, "holds no " + key + " mapping, so the arguments the "
          + "component runs with are only those of its command line");
    }
    // Fields of the file the component turns into flags the arguments leave unset
    // (OpenShift's servingInfo.certFile is --tls-cert-file unless apiServerArguments sets it).
    spec.fields().forEach((field, flag) -> {
      Object value = SettingResolver.lookup(config.content(), field);
      List<?> values = value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
      if (!named.contains(flag) && !values.isEmpty()
          && values.stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>)) {
        values.forEach(v -> args.add("--" + flag + "=" + (v == null ? "" : v)));
      }
    });
    return args;
  }

  /**
   * Records, with their source, the settings a component takes from its arguments file and not
   * from its command line: the bundle then names the file (and key) each value came from, as it
   * does for the kubelet's config file.
   */
  private void argumentsFileSettings(Found f, List<String> commandLine, LoadedConfig arguments) {
    Set<String> onCommandLine = ArgParser.parse(commandLine,
        SettingsCatalog.get().component(f.kind)).flags().keySet();
    NodeLayouts.ArgumentsFile spec = layout.component(f.kind).argumentsFile();
    Map<String, String> fieldOf = new java.util.HashMap<>();
    spec.fields().forEach((field, flag) -> fieldOf.put(flag, field));
    Object given = arguments.content() instanceof Map<?, ?> m ? m.get(spec.key()) : null;
    for (ArgParser.ParsedFlag flag : f.flags.flags().values()) {
      String name = flag.name().substring(2);
      if (!onCommandLine.contains(flag.name())) {
        String key = given instanceof Map<?, ?> a && a.containsKey(name)
            ? spec.key() + "." + name : fieldOf.getOrDefault(name, spec.key() + "." + name);
        f.fromArgumentsFile.put(flag.name(), new FactBundle.EffectiveValue(flag.value(),
            "config-file", arguments.path() + " " + key));
      }
    }
  }

  private static String shape(Object value) {
    return value instanceof List<?> ? "a list" : value instanceof String ? "a string"
        : value instanceof Boolean ? "a boolean" : "a number";
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
    String cniDir = cniFlag == null ? orFallback(spec("kubelet").cniConfDir(),
        NodeLayouts.fallback().component("kubelet").cniConfDir())
        : kubelet.space.absolute(cniFlag);
    files.record(cniFs, cniDir, "cni-config-dir", null,
        cniFlag == null ? "default" : "flag --cni-conf-dir");
    FileRecorder.Cap cniFiles = new FileRecorder.Cap(MAX_TREE_FILES);
    files.walk(cniFs, cniDir, null, cniFiles,
        (path, stat) -> files.add(path, "cni-config", null, "found", stat));

    Found etcd = judged(found, "etcd");
    if (etcd != null) {
      etcdDataDir(etcd);
    }
    controlPlaneKubeconfig(judged(found, "kube-scheduler"), "kube-scheduler");
    controlPlaneKubeconfig(judged(found, "kube-controller-manager"), "kube-controller-manager");
    for (NodeLayouts.FileEntry entry : layout.files()) {
      layoutFile(entry, entry.role().equals("cni-config") ? cniFiles : null);
    }

    NodeLayouts.ComponentLayout kubeletSpec = spec("kubelet");
    if (unitFiles.isEmpty() && dropIns.isEmpty() && kubeletSpec.serviceFile() != null) {
      files.record(root, kubeletSpec.serviceFile(), "kubelet-service", "kubelet", "default");
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
    files.record(root, spec("etcd").dataDir(), role, "etcd", "default");
  }

  private void controlPlaneKubeconfig(Found component, String kind) {
    String role = kind + "-kubeconfig";
    String flag = component == null ? null : component.flag("--kubeconfig");
    String defaultPath = spec(kind) == null ? null : spec(kind).kubeconfig();
    if (component != null && configValue(component, "--config",
        "clientConnection.kubeconfig") instanceof String path && !path.isBlank()) {
      // The scheduler's --config (a KubeSchedulerConfiguration, as OpenShift runs it) names its
      // kubeconfig; the scheduler ignores --kubeconfig when it has one.
      recordNamed(component, path, role, "config clientConnection.kubeconfig");
    } else if (flag != null) {
      recordNamed(component, flag, role, "flag --kubeconfig");
    } else if (defaultPath != null && (component != null || exists(root, defaultPath, kind))) {
      files.record(root, defaultPath, role, kind, "default");
    }
  }

  /**
   * A file the layout records on every node of the distribution (the admin kubeconfig, the PKI
   * directory...), and what is below it when the entry says to walk it.
   */
  private void layoutFile(NodeLayouts.FileEntry entry, FileRecorder.Cap shared) {
    FileRecorder.Cap cap = shared != null ? shared : new FileRecorder.Cap(MAX_TREE_FILES);
    if (entry.walk() == null) {
      files.record(root, entry.path(), entry.role(), null, "default");
    } else if (entry.walk().equals("files")) {
      files.walk(root, entry.path(), null, cap,
          (path, stat) -> files.add(path, entry.role(), null, "found", stat));
    } else {
      files.record(root, entry.path(), entry.role(), null, "default");
      files.walk(root, entry.path(), null, cap, new FileRecorder.Visitor() {
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
    }
  }

  private void kubeletFiles(Found kubelet) {
    String kubeconfig = kubelet.flag("--kubeconfig");
    if (kubeconfig != null) {
      recordNamed(kubelet, kubeconfig, "kubelet-kubeconfig", "flag --kubeconfig");
    } else {
      files.record(kubelet.space.fs(), orFallback(spec("kubelet").kubeconfig(),
          NodeLayouts.fallback().component("kubelet").kubeconfig()), "kubelet-kubeconfig",
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
    } else if (spec("kube-proxy").kubeconfig() != null) {
      files.record(root, spec("kube-proxy").kubeconfig(), role, "kube-proxy", "default");
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
    if (hostname == null && kubelet != null) {
      hostname = kubeletIdentity(kubelet);
    }
    if (hostname == null && liveRoot) {
      hostname = firstLine("/proc/sys/kernel/hostname");
    }
    return hostname == null ? "unknown" : hostname.toLowerCase(Locale.ROOT);
  }

  /**
   * The name the kubelet authenticates as ({@code system:node:<name>} of its kubeconfig's client
   * certificate), for a copied root without /etc/hostname. Only the name is kept.
   */
  private String kubeletIdentity(Found kubelet) {
    String flag = kubelet.flag("--kubeconfig");
    String path;
    try {
      path = flag != null ? kubelet.space.locate(kubelet.space.absolute(flag))
          : spec("kubelet").kubeconfig();
    } catch (UnmappedPathException e) {
      return null;
    }
    if (path == null) {
      return null;
    }
    NodeFs fs = kubelet.space.fs();
    NodeIdentity.Identity identity = NodeIdentity.of(path, file -> {
      try {
        return fs.read(file, NodeIdentity.limit());
      } catch (NoSuchFileException e) {
        return null;
      }
    });
    return identity.name();
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

  /** A layout's path, or the fallback layout's where a user's layout names none. */
  private static String orFallback(String path, String fallback) {
    return path != null ? path : fallback;
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
