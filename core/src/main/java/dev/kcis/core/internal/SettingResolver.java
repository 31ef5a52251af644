package dev.kcis.core.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.NumberLimits;
import dev.kcis.core.internal.ArgParser.ParsedArgs;
import dev.kcis.core.internal.ArgParser.ParsedFlag;
import dev.kcis.core.internal.SettingsCatalog.ComponentSpec;
import dev.kcis.core.internal.SettingsCatalog.SettingSpec;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.Setting;
import dev.kcis.facts.SettingSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Resolves the effective settings of one component, the way the component itself does: a flag,
 * then (for etcd) its {@code ETCD_*} environment variable, then the documented default; with a
 * config file, flags win over the file for the kubelet, while etcd, kube-proxy and the scheduler
 * ignore the flags the file covers. A setting whose value cannot be known (its config file was
 * not readable, or only live config was collected) gets no {@link Setting}, and a collection issue
 * explains why, so rules reading it end INCONCLUSIVE rather than guess.
 */
public final class SettingResolver {

  /** The synthetic kube-apiserver setting listing the admission plugins that are in effect. */
  public static final String ADMISSION_PLUGINS = "admission-plugins";

  private SettingResolver() {}

  /** The settings of {@code component} on {@code node}; unknowns are explained in {@code issues}. */
  public static List<Setting> resolve(String node, FactBundle.Component component,
      List<CollectionIssue> issues) {
    return new Resolution(node, component, issues).settings();
  }

  /**
   * The resolved config-file settings of a component (kubelet, kube-proxy...) in the bundle's
   * {@code effective} form: what collectors write so a bundle carries the effective configuration
   * with the source of each value. Keys whose value cannot be known are left out and explained in
   * {@code issues}.
   */
  public static Map<String, FactBundle.EffectiveValue> effectiveConfig(String node,
      FactBundle.Component component, List<CollectionIssue> issues) {
    FactBundle.Component raw = new FactBundle.Component(component.kind(), component.source(),
        component.args(), component.env(), component.configFiles(), Map.of());
    ComponentSpec spec = SettingsCatalog.get().component(component.kind());
    Map<String, FactBundle.EffectiveValue> effective = new TreeMap<>();
    for (Setting s : resolve(node, raw, issues)) {
      SettingSpec entry = spec.settings().get(s.getName());
      // A default is this kcis's knowledge, not evidence: left out, so the engine that reads the
      // bundle applies its own defaults (a newer kcis, newer defaults).
      if (entry != null && entry.configKey() != null && !s.getName().startsWith("-")
          && s.getSource() != SettingSource.DEFAULT) {
        effective.put(s.getName(), new FactBundle.EffectiveValue(s.getValue(),
            s.getSource().label(), s.getLocation()));
      }
    }
    return effective;
  }

  /** One parsed config file or drop-in, by its path. */
  private record Layer(String path, Map<String, Object> content) {}

  /** The resolution of one component instance. */
  private static final class Resolution {
    private final String node;
    private final FactBundle.Component component;
    private final List<CollectionIssue> issues;
    private final ComponentSpec spec;
    private final String target;
    private final String location;
    private final String defaultLocation;
    private final ParsedArgs parsed;
    private final boolean argsKnown;
    /** The config file named by the config flag, or {@code null}. */
    private String configPath;
    /** The drop-in directory named by the drop-in flag, or {@code null}. */
    private String dropInDir;
    /** The config file's content, then each drop-in's, in the order they are merged. */
    private final List<Layer> layers = new ArrayList<>();
    /** True when a config file or drop-in the component reads is not in the bundle. */
    private boolean configUnknown;

    Resolution(String node, FactBundle.Component component, List<CollectionIssue> issues) {
      this.node = node;
      this.component = component;
      this.issues = issues;
      this.spec = SettingsCatalog.get().component(component.kind());
      this.target = "node/" + node + "/" + component.kind();
      this.location = component.source().path() != null ? component.source().path()
          : component.source().type();
      this.defaultLocation = component.kind() + " default (Kubernetes "
          + SettingsCatalog.get().kubernetesVersion() + ")";
      this.parsed = ArgParser.parse(component.args(), spec);
      // An empty argument vector means the command line was not collected (live /configz).
      this.argsKnown = !component.args().isEmpty();
    }

