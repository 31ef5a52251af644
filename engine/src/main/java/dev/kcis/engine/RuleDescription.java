package dev.kcis.engine;

import java.util.List;

/**
 * What a rule is: its id, what it judges, what it finds, how to fix it, and its mappings. Read from
 * the rule's DRL metadata.
 *
 * @param id the rule id, stable across benchmark versions
 * @param scope what it judges: {@code component:<kind>}, {@code node}, {@code cluster},
 *     {@code objects:<Kind>,...} or {@code manual}
 * @param message the weakness it finds, as a neutral statement ({@code null} for manual rules)
 * @param remediation how to comply
 * @param review for a manual rule, what a person should review; else {@code null}
 * @param mappings its mappings to other frameworks, with provenance
 * @param origin where it was loaded from: a DRL resource or file
 * @param params the parameters it declares, with their defaults (profiles set them per control)
 * @param fix its machine-applicable fix as declared in {@code @fix} (docs/fix.md), or {@code null}
 *     when applying the remediation needs a person's decision
 * @param decision how it reads its recommendation where the benchmark's pass condition and the
 *     value in effect differ, with the CIS wording the reading rests on ({@code @decision}), or
 *     {@code null}
 */
public record RuleDescription(String id, String scope, String message, String remediation,
    String review, List<Mapping> mappings, String origin, List<RuleParameter> params, String fix,
    String decision) {

  public RuleDescription {
    mappings = List.copyOf(mappings);
    params = List.copyOf(params);
  }

  /** A rule without a machine-applicable fix or a reading decision. */
  public RuleDescription(String id, String scope, String message, String remediation,
      String review, List<Mapping> mappings, String origin, List<RuleParameter> params) {
    this(id, scope, message, remediation, review, mappings, origin, params, null,
        null);
  }

  /** True when kcis does not decide the rule's check: it only carries what to review. */
  public boolean manual() {
    return "manual".equals(scope);
  }
}
