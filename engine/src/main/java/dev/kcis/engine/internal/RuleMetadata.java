package dev.kcis.engine.internal;

import dev.kcis.engine.Mapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a rule's DRL annotations into a {@link RuleInfo}, collecting every problem:
 *
 * <pre>
 * &#64;scope("component:kubelet")
 * &#64;message("kubelet accepts anonymous requests")
 * &#64;remediation("Set authentication.anonymous.enabled: false in the kubelet config file.")
 * &#64;cisControls("6.7 sourced:cis-benchmark")
 * &#64;nist("AC-3 transitive; CM-6 derived:base")
 * &#64;soc2("CC6.1 derived:anon")
 * &#64;pci("8.2.1 derived:anon")
 * </pre>
 *
 * <p>Values are single-line double-quoted strings (the only form both the classic and the
 * executable model read back the same); surrounding quotes are stripped defensively.
 */
final class RuleMetadata {

  static final String SCOPE = "scope";
  static final String MESSAGE = "message";
  static final String REMEDIATION = "remediation";
  static final String REVIEW = "review";
  /** Named, typed parameters with defaults: {@code "mode:mode=600 (description); ..."}. */
  static final String PARAMS = "params";
  /** A machine-applicable fix, as data (docs/fix.md): {@code "container: /securityContext/...=false"}. */
  static final String FIX = "fix";
  /**
   * How the rule reads its recommendation where the benchmark's wording and the value in effect
   * could differ, with the CIS wording the reading rests on; listed in docs/controls.md.
   */
  static final String DECISION = "decision";
  /** The Azure Policy built-in a {@code sourced:azure-policy-*} mapping comes through. */
  static final String AZURE_POLICY = "azurePolicy";
  /** The Kubescape control a {@code sourced:kubescape-soc2} mapping comes through. */
  static final String KUBESCAPE_CONTROL = "kubescapeControl";

  /** What a mapping's basis text names besides the catalog entry. */
  private record Context(String cisControls, String azurePolicy, String kubescapeControl) {}

  /** Annotation name to framework, in report order. */
  static final Map<String, String> FRAMEWORKS;

  static {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("cisControls", Mapping.CIS_CONTROLS);
    f.put("nist", Mapping.NIST);
    f.put("soc2", Mapping.SOC2);
    f.put("pci", Mapping.PCI_DSS);
    FRAMEWORKS = java.util.Collections.unmodifiableMap(f);
  }

  private static final Map<String, Pattern> ID_SHAPES = Map.of(
      Mapping.CIS_CONTROLS, Pattern.compile("\\d{1,2}(\\.\\d{1,2})?"),
      Mapping.NIST, Pattern.compile("[A-Z]{2}-\\d{1,2}(\\(\\d{1,2}\\))?"),
      Mapping.SOC2, Pattern.compile("(CC\\d\\.\\d{1,2}|[A-Z]{1,2}\\d\\.\\d{1,2})"),
      Mapping.PCI_DSS, Pattern.compile("\\d{1,2}(\\.\\d{1,2}){0,3}"));

  private RuleMetadata() {}

  /** The rule's info, or problems appended to {@code problems} (then {@code null}). */
  static RuleInfo read(String ruleId, Map<String, Object> metadata, String origin,
      List<String> problems) {
    return read(ruleId, metadata, origin, problems, ProvenanceCatalog.get());
  }

