package dev.kcis.engine.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.Version;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.ProfileException;
import dev.kcis.engine.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine behind {@link dev.kcis.engine.ComplianceEngine}: a profile and the rule sets that
 * implement it, and the time an evaluation may take. Immutable and thread-safe.
 */
public final class Evaluator {

  private static final String VERSION = Version.get();

  private final Profile profile;
  private final List<RuleSet> ruleSets;
  private final Map<String, RuleInfo> rules;
  private final Set<String> enabled;
  private final Duration ruleTimeout;
  private final RuleVariants variants;
  private final dev.kcis.facts.Semantics semantics;

  /**
   * An evaluator whose evaluations may take {@link ComplianceEngine#DEFAULT_RULE_TIMEOUT}.
   *
   * @throws ProfileException when the profile names a rule no rule set has
   */
  public Evaluator(Profile profile, List<RuleSet> ruleSets) {
    this(profile, ruleSets, ComplianceEngine.DEFAULT_RULE_TIMEOUT);
  }

  /**
   * @param ruleTimeout how long the rules may run in one evaluation; then they are stopped, and
   *     what they did not finish is INCONCLUSIVE
   * @throws ProfileException when the profile names a rule no rule set has
   */
  public Evaluator(Profile profile, List<RuleSet> ruleSets, Duration ruleTimeout) {
    this(profile, ruleSets, ruleTimeout, dev.kcis.facts.Semantics.CIS);
  }

  /**
   * @param ruleTimeout how long the rules may run in one evaluation; then they are stopped, and
   *     what they did not finish is INCONCLUSIVE
   * @param semantics how rules read recommendations whose pass condition and effective value
   *     differ; a fact of every evaluation
   * @throws ProfileException when the profile names a rule no rule set has
   */
  public Evaluator(Profile profile, List<RuleSet> ruleSets, Duration ruleTimeout,
      dev.kcis.facts.Semantics semantics) {
    this.ruleTimeout = ruleTimeout;
    this.semantics = java.util.Objects.requireNonNull(semantics, "semantics");
    this.profile = profile;
    this.ruleSets = List.copyOf(ruleSets);
    Map<String, RuleInfo> all = new LinkedHashMap<>();
    for (RuleSet set : ruleSets) {
      for (Map.Entry<String, RuleInfo> rule : set.rules().entrySet()) {
        RuleInfo clash = all.put(rule.getKey(), rule.getValue());
        if (clash != null) {
          throw new dev.kcis.engine.RuleCompilationException(List.of(rule.getValue().origin()
              + ": rule id \"" + rule.getKey() + "\" is taken by " + clash.origin()
              + "; give yours its own id (and disable the other in a profile to replace it)"));
        }
      }
    }
    List<String> problems = new ArrayList<>();
    // A pack's rule set knows the built-in keys and those its packs declare.
    ProvenanceCatalog provenance = ruleSets.isEmpty() ? ProvenanceCatalog.get()
        : ruleSets.get(ruleSets.size() - 1).provenance();
    for (Map.Entry<String, Map<String, String>> override : profile.mappingOverrides().entrySet()) {
      RuleInfo rule = all.get(override.getKey());
      if (rule == null) {
        throw new ProfileException(profile.id() + ": mappings: no rule '" + override.getKey() + "'");
      }
      all.put(rule.id(), RuleMetadata.overrideMappings(rule, override.getValue(),
          "profile " + profile.id(), problems, provenance));
    }
    if (!problems.isEmpty()) {
      throw new ProfileException(problems.get(0));
    }
    this.rules = Map.copyOf(all);
    for (int i = 0; i < profile.controls().size(); i++) {
      Control control = profile.controls().get(i);
      for (String rule : control.disabledRules()) {
        if (!all.containsKey(rule)) {
          throw new ProfileException(profile.id() + ": disable: no rule '" + rule + "'");
        }
      }
      for (String rule : control.rules()) {
        if (!all.containsKey(rule)) {
          throw new ProfileException(profile.id() + ": controls[" + i + "] (" + control.id()
              + "): no rule '" + rule + "' in " + ruleSets.stream().map(RuleSet::origin)
              .collect(Collectors.joining(", ")));
        }
      }
    }
    this.enabled = profile.controls().stream().flatMap(c -> c.rules().stream())
        .collect(Collectors.toUnmodifiableSet());
    this.variants = RuleVariants.of(profile, all);
  }

  public Profile profile() {
    return profile;
  }

  /** How this evaluator's rules read recommendations (see {@link dev.kcis.facts.Semantics}). */
  public dev.kcis.facts.Semantics semantics() {
    return semantics;
  }

  /** The metadata of every rule the evaluator knows, by id. */
  public Map<String, RuleInfo> rules() {
    return rules;
  }

  /** The public description of every rule, by id, sorted. */
  public Map<String, dev.kcis.engine.RuleDescription> descriptions() {
    Map<String, dev.kcis.engine.RuleDescription> out = new java.util.TreeMap<>();
    rules.forEach((id, r) -> out.put(id, new dev.kcis.engine.RuleDescription(id,
        r.scopeText(), r.message(), r.remediation(), r.review(), r.mappings(), r.origin(),
        r.params(), r.fix(), r.decision())));
    return java.util.Collections.unmodifiableMap(out);
  }

  public Report evaluate(List<FactBundle> bundles) {
    Evidence evidence = FactAssembler.assemble(bundles);
    List<Object> facts = new ArrayList<>(evidence.facts());
    facts.addAll(variants.facts());
    facts.add(semantics);
    Map<String, List<Verdict>> byRule = new HashMap<>();
    Map<String, String> interrupted = new HashMap<>();
    SessionRun.Limits limits = SessionRun.Limits.startingNow(ruleTimeout);
    for (RuleSet set : ruleSets) {
      RuleSet.Fired fired = set.fire(facts, enabled, limits);
      for (Verdict v : fired.verdicts()) {
        byRule.computeIfAbsent(v.rule(), k -> new ArrayList<>()).add(v);
      }
      interrupted.putAll(fired.interrupted());
    }
    for (String ruleId : enabled) {
      List<Verdict> got = byRule.computeIfAbsent(ruleId, k -> new ArrayList<>());
      List<Verdict> added = new ArrayList<>();
      for (String variant : variants.of(ruleId)) {
        List<Verdict> own = got.stream()
            .filter(v -> java.util.Objects.equals(v.variant(), variant)).toList();
        added.addAll(Completion.complete(rules.get(ruleId), own, evidence,
            interrupted.get(ruleId), variant));
      }
      got.addAll(added);
    }
    return ReportAssembler.assemble(profile, rules, variants, byRule, evidence, VERSION,
        semantics);
  }

  /** The kcis version this engine was built as. */
  public static String version() {
    return VERSION;
  }
}
