package dev.kcis.engine.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Profile;
import dev.kcis.engine.ProfileException;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.Component;
import dev.kcis.facts.Semantics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Two steps of an evaluation taken one at a time, for kcis's JMH benchmarks (bench-jmh), which
 * measure the rule engine against a plain-Java evaluation of the same checks: the facts built
 * from bundles, as every evaluation builds them first, and the built-in rules of a profile fired
 * over facts given, as an evaluation does next. It exists for those benchmarks only: not API,
 * used by nothing else in kcis, and it follows the engine's internals as they change.
 *
 * <pre>{@code
 * BenchmarkSteps.Facts facts = BenchmarkSteps.assemble(List.of(bundle));
 * BenchmarkSteps.ProfileRules rules = BenchmarkSteps.builtInRules(profileFile);
 * List<Object> toFire = rules.withProfileFacts(facts.facts());
 * int verdicts = rules.fire(toFire);
 * }</pre>
 */
public final class BenchmarkSteps {

  private BenchmarkSteps() {}

  /**
   * The facts of an evaluation, and what the engine's completion of verdicts reads besides them.
   *
   * @param facts every fact, in insertion order
   * @param components the components judged (one per kind and node)
   * @param inventory API kinds held in full, with their object counts
   * @param listed true when a bundle lists kinds from an API server: kinds not held were then
   *     not collected
   * @param issues collection errors
   */
  public record Facts(List<Object> facts, List<Component> components,
      Map<String, Integer> inventory, boolean listed, List<CollectionIssue> issues) {}

  /** The facts the engine builds from {@code bundles}, the first step of every evaluation. */
  public static Facts assemble(List<FactBundle> bundles) {
    Evidence evidence = FactAssembler.assemble(bundles);
    return new Facts(evidence.facts(), evidence.components(), evidence.inventory(),
        evidence.listed(), evidence.issues());
  }

  /**
   * The built-in rules that the profile in {@code profileFile} names.
   *
   * @throws ProfileException when the profile cannot be read, names a rule that is not built in,
   *     or gives a rule parameters it does not declare
   */
  public static ProfileRules builtInRules(Path profileFile) {
    return new ProfileRules(ProfileLoader.file(profileFile), BuiltInRules.get());
  }

  /** The rules of a profile, ready to fire over facts in a Drools session. Immutable. */
  public static final class ProfileRules {

    private final RuleSet rules;
    private final Set<String> enabled;
    private final List<Object> profileFacts;

    private ProfileRules(Profile profile, RuleSet rules) {
      this.rules = rules;
      this.enabled = profile.controls().stream().flatMap(c -> c.rules().stream())
          .collect(Collectors.toUnmodifiableSet());
      for (String rule : enabled) {
        if (!rules.rules().containsKey(rule)) {
          throw new ProfileException(profile.id() + ": no built-in rule '" + rule + "'");
        }
      }
      List<Object> added = new ArrayList<>(RuleVariants.of(profile, rules.rules()).facts());
      added.add(Semantics.CIS);
      this.profileFacts = List.copyOf(added);
    }

    /**
     * {@code facts} with what an evaluation inserts besides them: the profile's parameters and
     * the semantics (CIS, the default). A new list; build it once, outside what is measured.
     */
    public List<Object> withProfileFacts(List<Object> facts) {
      List<Object> all = new ArrayList<>(facts.size() + profileFacts.size());
      all.addAll(facts);
      all.addAll(profileFacts);
      return all;
    }

    /**
     * Fires the rules over {@code facts} (from {@link #withProfileFacts}) in a new session, within
     * the engine's default rule timeout, as an evaluation does between building the facts and
     * completing the verdicts.
     *
     * @return how many verdicts the rules made
     */
    public int fire(List<Object> facts) {
      Objects.requireNonNull(facts, "facts");
      return rules.fire(facts, enabled,
          SessionRun.Limits.startingNow(ComplianceEngine.DEFAULT_RULE_TIMEOUT)).verdicts().size();
    }
  }
}
