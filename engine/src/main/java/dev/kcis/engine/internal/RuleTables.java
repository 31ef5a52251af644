package dev.kcis.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Rules defined as data, in the manner of PMD's rule definitions over one implementation: a base
 * DRL rule names a table ({@code @table("dev/kcis/rules/files/file-rules.yaml")}) whose entries
 * each define a rule (its id, scope, message, remediation, mappings, parameters) and the values
 * the base rule judges it with. Each entry is a rule like any other to profiles, cases and
 * reports; the base rule fires once per entry, in the entry's name.
 *
 * <pre>
 * rules:
 *   - id: apiserver-manifest-permissions
 *     base: file-permissions
 *     scope: "component:kube-apiserver"
 *     message: "the kube-apiserver static pod manifest is writable or readable beyond its owner"
 *     remediation: "chmod 600 the kube-apiserver manifest ..."
 *     nist: "AC-3 transitive; ..."
 *     values: {roles: kube-apiserver-manifest, mode: "600"}
 * </pre>
 */
final class RuleTables {

  /** The annotation of a base rule that names its table. */
  static final String TABLE = "table";

  /** One entry: the rule it defines, its metadata as annotations would give it, its values. */
  record Entry(String id, String base, Map<String, Object> metadata, Map<String, String> values,
      String origin) {}

  private final Map<String, List<Entry>> loaded = new LinkedHashMap<>();
  private final Map<String, String> claimedBy = new LinkedHashMap<>();

  /**
   * The entries of {@code table} whose base is {@code baseRule}; problems (an unreadable table,
   * a malformed entry) go to {@code problems}.
   *
   * @param ruleOrigin the base rule's origin: {@code built-in <resource>} (the table is a
   *     resource too) or a pack's DRL file (the table is a path relative to its directory)
   */
  List<Entry> entries(String table, String baseRule, String ruleOrigin, List<String> problems) {
    List<Entry> all = loaded.computeIfAbsent(table, t -> load(t, ruleOrigin, problems));
    claimedBy.putIfAbsent(table, baseRule);
    return all.stream().filter(e -> e.base().equals(baseRule)).toList();
  }

  /** Entries naming a base rule that no loaded rule is: reported once the rules are read. */
  void checkBases(java.util.Set<String> bases, List<String> problems) {
    loaded.values().forEach(entries -> entries.stream()
        .filter(e -> !bases.contains(e.base()))
        .forEach(e -> problems.add(e.origin() + ": rule \"" + e.id() + "\": base rule \""
            + e.base() + "\" does not exist or names another table")));
  }

  private static List<Entry> load(String table, String ruleOrigin, List<String> problems) {
    boolean builtIn = ruleOrigin.startsWith("built-in ");
    String origin = builtIn ? "built-in " + table : table;
    Object root;
    try (InputStream in = open(table, ruleOrigin, builtIn)) {
      if (in == null) {
        problems.add(ruleOrigin + ": @table \"" + table + "\" is not found");
        return List.of();
      }
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).load(in);
    } catch (IOException | RuntimeException e) {
      problems.add(ruleOrigin + ": @table \"" + table + "\" does not read: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      return List.of();
    }
    if (!(root instanceof Map<?, ?> map) || !(map.get("rules") instanceof List<?> rules)) {
      problems.add(origin + ": a rule table is a mapping with a 'rules' list");
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String where = origin + ": rules[" + i + "]";
      if (!(rules.get(i) instanceof Map<?, ?> entry)
          || !(entry.get("id") instanceof String id)
          || !(entry.get("base") instanceof String base)) {
        problems.add(where + ": an entry needs an 'id' and a 'base' (text)");
        continue;
      }
      Map<String, Object> metadata = new LinkedHashMap<>();
      Map<String, String> values = new LinkedHashMap<>();
      boolean ok = true;
      for (Map.Entry<?, ?> e : entry.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (key.equals("id") || key.equals("base")) {
          continue;
        }
        if (key.equals("values") && e.getValue() instanceof Map<?, ?> given) {
          given.forEach((k, v) -> values.put(String.valueOf(k),
              v == null ? "" : String.valueOf(v)));
        } else if (e.getValue() instanceof String || e.getValue() instanceof Number
            || e.getValue() instanceof Boolean) {
          metadata.put(key, String.valueOf(e.getValue()));
        } else {
          problems.add(where + " (" + id + "): '" + key + "' must be text"
              + (key.equals("values") ? " or, for values, a mapping" : ""));
          ok = false;
        }
      }
      if (ok) {
        out.add(new Entry(id, base, metadata, values, origin));
      }
    }
    return out;
  }

  private static InputStream open(String table, String ruleOrigin, boolean builtIn)
      throws IOException {
    if (builtIn) {
      return RuleTables.class.getClassLoader().getResourceAsStream(table);
    }
    try {
      Path dir = Path.of(ruleOrigin).toAbsolutePath().getParent();
      Path file = dir.resolve(table).normalize();
      if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
        return null; // a pack's table lies in the pack
      }
      return Files.newInputStream(file);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
