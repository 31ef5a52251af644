package dev.kcis.engine.internal;

import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.RuleParameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives the rules of a pack without a {@code profile.yaml} a section of the pack's own, one control
 * per rule (control id = rule id, title from the rule's metadata), so that a pack is never
 * evaluated and then left out of the report.
 */
public final class PackSections {

  private PackSections() {}

  /** The profile with a section for the rules of {@code pack} that no control names yet. */
  public static Profile add(Profile profile, Path pack, Map<String, RuleInfo> rules) {
    Set<String> named = profile.controls().stream().flatMap(c -> c.rules().stream())
        .collect(Collectors.toSet());
    List<RuleInfo> own = rules.values().stream()
        .filter(r -> inPack(r, pack) && !named.contains(r.id())).toList();
    if (own.isEmpty()) {
      return profile;
    }
    String section = sectionId(profile, pack);
    Map<String, String> sections = new LinkedHashMap<>(profile.sections());
    sections.put(section, "Rule pack " + pack.toAbsolutePath().normalize().getFileName()
        + " (no profile.yaml: one control per rule)");
    List<Control> controls = new ArrayList<>(profile.controls());
    for (RuleInfo rule : own) {
      controls.add(new Control(rule.id(), title(rule), section,
          rule.manual() ? "Manual" : "Automated", 0, List.of(rule.id()), null, List.of(),
          Map.of(), null, null, Map.of()));
    }
    return new Profile(profile.id(), profile.name(), profile.version(), sections, controls,
        profile.mappingOverrides(), profile.platform(), profile.kubernetesVersions(),
        profile.targets());
  }

  /** The section id: the pack directory's name, in lower case without dots, made unique. */
  static String sectionId(Profile profile, Path pack) {
    Path name = pack.toAbsolutePath().normalize().getFileName();
    String base = (name == null ? "pack" : name.toString()).toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    if (base.isEmpty()) {
      base = "pack";
    }
    String id = base;
    for (int i = 2; profile.sections().containsKey(id) || profile.control(id).isPresent(); i++) {
      id = base + "-" + i;
    }
    return id;
  }

  /** True when the rule's DRL file lies in the pack's directory. */
  public static boolean inPack(RuleInfo rule, Path pack) {
    try {
      return Path.of(rule.origin()).toAbsolutePath().normalize()
          .startsWith(pack.toAbsolutePath().normalize());
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** The rule's message (its review when manual), with the parameters' defaults filled in. */
  private static String title(RuleInfo rule) {
    String text = rule.manual() || rule.message() == null ? rule.review() : rule.message();
    if (text == null) {
      return rule.id();
    }
    for (RuleParameter p : rule.params()) {
      text = text.replace("{" + p.name() + "}", p.defaultValue());
    }
    return text;
  }
}
