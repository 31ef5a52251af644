package dev.kcis.engine.internal;

import dev.kcis.engine.Mapping;
import dev.kcis.engine.RuleParameter;
import java.util.List;

/**
 * A rule's metadata, read from its DRL annotations.
 *
 * @param id the rule id (its DRL rule name), stable across benchmark versions
 * @param scope what it judges
 * @param message the neutral statement of the weakness it finds
 * @param remediation how to comply
 * @param review for a manual rule, what a person should review; else {@code null}
 * @param mappings its mappings with provenance
 * @param origin where it was loaded from: a DRL resource or file
 * @param params the parameters it declares ({@code @params}), in declaration order
 * @param fix its machine-applicable fix ({@code @fix}, docs/fix.md), or {@code null}
 * @param base for a rule defined by a table entry, the DRL rule that judges for it; else
 *     {@code null}
 * @param values for a table entry, the values it gives its base rule; else empty
 */
public record RuleInfo(String id, Scope scope, String message, String remediation,
    String review, List<Mapping> mappings, String origin, List<RuleParameter> params,
    String fix, String decision, String base, java.util.Map<String, String> values) {

  public RuleInfo {
    mappings = List.copyOf(mappings);
    params = List.copyOf(params);
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  /** A rule of its own (a DRL rule). */
  public RuleInfo(String id, Scope scope, String message, String remediation, String review,
      List<Mapping> mappings, String origin, List<RuleParameter> params, String fix,
      String decision) {
    this(id, scope, message, remediation, review, mappings, origin, params, fix, decision, null,
        java.util.Map.of());
  }

  /** This rule as the table entry {@code values} over {@code base}. */
  RuleInfo asEntryOf(String base, java.util.Map<String, String> values) {
    return new RuleInfo(id, scope, message, remediation, review, mappings, origin, params, fix,
        decision, base, values);
  }

  /** The DRL rule that fires for this rule: its base, or itself. */
  public String drlRule() {
    return base == null ? id : base;
  }

  /** The declared parameter of this name, or {@code null}. */
  public RuleParameter param(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  /** True for a rule that only asks for a review: it never decides from evidence. */
  public boolean manual() {
    return scope.type() == Scope.Type.MANUAL;
  }

  /** The scope as written in {@code @scope}. */
  public String scopeText() {
    return scope.toString();
  }
}
