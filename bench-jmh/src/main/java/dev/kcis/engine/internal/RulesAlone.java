package dev.kcis.engine.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Profile;
import dev.kcis.facts.Semantics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The two loops of the JMH ratio without the step they share: the built-in rules fired over facts
 * built beforehand (what {@code Evaluator.evaluate} does between building the facts and completing
 * the verdicts), and {@link PlainChecks} over the same facts. Benchmark code, not the engine's.
 */
public final class RulesAlone {

  private final Evidence evidence;
  private final List<Object> facts;
  private final Set<String> enabled;

  /** The facts of {@code bundle}, and the rules {@code profileFile} names. */
  public RulesAlone(Path profileFile, FactBundle bundle) {
    Profile profile = ProfileLoader.file(profileFile);
    RuleSet rules = BuiltInRules.get();
    this.enabled = profile.controls().stream().flatMap(c -> c.rules().stream())
        .collect(Collectors.toUnmodifiableSet());
    this.evidence = FactAssembler.assemble(List.of(bundle));
    this.facts = new ArrayList<>(evidence.facts());
    facts.addAll(RuleVariants.of(profile, rules.rules()).facts());
    facts.add(Semantics.CIS);
  }

  /** The rules fired over the facts: how many verdicts they made. */
  public int fire() {
    return rules().fire(facts, enabled,
        SessionRun.Limits.startingNow(ComplianceEngine.DEFAULT_RULE_TIMEOUT)).verdicts().size();
  }

  /** The plain loop over the same facts, with its completion: how many verdicts it made. */
  public int plain() {
    return PlainChecks.evaluate(evidence).size();
  }

  private static RuleSet rules() {
    return BuiltInRules.get();
  }
}