    List<Setting> settings() {
      findConfigFile();
      List<Setting> settings = new ArrayList<>();
      Set<String> named = new HashSet<>();
      for (Map.Entry<String, FactBundle.EffectiveValue> e : component.effective().entrySet()) {
        FactBundle.EffectiveValue v = e.getValue();
        if (SettingSource.fromLabel(v.source()) == SettingSource.DEFAULT) {
          continue; // an older collector's default: derived again below with this kcis's defaults
        }
        settings.add(new Setting(node, component.kind(), target, e.getKey(), v.value(),
            SettingSource.fromLabel(v.source()), v.location(), e.getKey()));
        named.add(e.getKey());
      }
      if (!argsKnown) {
        if ("configz".equals(component.source().type())) {
          settings.addAll(configzFeatureGateDefaults(named));
        }
        return settings;
      }
      for (SettingSpec entry : spec.settings().values()) {
        if (!named.contains(entry.name())) {
          Setting s = resolve(entry);
          if (s != null) {
            settings.add(s);
          }
          named.add(entry.name());
        }
      }
      // Flags the catalog does not know are still facts a custom rule may read.
      for (ParsedFlag flag : parsed.flags().values()) {
        if (named.add(flag.name())) {
          settings.add(new Setting(node, component.kind(), target, flag.name(), flag.value(),
              SettingSource.FLAG, at(flag), "args[" + flag.index() + "]"));
        }
      }
      if (component.kind().equals("kube-apiserver")) {
        settings.add(admissionPlugins());
      }
      return settings;
    }

    /**
     * The feature gates a live {@code /configz} leaves out: the kubelet lists only the gates set
     * explicitly, so one absent is at its default (this kcis's, for the catalog's version).
     */
    private List<Setting> configzFeatureGateDefaults(Set<String> named) {
      List<Setting> defaults = new ArrayList<>();
      for (SettingSpec entry : spec.settings().values()) {
        if (entry.configKey() != null && entry.configKey().startsWith("featureGates.")
            && !named.contains(entry.name())) {
          defaults.add(setting(entry, entry.configDefault(), SettingSource.DEFAULT,
              defaultLocation + ", not in " + location, null));
          named.add(entry.name());
        }
      }
      return defaults;
    }

