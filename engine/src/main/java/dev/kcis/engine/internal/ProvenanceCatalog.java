package dev.kcis.engine.internal;

import dev.kcis.core.internal.InputFiles;
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

  /**
   * This catalog and the keys a rule pack declares in its {@code provenance.yaml}
   * ({@code sources:} and {@code derivations:}, key to text). A pack's text is shown with the
   * pack's name, so that an organisation's basis never reads as kcis's or CIS's; a key kcis
   * already has is refused.
   *
   * @throws dev.kcis.engine.RuleCompilationException with {@code FILE:LINE:COL} per problem
   */
  ProvenanceCatalog withPack(java.nio.file.Path file, String packName) {
    dev.kcis.bundle.internal.LocatedTree tree;
    try {
      tree = dev.kcis.bundle.internal.TreeLoader.load(
          InputFiles.readText(file, InputFiles.RULE_FILE_LIMIT), file.toString());
    } catch (IOException e) {
      throw new dev.kcis.core.KcisException(file + ": " + InputFiles.problem(e), e);
    }
    java.util.List<String> problems = new java.util.ArrayList<>();
    Map<String, String> addedSources = new java.util.LinkedHashMap<>(sources);
    Map<String, String> addedDerivations = new java.util.LinkedHashMap<>(derivations);
    com.fasterxml.jackson.databind.JsonNode root = tree.root();
    if (!root.isObject()) {
      problems.add(at(file, tree, "") + "expected 'sources:' and/or 'derivations:', each a "
          + "mapping of key to text");
    } else {
      for (var it = root.fieldNames(); it.hasNext(); ) {
        String section = it.next();
        Map<String, String> target = section.equals("sources") ? addedSources
            : section.equals("derivations") ? addedDerivations : null;
        if (target == null) {
          problems.add(at(file, tree, "/" + section) + "unknown field '" + section
              + "' (expected sources, derivations)");
          continue;
        }
        var entries = root.get(section);
        if (!entries.isObject()) {
          problems.add(at(file, tree, "/" + section) + "expected a mapping of key to text");
          continue;
        }
        for (var e = entries.fields(); e.hasNext(); ) {
          var entry = e.next();
          String pointer = "/" + section + "/" + entry.getKey();
          if (!entry.getKey().matches("[a-z0-9][a-z0-9-]*")) {
            problems.add(at(file, tree, pointer) + "key '" + entry.getKey() + "' is not a "
                + "lower-case name such as acme-policy");
          } else if (target.containsKey(entry.getKey())) {
            problems.add(at(file, tree, pointer) + "key '" + entry.getKey() + "' is kcis's "
                + "own; give the pack's basis a key of its own");
          } else if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
            problems.add(at(file, tree, pointer) + "expected the text of the basis");
          } else {
            target.put(entry.getKey(), entry.getValue().asText() + " (declared by rule pack "
                + packName + ")");
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new dev.kcis.engine.RuleCompilationException(problems);
    }
    return new ProvenanceCatalog(Map.copyOf(addedSources), transitive,
        Map.copyOf(addedDerivations));
  }

  private static String at(java.nio.file.Path file, dev.kcis.bundle.internal.LocatedTree tree,
      String pointer) {
    String position = tree.positionOf(pointer);
    return file + (position == null || position.isEmpty() ? "" : ":" + position) + ": ";
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
