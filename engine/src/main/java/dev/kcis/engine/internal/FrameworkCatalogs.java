package dev.kcis.engine.internal;

import dev.kcis.engine.Mapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The ids and titles of the frameworks rules map to (NIST SP 800-53 r5, SOC 2 TSC 2017, PCI DSS
 * v4.0), read from {@code dev/kcis/engine/frameworks/*.yaml}: mappings are validated against them
 * and reports show titles. CIS Controls v8 ids are validated by their shape only.
 */
public final class FrameworkCatalogs {

  /** One catalog entry. */
  public record Entry(String id, String title, boolean withdrawn) {}

  private static final Map<String, String> FILES = Map.of(
      Mapping.NIST, "nist-sp-800-53-r5.yaml",
      Mapping.SOC2, "soc2-tsc-2017.yaml",
      Mapping.PCI_DSS, "pci-dss-v4.0.yaml");

  private static final FrameworkCatalogs INSTANCE = load();

  private final Map<String, Map<String, Entry>> entries;
  private final Map<String, Map<String, String>> families;
  private final Map<String, String> sources;

  private FrameworkCatalogs(Map<String, Map<String, Entry>> entries,
      Map<String, Map<String, String>> families, Map<String, String> sources) {
    this.entries = entries;
    this.families = families;
    this.sources = sources;
  }

  public static FrameworkCatalogs get() {
    return INSTANCE;
  }

  /** True when the framework has a catalog (CIS Controls v8 has none). */
  public boolean hasCatalog(String framework) {
    return entries.containsKey(framework);
  }

  /** The entry of an id, or {@code null} when the framework's catalog does not list it. */
  public Entry entry(String framework, String id) {
    Map<String, Entry> catalog = entries.get(framework);
    return catalog == null ? null : catalog.get(id);
  }

  /** Every entry of a framework, in catalog order. */
  public Map<String, Entry> entries(String framework) {
    return entries.getOrDefault(framework, Map.of());
  }

  /** The families (NIST) or top-level groups of a framework, id to title. */
  public Map<String, String> families(String framework) {
    return families.getOrDefault(framework, Map.of());
  }

  /** Where a catalog comes from. */
  public String source(String framework) {
    return sources.get(framework);
  }

  @SuppressWarnings("unchecked")
  private static FrameworkCatalogs load() {
    Map<String, Map<String, Entry>> entries = new HashMap<>();
    Map<String, Map<String, String>> families = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      try (InputStream in = FrameworkCatalogs.class.getResourceAsStream(
          "/dev/kcis/engine/frameworks/" + file.getValue())) {
        if (in == null) {
          throw new IllegalStateException(file.getValue() + " is missing from the engine jar");
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        Map<String, Object> root = new Yaml(new SafeConstructor(options)).load(in);
        Map<String, Entry> catalog = new LinkedHashMap<>();
        ((Map<String, Object>) root.get("controls")).forEach((id, value) -> {
          Map<String, Object> v = (Map<String, Object>) value;
          catalog.put(String.valueOf(id), new Entry(String.valueOf(id), (String) v.get("title"),
              Boolean.TRUE.equals(v.get("withdrawn"))));
        });
        Map<String, String> fam = new LinkedHashMap<>();
        ((Map<String, Object>) root.getOrDefault("families", Map.of()))
            .forEach((k, v) -> fam.put(String.valueOf(k), String.valueOf(v)));
        entries.put(file.getKey(), java.util.Collections.unmodifiableMap(catalog));
        families.put(file.getKey(), java.util.Collections.unmodifiableMap(fam));
        sources.put(file.getKey(), String.valueOf(root.get("source")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new FrameworkCatalogs(Map.copyOf(entries), Map.copyOf(families), Map.copyOf(sources));
  }
}
