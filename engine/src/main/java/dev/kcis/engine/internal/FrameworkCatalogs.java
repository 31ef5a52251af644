package dev.kcis.engine.internal;

import dev.kcis.engine.Mapping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids and titles of the frameworks rules map to (NIST SP 800-53 r5, SOC 2 TSC 2017, PCI DSS
 * v4.0), read from {@code dev/kcis/engine/frameworks/*.tsv}: mappings are validated against them
 * and reports show titles. CIS Controls v8 ids are validated by their shape only.
 */
public final class FrameworkCatalogs {

  /** One catalog entry. */
  public record Entry(String id, String title, boolean withdrawn) {}

  private static final Map<String, String> FILES = Map.of(
      Mapping.NIST, "nist-sp-800-53-r5.tsv",
      Mapping.SOC2, "soc2-tsc-2017.tsv",
      Mapping.PCI_DSS, "pci-dss-v4.0.tsv");

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

  /**
   * Reads the catalogs: tab-separated lines {@code framework NAME}, {@code source TEXT},
   * {@code family ID TITLE} and {@code control ID TITLE [withdrawn]}; {@code #} starts a comment.
   * A plain format, read in a few milliseconds at every start (YAML took a tenth of a second).
   */
  private static FrameworkCatalogs load() {
    Map<String, Map<String, Entry>> entries = new HashMap<>();
    Map<String, Map<String, String>> families = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      String name = "/dev/kcis/engine/frameworks/" + file.getValue();
      Map<String, Entry> catalog = new LinkedHashMap<>();
      Map<String, String> fam = new LinkedHashMap<>();
      try (InputStream in = FrameworkCatalogs.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(file.getValue() + " is missing from the engine jar");
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          number++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] f = line.split("\t", -1);
          switch (f[0]) {
            case "framework" -> { }
            case "source" -> sources.put(file.getKey(), f[1]);
            case "family" -> fam.put(f[1], f[2]);
            case "control" -> catalog.put(f[1], new Entry(f[1], f[2],
                f.length > 3 && f[3].equals("withdrawn")));
            default -> throw new IllegalStateException(name + ":" + number
                + ": unknown record type '" + f[0] + "'");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ArrayIndexOutOfBoundsException e) {
        throw new IllegalStateException(name + ": a line has too few fields", e);
      }
      entries.put(file.getKey(), java.util.Collections.unmodifiableMap(catalog));
      families.put(file.getKey(), java.util.Collections.unmodifiableMap(fam));
    }
    return new FrameworkCatalogs(Map.copyOf(entries), Map.copyOf(families), Map.copyOf(sources));
  }
}
