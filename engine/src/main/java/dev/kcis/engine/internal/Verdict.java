package dev.kcis.engine.internal;

import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.util.List;

/**
 * One verdict as a rule (or the engine's completion) reported it, before it is mapped onto the
 * controls of the selected profile.
 *
 * @param rule the rule id
 * @param status the outcome
 * @param target what was judged
 * @param scope the unit of evidence it belongs to (component, node or cluster target)
 * @param node the node, or {@code null}
 * @param message the weakness, reason or hint; {@code null} for a pass
 * @param expected what complies
 * @param observed the evidence
 * @param variant the parameter values the rule ran with ({@link RuleVariants}), or {@code null}
 */
record Verdict(String rule, Status status, String target, String scope, String node,
    String message, String expected, List<Observation> observed, String variant) {

  Verdict {
    observed = List.copyOf(observed);
  }

  /** A verdict of a rule without parameters. */
  Verdict(String rule, Status status, String target, String scope, String node, String message,
      String expected, List<Observation> observed) {
    this(rule, status, target, scope, node, message, expected, observed, null);
  }

  /** The same verdict for another variant of its rule. */
  Verdict withVariant(String other) {
    return new Verdict(rule, status, target, scope, node, message, expected, observed, other);
  }
}
