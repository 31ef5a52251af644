package dev.kcis.engine.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.internal.ArgParser.ParsedArgs;
import dev.kcis.engine.internal.ArgParser.ParsedFlag;
import dev.kcis.engine.internal.SettingsCatalog.ComponentSpec;
import dev.kcis.engine.internal.SettingsCatalog.ConfigKeySpec;
import dev.kcis.engine.internal.SettingsCatalog.FlagSpec;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.Setting;
import dev.kcis.facts.SettingSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolves the effective settings of one component: its flags, etcd's {@code ETCD_*} environment,
 * config-file keys (flag over config file over default) and the documented defaults of flags left
 * out. A config key whose value cannot be known (the config file was not readable) gets no
 * setting, and a collection issue explains why.
 */
public final class SettingResolver {

  private SettingResolver() {}

  /** The settings of {@code component} on {@code node}; unknowns are added to {@code issues}. */
  public static List<Setting> resolve(String node, FactBundle.Component component,
      List<CollectionIssue> issues) {
    String kind = component.kind();
    String target = "node/" + node + "/" + kind;
    ComponentSpec spec = SettingsCatalog.get().component(kind);
    String location = component.source().path() != null ? component.source().path()
        : component.source().type();
    String defaultLocation = kind + " default (Kubernetes " + SettingsCatalog.get().kubernetesVersion()
        + ")";
    ParsedArgs parsed = ArgParser.parse(component.args(), spec);
    List<Setting> settings = new ArrayList<>();
    for (ParsedFlag flag : parsed.flags().values()) {
      settings.add(new Setting(node, kind, target, flag.name(), flag.value(), SettingSource.FLAG,
          location, "args[" + flag.index() + "]"));
    }
    java.util.Set<String> named = new java.util.HashSet<>(parsed.flags().keySet());
    if ("etcd".equals(kind)) {
      for (Map.Entry<String, String> env : component.env().entrySet()) {
        if (!env.getKey().startsWith("ETCD_")) {
          continue;
        }
        String flag = "--" + env.getKey().substring(5).toLowerCase(Locale.ROOT).replace('_', '-');
        if (named.add(flag)) {
          settings.add(new Setting(node, kind, target, flag, env.getValue(), SettingSource.ENV,
              location, "env " + env.getKey()));
        }
      }
    }
    for (FlagSpec flag : spec.flags().values()) {
      if (!named.contains(flag.name())) {
        settings.add(new Setting(node, kind, target, flag.name(), flag.defaultValue(),
            SettingSource.DEFAULT, defaultLocation, null));
      }
    }
    settings.addAll(configKeys(node, component, spec, parsed, location, defaultLocation, issues));
    return settings;
  }

  /**
   * The resolved config-file settings of a kubelet or kube-proxy (flag over config file over
   * default), in the bundle's {@code effective} form: what collectors write so a bundle carries
   * the effective configuration with the source of each value. Keys whose value cannot be known
   * are left out and explained in {@code issues}.
   */
  public static Map<String, FactBundle.EffectiveValue> effectiveConfig(String node,
      FactBundle.Component component, List<CollectionIssue> issues) {
    ComponentSpec spec = SettingsCatalog.get().component(component.kind());
    FactBundle.Component raw = new FactBundle.Component(component.kind(), component.source(),
        component.args(), component.env(), component.configFiles(), Map.of());
    String location = component.source().path() != null ? component.source().path()
        : component.source().type();
    String defaultLocation = component.kind() + " default (Kubernetes "
        + SettingsCatalog.get().kubernetesVersion() + ")";
    Map<String, FactBundle.EffectiveValue> effective = new java.util.TreeMap<>();
    for (Setting s : configKeys(node, raw, spec, ArgParser.parse(component.args(), spec), location,
        defaultLocation, issues)) {
      effective.put(s.getName(), new FactBundle.EffectiveValue(s.getValue(), s.getSource().label(),
          s.getLocation()));
    }
    return effective;
  }

  private static List<Setting> configKeys(String node, FactBundle.Component component,
      ComponentSpec spec, ParsedArgs parsed, String location, String defaultLocation,
      List<CollectionIssue> issues) {
    String kind = component.kind();
    String target = "node/" + node + "/" + kind;
    List<Setting> settings = new ArrayList<>();
    if (!component.effective().isEmpty()) {
      // The collector already resolved them (or read them live from /configz): take them as given.
      for (Map.Entry<String, FactBundle.EffectiveValue> e : component.effective().entrySet()) {
        FactBundle.EffectiveValue v = e.getValue();
        settings.add(new Setting(node, kind, target, e.getKey(), v.value(),
            SettingSource.fromLabel(v.source()), v.location(), e.getKey()));
      }
      return settings;
    }
    if (spec.configKeys().isEmpty()) {
      return settings;
    }
    ParsedFlag configFlag = spec.configFlag() == null ? null : parsed.flags().get(spec.configFlag());
    Map<String, Object> content = null;
    String configPath = null;
    boolean configUnknown = false;
    if (configFlag != null) {
      configPath = configFlag.value();
      FactBundle.ConfigFile file = findConfig(component, spec.configFlag(), configPath);
      if (file != null && file.content() instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        content = typed;
      } else {
        configUnknown = true;
        issues.add(new CollectionIssue(node, kind, null, configPath,
            "the config file named by " + spec.configFlag() + " is not in the bundle"
                + (file != null ? " (its content could not be read)" : "")
                + ", so settings it may hold are unknown"));
      }
    }
    for (ConfigKeySpec key : spec.configKeys().values()) {
      ParsedFlag flag = key.flag() == null ? null : parsed.flags().get(key.flag());
      if (flag != null) {
        settings.add(new Setting(node, kind, target, key.key(), flag.value(), SettingSource.FLAG,
            location, "args[" + flag.index() + "] " + key.flag()));
      } else if (configFlag == null) {
        settings.add(new Setting(node, kind, target, key.key(), key.flagDefault(),
            SettingSource.DEFAULT, defaultLocation + ", no config file", null));
      } else if (!configUnknown) {
        Object value = lookup(content, key.key());
        if (value != null) {
          settings.add(new Setting(node, kind, target, key.key(), text(value),
              SettingSource.CONFIG_FILE, configPath, key.key()));
        } else {
          settings.add(new Setting(node, kind, target, key.key(), key.configDefault(),
              SettingSource.DEFAULT, defaultLocation + ", not in " + configPath, null));
        }
      }
    }
    return settings;
  }

  private static FactBundle.ConfigFile findConfig(FactBundle.Component component, String flag,
      String path) {
    for (FactBundle.ConfigFile file : component.configFiles()) {
      if (flag.equals(file.flag()) || path.equals(file.path())) {
        return file;
      }
    }
    return null;
  }

  /** The value at a dotted key path, or {@code null}. An explicit YAML null counts as absent. */
  static Object lookup(Map<String, Object> content, String dottedKey) {
    Object current = content;
    for (String step : dottedKey.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(step);
    }
    return current;
  }

  /** Config values as text: lists comma-joined, maps as {@code k=v} lists, numbers without noise. */
  static String text(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(SettingResolver::text).collect(Collectors.joining(","));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue()))
          .collect(Collectors.joining(","));
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d.longValue());
    }
    return String.valueOf(value);
  }
}
