package dev.kcis.bench.jmh;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.internal.BenchmarkSteps;
import java.nio.file.Path;
import java.util.List;

/**
 * The two loops of the JMH ratio without the step they share: the built-in rules fired over facts
 * built beforehand (what an evaluation does between building the facts and completing the
 * verdicts), and {@link PlainChecks} over the same facts.
 */
public final class RulesAlone {

  private final BenchmarkSteps.Facts evidence;
  private final BenchmarkSteps.ProfileRules rules;
  private final List<Object> facts;

  /** The facts of {@code bundle}, and the rules {@code profileFile} names. */
  public RulesAlone(Path profileFile, FactBundle bundle) {
    this.rules = BenchmarkSteps.builtInRules(profileFile);
    this.evidence = BenchmarkSteps.assemble(List.of(bundle));
    this.facts = rules.withProfileFacts(evidence.facts());
  }

  /** The rules fired over the facts: how many verdicts they made. */
  public int fire() {
    return rules.fire(facts);
  }

  /** The plain loop over the same facts, with its completion: how many verdicts it made. */
  public int plain() {
    return PlainChecks.evaluate(evidence).size();
  }
}