  /** The rule's info, its mappings' provenance keys looked up in {@code catalog}. */
  static RuleInfo read(String ruleId, Map<String, Object> metadata, String origin,
      List<String> problems, ProvenanceCatalog catalog) {
    int before = problems.size();
    String scopeText = text(metadata.get(SCOPE));
    Scope scope = null;
    try {
      scope = Scope.parse(scopeText);
    } catch (IllegalArgumentException e) {
      problems.add(origin + ": rule \"" + ruleId + "\": " + e.getMessage());
    }
    boolean manual = scope != null && scope.type() == Scope.Type.MANUAL;
    String review = text(metadata.get(REVIEW));
    if (manual && (review == null || review.isBlank())) {
      problems.add(origin + ": rule \"" + ruleId + "\": a manual rule needs @review (what a "
          + "person should check)");
    }
    String message = text(metadata.get(MESSAGE));
    if (!manual && (message == null || message.isBlank())) {
      problems.add(origin + ": rule \"" + ruleId + "\": missing @message (the weakness it finds, "
          + "as a neutral statement)");
    }
    String remediation = text(metadata.get(REMEDIATION));
    if (remediation == null || remediation.isBlank()) {
      problems.add(origin + ": rule \"" + ruleId + "\": missing @remediation");
    }
    List<dev.kcis.engine.RuleParameter> params = List.of();
    try {
      params = dev.kcis.engine.RuleParameter.parseAll(text(metadata.get(PARAMS)));
    } catch (IllegalArgumentException e) {
      problems.add(origin + ": rule \"" + ruleId + "\": " + e.getMessage());
    }
    List<Mapping> mappings = new ArrayList<>();
    Context context = new Context(text(metadata.get("cisControls")),
        text(metadata.get(AZURE_POLICY)), text(metadata.get(KUBESCAPE_CONTROL)));
    for (Map.Entry<String, String> framework : FRAMEWORKS.entrySet()) {
      String value = text(metadata.get(framework.getKey()));
      if (value != null) {
        mappings.addAll(parseMappings(ruleId, framework.getKey(), framework.getValue(), value,
            context, origin, problems, catalog));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    String decision = text(metadata.get(DECISION));
    if (decision != null && decision.isBlank()) {
      problems.add(origin + ": rule \"" + ruleId + "\": @decision is empty (say how the rule reads "
          + "the recommendation, or leave it out)");
      return null;
    }
    return new RuleInfo(ruleId, scope, message, remediation, review, mappings, origin, params,
        text(metadata.get(FIX)), decision);
  }

  /**
   * The rule with the mappings of the given frameworks (annotation name to mapping text) replaced,
   * e.g. a profile's {@code mappings: {rule-id: {nist: "AC-3 derived:base"}}}.
   */
  static RuleInfo overrideMappings(RuleInfo rule, Map<String, String> overrides, String origin,
      List<String> problems, ProvenanceCatalog catalog) {
    List<Mapping> kept = new ArrayList<>();
    for (Mapping m : rule.mappings()) {
      boolean replaced = overrides.keySet().stream()
          .anyMatch(annotation -> FRAMEWORKS.get(annotation).equals(m.framework()));
      if (!replaced) {
        kept.add(m);
      }
    }
    Context context = new Context(overrides.getOrDefault("cisControls", null), null, null);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      for (Mapping m : parseMappings(rule.id(), e.getKey(), FRAMEWORKS.get(e.getKey()),
          e.getValue(), context, origin, problems, catalog)) {
        kept.add(new Mapping(m.framework(), m.id(), m.title(), m.provenance(),
            m.basis() + " [mapping set by " + origin + "]"));
      }
    }
    return new RuleInfo(rule.id(), rule.scope(), rule.message(), rule.remediation(), rule.review(),
        kept, rule.origin(), rule.params(), rule.fix(), rule.decision(), rule.base(),
        rule.values());
  }

  private static List<Mapping> parseMappings(String ruleId, String annotation, String framework,
      String value, Context context, String origin, List<String> problems,
      ProvenanceCatalog catalog) {
    List<Mapping> out = new ArrayList<>();
    for (String entry : value.split(";")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      String where = origin + ": rule \"" + ruleId + "\": @" + annotation + " entry '" + e + "': ";
      String[] parts = e.split("\\s+");
      if (parts.length != 2) {
        problems.add(where + "expected '<id> <provenance>[:<key>]', e.g. 'AC-3 transitive'");
        continue;
      }
      String id = parts[0];
      if (!ID_SHAPES.get(framework).matcher(id).matches()) {
        problems.add(where + "'" + id + "' is not a " + framework + " id");
        continue;
      }
      FrameworkCatalogs catalogs = FrameworkCatalogs.get();
      FrameworkCatalogs.Entry known = catalogs.entry(framework, id);
      if (catalogs.hasCatalog(framework) && known == null) {
        problems.add(where + "'" + id + "' is not in the " + framework + " catalog ("
            + catalogs.source(framework) + ")");
        continue;
      }
      if (known != null && known.withdrawn()) {
        problems.add(where + framework + " " + id + " is withdrawn; map to the control that "
            + "replaced it");
        continue;
      }
      String provenance = parts[1];
      String key = null;
      int colon = provenance.indexOf(':');
      if (colon >= 0) {
        key = provenance.substring(colon + 1);
        provenance = provenance.substring(0, colon);
      }
      if (!List.of("sourced", "transitive", "derived").contains(provenance)) {
        problems.add(where + "provenance must be sourced:<source>, transitive[:<chain>] or "
            + "derived:<reasoning>");
        continue;
      }
      if (key == null && provenance.equals("transitive")) {
        key = "cis-v8-to-nist";
      }
      String basis = key == null ? null : catalog.text(provenance, key);
      if (basis == null) {
        problems.add(where + (key == null ? provenance + " needs a key" : "unknown " + provenance
            + " key '" + key + "'") + " (known: " + String.join(", ",
            new java.util.TreeSet<>(catalog.keys(provenance))) + ")");
        continue;
      }
      if (provenance.equals("transitive") && context.cisControls() != null) {
        basis += " (safeguards: " + context.cisControls().replaceAll("\\s*sourced:[a-z-]+", "")
            .replace(";", ",") + ")";
      } else if (key.startsWith("azure-policy") && context.azurePolicy() != null) {
        basis += " (policy: '" + context.azurePolicy() + "')";
      } else if (key.equals("kubescape-soc2") && context.kubescapeControl() != null) {
        basis += " (" + context.kubescapeControl() + ")";
      }
      out.add(new Mapping(framework, id, known == null ? null : known.title(), provenance, basis));
    }
    return out;
  }

  /** A metadata value as text, without the quotes some compilation paths leave on it. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    String s = String.valueOf(value).trim();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).replace("\\\"", "\"");
    }
    return s;
  }
}
