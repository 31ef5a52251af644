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
 */
public record RuleInfo(String id, Scope scope, String message, String remediation,
    String review, List<Mapping> mappings, String origin, List<RuleParameter> params,
    String fix, String decision) {

  public RuleInfo {
    mappings = List.copyOf(mappings);
    params = List.copyOf(params);
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
