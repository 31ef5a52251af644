package dev.kcis.engine.internal;

import dev.kcis.engine.Mapping;
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
 */
public record RuleInfo(String id, Scope scope, String message, String remediation,
    String review, List<Mapping> mappings, String origin) {

  public RuleInfo {
    mappings = List.copyOf(mappings);
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
