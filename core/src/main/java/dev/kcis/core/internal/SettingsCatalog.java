package dev.kcis.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The types and defaults of every component setting, read once from
 * {@code component-settings.yaml}, the one place kcis writes them down.
 */
public final class SettingsCatalog {

  /** How pflag treats a flag. */
  public enum FlagType {
    BOOL, STRING, INT, DURATION, LIST, MAP;

    static FlagType of(String name) {
      return switch (name == null ? "string" : name) {
        case "bool" -> BOOL;
        case "int" -> INT;
        case "duration" -> DURATION;
        case "list" -> LIST;
        case "map" -> MAP;
        case "string" -> STRING;
        default -> throw new IllegalStateException("component-settings.yaml: unknown type " + name);
      };
    }
  }

  /**
   * One setting of a component.
   *
   * @param name the flag ({@code --profiling}) or config key ({@code readOnlyPort}) rules read
   * @param flag the flag that sets it, or {@code null}
   * @param flagEntry for a key set through a map flag, the entry name
   * @param configKey where a config file holds it, or {@code null}
   * @param type the flag type
   * @param defaultValue the value when nothing sets it ({@code null}: unset)
   * @param configDefault the default when a config file is used and leaves the key out
   */
  public record SettingSpec(String name, String flag, String flagEntry, String configKey,
      FlagType type, String defaultValue, String configDefault) {}

  /**
   * Everything known of one component's settings.
   *
   * @param configFlag the flag naming its config file, or {@code null}
   * @param configExclusive true when flags are ignored once a config file is given (kube-proxy)
   * @param dropInFlag the flag naming a directory of config drop-ins merged over the config file,
   *     in file name order (the kubelet's {@code --config-dir}), or {@code null}
   */
  public record ComponentSpec(String kind, String configFlag, boolean configExclusive,
      String dropInFlag, Map<String, SettingSpec> settings) {

    /** The type of a flag, {@code null} when the catalog does not know the flag. */
    public FlagType typeOf(String flag) {
      for (SettingSpec spec : settings.values()) {
        if (flag.equals(spec.flag())) {
          return spec.type() == FlagType.MAP || spec.flagEntry() == null ? spec.type()
              : FlagType.MAP;
        }
      }
      return null;
    }
  }

  private static final SettingsCatalog INSTANCE = load();

  private final String kubernetesVersion;
  private final List<String> admissionPluginsEnabledByDefault;
  private final Map<String, ComponentSpec> components;

  private SettingsCatalog(String kubernetesVersion, List<String> admissionPluginsEnabledByDefault,
      Map<String, ComponentSpec> components) {
    this.kubernetesVersion = kubernetesVersion;
    this.admissionPluginsEnabledByDefault = admissionPluginsEnabledByDefault;
    this.components = components;
  }

  public static SettingsCatalog get() {
    return INSTANCE;
  }

  /** The Kubernetes version the defaults hold for. */
  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  /** Admission plugins kube-apiserver enables unless told otherwise. */
  public List<String> admissionPluginsEnabledByDefault() {
    return admissionPluginsEnabledByDefault;
  }

  /** The component kinds the catalog describes, e.g. {@code kubelet}. */
  public java.util.Set<String> componentKinds() {
    return components.keySet();
  }

  /** The spec of a component kind; an empty spec for kinds the catalog does not list. */
  public ComponentSpec component(String kind) {
    return components.getOrDefault(kind, new ComponentSpec(kind, null, false, null, Map.of()));
  }

  @SuppressWarnings("unchecked")
  private static SettingsCatalog load() {
    try (InputStream in = SettingsCatalog.class.getResourceAsStream(
        "/dev/kcis/core/component-settings.yaml")) {
      if (in == null) {
        throw new IllegalStateException("component-settings.yaml is missing from the engine jar");
      }
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Map<String, ComponentSpec> components = new LinkedHashMap<>();
      Map<String, Object> all = (Map<String, Object>) root.get("components");
      for (Map.Entry<String, Object> entry : all.entrySet()) {
        Map<String, Object> c = (Map<String, Object>) entry.getValue();
        Map<String, SettingSpec> settings = new LinkedHashMap<>();
        Map<String, Object> specs = (Map<String, Object>) c.getOrDefault("settings", Map.of());
        for (Map.Entry<String, Object> s : specs.entrySet()) {
          Map<String, Object> spec = (Map<String, Object>) s.getValue();
          String name = s.getKey();
          String flag = spec.containsKey("flag") ? (String) spec.get("flag")
              : name.startsWith("-") ? name : null;
          String defaultValue = text(spec.get("default"));
          String configDefault = spec.containsKey("configDefault")
              ? text(spec.get("configDefault")) : defaultValue;
          String configKey = spec.containsKey("configKey") ? (String) spec.get("configKey")
              : name.startsWith("-") ? null : name;
          settings.put(name, new SettingSpec(name, flag, (String) spec.get("flagEntry"), configKey,
              FlagType.of((String) spec.get("type")), defaultValue, configDefault));
        }
        components.put(entry.getKey(), new ComponentSpec(entry.getKey(),
            (String) c.get("configFlag"), Boolean.TRUE.equals(c.get("configExclusive")),
            (String) c.get("dropInFlag"), java.util.Collections.unmodifiableMap(settings)));
      }
      return new SettingsCatalog(String.valueOf(root.get("kubernetesVersion")),
          List.copyOf((List<String>) root.get("admissionPluginsEnabledByDefault")),
          Map.copyOf(components));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
