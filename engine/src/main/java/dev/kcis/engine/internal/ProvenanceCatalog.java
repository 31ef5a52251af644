package dev.kcis.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The keys rules use to say where a mapping comes from, and their text for reports. */
final class ProvenanceCatalog {

  private static final ProvenanceCatalog INSTANCE = load();

  private final Map<String, String> sources;
  private final Map<String, String> transitive;
  private final Map<String, String> derivations;

  private ProvenanceCatalog(Map<String, String> sources, Map<String, String> transitive,
      Map<String, String> derivations) {
    this.sources = sources;
    this.transitive = transitive;
    this.derivations = derivations;
  }

  static ProvenanceCatalog get() {
    return INSTANCE;
  }

  /** The text of a provenance key of the given kind, or {@code null} when the key is unknown. */
  String text(String provenance, String key) {
    return switch (provenance) {
      case "sourced" -> sources.get(key);
      case "transitive" -> transitive.get(key);
      case "derived" -> derived(key);
      default -> null;
    };
  }

  /** The reasoning of one derivation key, or of several joined with '+'. */
  private String derived(String key) {
    StringBuilder text = new StringBuilder();
    for (String part : key.split("\\+")) {
      String one = derivations.get(part);
      if (one == null) {
        return null;
      }
      text.append(text.length() == 0 ? "" : "; ").append(part).append(": ").append(one);
    }
    return text.toString();
  }

  /** The keys known for a provenance kind. */
  java.util.Set<String> keys(String provenance) {
    return switch (provenance) {
      case "sourced" -> sources.keySet();
      case "transitive" -> transitive.keySet();
      case "derived" -> derivations.keySet();
      default -> java.util.Set.of();
    };
  }

  @SuppressWarnings("unchecked")
  private static ProvenanceCatalog load() {
    try (InputStream in = ProvenanceCatalog.class.getResourceAsStream(
        "/dev/kcis/engine/mapping-provenance.yaml")) {
      if (in == null) {
        throw new IllegalStateException("mapping-provenance.yaml is missing from the engine jar");
      }
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return new ProvenanceCatalog(
          Map.copyOf((Map<String, String>) root.get("sources")),
          Map.copyOf((Map<String, String>) root.get("transitive")),
          Map.copyOf((Map<String, String>) root.get("derivations")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