    private void findConfigFile() {
      if (spec.configFlag() == null || !argsKnown) {
        return;
      }
      ParsedFlag flag = parsed.flags().get(spec.configFlag());
      String path = flag != null ? flag.value() : etcdEnv(spec.configFlag());
      if (path != null && !path.isEmpty()) {
        configPath = path;
        Map<String, Object> content = null;
        for (FactBundle.ConfigFile file : component.configFiles()) {
          if (spec.configFlag().equals(file.flag()) || path.equals(file.path())) {
            content = asMap(file.content());
            if (content != null) {
              break;
            }
          }
        }
        if (content != null) {
          layers.add(new Layer(path, content));
        } else {
          configUnknown = true;
          issues.add(new CollectionIssue(node, component.kind(), null, path, "the config file named by "
              + spec.configFlag() + " is not in the bundle, so the settings it may hold are unknown"));
        }
      }
      ParsedFlag dropIn = spec.dropInFlag() == null ? null : parsed.flags().get(spec.dropInFlag());
      if (dropIn != null && !dropIn.value().isEmpty()) {
        dropInDir = dropIn.value();
        // The collector records the directory with the list of its drop-ins ({dropIns: [...]}),
        // then each drop-in: an empty directory is told apart from one that was not read.
        List<FactBundle.ConfigFile> entries = component.configFiles().stream()
            .filter(f -> spec.dropInFlag().equals(f.flag())).toList();
        List<?> listed = entries.stream().map(f -> asMap(f.content()))
            .filter(c -> c != null && c.get("dropIns") instanceof List<?>)
            .map(c -> (List<?>) c.get("dropIns")).findFirst().orElse(null);
        boolean complete = listed != null;
        for (Object dropInPath : listed == null ? List.of() : listed) {
          Map<String, Object> content = entries.stream()
              .filter(f -> f.path().equals(dropInPath)).map(f -> asMap(f.content()))
              .filter(c -> c != null).findFirst().orElse(null);
          if (content == null) {
            complete = false;
          } else {
            layers.add(new Layer(String.valueOf(dropInPath), content));
          }
        }
        if (!complete) {
          configUnknown = true;
          issues.add(new CollectionIssue(node, component.kind(), null, dropInDir, "the drop-ins "
              + "of " + spec.dropInFlag() + " are not all in the bundle, so the settings they may "
              + "hold are unknown"));
        }
      }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object content) {
      return content instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    private Setting resolve(SettingSpec entry) {
      ParsedFlag flag = entry.flag() == null ? null : parsed.flags().get(entry.flag());
      String flagValue = null;
      if (flag != null) {
        flagValue = entry.flagEntry() == null ? flag.value()
            : mapEntry(flag.value(), entry.flagEntry());
      }
      String flagPath = flag == null ? null : "args[" + flag.index() + "]"
          + (entry.name().equals(entry.flag()) ? "" : " " + entry.flag());
      if ((configPath != null || dropInDir != null) && entry.configKey() != null) {
        if (!spec.configExclusive() && flagValue != null) {
          return setting(entry, flagValue, SettingSource.FLAG, at(flag), flagPath);
        }
        if (configUnknown) {
          return null; // unknown: explained by the issue findConfigFile added
        }
        String ignored = flagValue != null && spec.configExclusive()
            ? " (" + entry.flag() + " is ignored when " + spec.configFlag() + " is given)" : "";
        // A later drop-in overrides the keys it sets; nested objects merge key by key.
        for (int i = layers.size() - 1; i >= 0; i--) {
          Object value = lookup(layers.get(i).content(), entry.configKey());
          if (value != null) {
            return setting(entry, text(value), SettingSource.CONFIG_FILE,
                layers.get(i).path() + ignored, entry.configKey());
          }
        }
        String notIn = (configPath == null ? "" : ", not in " + configPath)
            + (dropInDir == null ? "" : (configPath == null ? ", not in" : " nor in")
                + " the drop-ins of " + dropInDir);
        // Without a config file the kubelet starts from its flag defaults, not the config API's.
        return setting(entry, configPath != null ? entry.configDefault() : entry.defaultValue(),
            SettingSource.DEFAULT, defaultLocation + notIn + ignored, null);
      }
      if (flagValue != null) {
        return setting(entry, flagValue, SettingSource.FLAG, at(flag), flagPath);
      }
      String env = entry.flag() == null ? null : etcdEnv(entry.flag());
      if (env != null) {
        return setting(entry, env, SettingSource.ENV, location, "env " + envName(entry.flag()));
      }
      return setting(entry, entry.defaultValue(), SettingSource.DEFAULT,
          defaultLocation + (spec.configFlag() != null && entry.configKey() != null
              ? ", no config file" : ""), null);
    }

    /** Where a flag is written: the source file, with its line when the collector kept it. */
    private String at(ParsedFlag flag) {
      Integer line = component.source().line(flag.index());
      return line == null ? location : location + ":" + line;
    }

    private Setting setting(SettingSpec entry, String value, SettingSource source,
        String where, String path) {
      return new Setting(node, component.kind(), target, entry.name(), value, source, where, path);
    }

    /** etcd reads ETCD_<FLAG> when the flag is absent; no other component reads its environment. */
    private String etcdEnv(String flag) {
      if (!component.kind().equals("etcd")) {
        return null;
      }
      return component.env().get(envName(flag));
    }

    private Setting admissionPlugins() {
      ParsedFlag legacy = parsed.flags().get("--admission-control");
      ParsedFlag enable = parsed.flags().get("--enable-admission-plugins");
      ParsedFlag disable = parsed.flags().get("--disable-admission-plugins");
      Set<String> enabled = new LinkedHashSet<>();
      List<String> paths = new ArrayList<>();
      if (legacy != null) {
        // The deprecated flag names exactly the enabled plugins; nothing else is on.
        enabled.addAll(split(legacy.value()));
        paths.add("args[" + legacy.index() + "] --admission-control");
      } else {
        enabled.addAll(SettingsCatalog.get().admissionPluginsEnabledByDefault());
        if (enable != null) {
          enabled.addAll(split(enable.value()));
          paths.add("args[" + enable.index() + "] --enable-admission-plugins");
        }
        if (disable != null) {
          split(disable.value()).forEach(enabled::remove);
          paths.add("args[" + disable.index() + "] --disable-admission-plugins");
        }
      }
      boolean explicit = !paths.isEmpty();
      return new Setting(node, component.kind(), target, ADMISSION_PLUGINS,
          String.join(",", enabled), explicit ? SettingSource.FLAG : SettingSource.DEFAULT,
          explicit ? at(legacy != null ? legacy : enable != null ? enable : disable)
              : defaultLocation + ": plugins enabled by default",
          explicit ? String.join(", ", paths) : null);
    }
  }

  private static String envName(String flag) {
    return "ETCD_" + flag.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static List<String> split(String list) {
    return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList();
  }

  /** The value of {@code key} in a {@code k=v,k2=v2} map flag (last wins), or {@code null}. */
  static String mapEntry(String value, String key) {
    String found = null;
    for (String element : split(value)) {
      int eq = element.indexOf('=');
      if (eq > 0 && element.substring(0, eq).trim().equals(key)) {
        found = element.substring(eq + 1).trim();
      }
    }
    return found;
  }

  /**
   * The value at a dotted key path of a parsed config file, or {@code null}. An explicit YAML null
   * counts as absent. Collectors use it too, for the paths a config file names.
   */
  public static Object lookup(Object content, String dottedKey) {
    Object current = content;
    for (String step : dottedKey.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(step);
    }
    return current;
  }

  /**
   * Config values as text: lists comma-joined, maps as {@code k=v} lists, numbers without noise,
   * and a number out of range in scientific notation, never expanded into all its digits.
   */
  static String text(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(SettingResolver::text).collect(Collectors.joining(","));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue()))
          .collect(Collectors.joining(","));
    }
    if (value instanceof Number number) {
      return NumberLimits.text(number);
    }
    return String.valueOf(value);
  }
}
