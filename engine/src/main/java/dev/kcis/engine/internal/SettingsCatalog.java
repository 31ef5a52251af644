package dev.kcis.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The flag types and defaults of every component, read once from {@code component-settings.yaml}.
 */
public final class SettingsCatalog {

  /** How pflag treats a flag. */
  public enum FlagType {
    BOOL, STRING, INT, DURATION, LIST, MAP;

    static FlagType of(String name) {
      return switch (name) {
        case "bool" -> BOOL;
        case "int" -> INT;
        case "duration" -> DURATION;
        case "list" -> LIST;
        case "map" -> MAP;
        default -> STRING;
      };
    }
  }

  /** A flag's type and default ({@code null}: unset). */
  public record FlagSpec(String name, FlagType type, String defaultValue) {}

  /** A config-file key, the flag that overrides it, and its two defaults. */
  public record ConfigKeySpec(String key, String flag, FlagType type, String flagDefault,
      String configDefault) {}

  /** Everything known of one component's settings. */
  public record ComponentSpec(String kind, String configFlag, Map<String, FlagSpec> flags,
      Map<String, ConfigKeySpec> configKeys) {

    /** The type of a flag, {@code null} when the catalog does not know it. */
    public FlagType typeOf(String flag) {
      FlagSpec spec = flags.get(flag);
      if (spec != null) {
        return spec.type();
      }
      for (ConfigKeySpec key : configKeys.values()) {
        if (flag.equals(key.flag())) {
          return key.type();
        }
      }
      return null;
    }
  }

  private static final SettingsCatalog INSTANCE = load();

  private final String kubernetesVersion;
  private final Map<String, ComponentSpec> components;

  private SettingsCatalog(String kubernetesVersion, Map<String, ComponentSpec> components) {
    this.kubernetesVersion = kubernetesVersion;
    this.components = components;
  }

  public static SettingsCatalog get() {
    return INSTANCE;
  }

  /** The Kubernetes version the defaults hold for. */
  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  /** The spec of a component kind; an empty spec for kinds the catalog does not list. */
  public ComponentSpec component(String kind) {
    return components.getOrDefault(kind, new ComponentSpec(kind, null, Map.of(), Map.of()));
  }

  @SuppressWarnings("unchecked")
  private static SettingsCatalog load() {
    try (InputStream in = SettingsCatalog.class.getResourceAsStream(
        "/dev/kcis/engine/component-settings.yaml")) {
      if (in == null) {
        throw new IllegalStateException("component-settings.yaml is missing from the engine jar");
      }
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Map<String, ComponentSpec> components = new LinkedHashMap<>();
      Map<String, Object> all = (Map<String, Object>) root.get("components");
      for (Map.Entry<String, Object> entry : all.entrySet()) {
        Map<String, Object> c = (Map<String, Object>) entry.getValue();
        Map<String, FlagSpec> flags = new LinkedHashMap<>();
        Map<String, Object> flagMap = (Map<String, Object>) c.getOrDefault("flags", Map.of());
        for (Map.Entry<String, Object> f : flagMap.entrySet()) {
          Map<String, Object> spec = (Map<String, Object>) f.getValue();
          flags.put(f.getKey(), new FlagSpec(f.getKey(), FlagType.of((String) spec.get("type")),
              text(spec.get("default"))));
        }
        Map<String, ConfigKeySpec> keys = new LinkedHashMap<>();
        Map<String, Object> keyMap = (Map<String, Object>) c.getOrDefault("config", Map.of());
        for (Map.Entry<String, Object> k : keyMap.entrySet()) {
          Map<String, Object> spec = (Map<String, Object>) k.getValue();
          keys.put(k.getKey(), new ConfigKeySpec(k.getKey(), (String) spec.get("flag"),
              FlagType.of((String) spec.getOrDefault("type", "string")),
              text(spec.get("flagDefault")), text(spec.get("configDefault"))));
        }
        components.put(entry.getKey(), new ComponentSpec(entry.getKey(),
            (String) c.get("configFlag"), Map.copyOf(flags), Map.copyOf(keys)));
      }
      return new SettingsCatalog(String.valueOf(root.get("kubernetesVersion")),
          Map.copyOf(components));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
