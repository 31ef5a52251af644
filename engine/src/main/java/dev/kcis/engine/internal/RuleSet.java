package dev.kcis.engine.internal;

import dev.kcis.engine.RuleCompilationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * A compiled knowledge base and the metadata of its rules. Immutable and thread-safe: each
 * evaluation opens its own session, on a worker thread, within limits ({@link SessionRun}).
 */
public final class RuleSet {

  /** The name of the global every kcis rule reports through. */
  static final String VERDICT_GLOBAL = "verdict";
  /** How many rules a failed or stopped evaluation leaves out, one run after the other. */
  static final int MAX_RERUNS = 3;

  private final String origin;
  private final KieBase kieBase;
  private final Supplier<KieBase> rebuild;
  private final Map<String, RuleInfo> rules;
  private final Set<String> bases;
  private final boolean verdictGlobal;
  private final ProvenanceCatalog provenance;

  private RuleSet(String origin, KieBase kieBase, Supplier<KieBase> rebuild,
      Map<String, RuleInfo> rules, Set<String> bases, ProvenanceCatalog provenance) {
    this.bases = Set.copyOf(bases);
    this.provenance = provenance;
    this.origin = origin;
    this.kieBase = kieBase;
    this.rebuild = rebuild;
    this.rules = rules;
    this.verdictGlobal = kieBase.getKiePackages().stream()
        .anyMatch(p -> p.getGlobalVariables().stream()
            .anyMatch(g -> g.getName().equals(VERDICT_GLOBAL)));
  }

  /**
   * Reads the metadata of every rule of {@code kieBase}; malformed metadata fails the load.
   *
   * @param rebuild builds another knowledge base of the same rules, for an evaluation that leaves
   *     out a rule that failed (a knowledge base is shared, so rules are never removed from it)
   */
  static RuleSet of(String origin, KieBase kieBase, Supplier<KieBase> rebuild,
      RuleOrigins origins) {
    return of(origin, kieBase, rebuild, origins, ProvenanceCatalog.get());
  }

  /** As {@link #of(String, KieBase, Supplier, RuleOrigins)}, with a pack's provenance keys. */
  static RuleSet of(String origin, KieBase kieBase, Supplier<KieBase> rebuild,
      RuleOrigins origins, ProvenanceCatalog provenance) {
    Map<String, RuleInfo> rules = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    RuleTables tables = new RuleTables();
    Set<String> bases = new LinkedHashSet<>();
    for (KiePackage pkg : kieBase.getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        String where = origins.of(rule);
        Object table = rule.getMetaData().get(RuleTables.TABLE);
        if (table != null) {
          // A base rule: the rules it judges for are the entries of its table.
          bases.add(rule.getName());
          for (RuleTables.Entry entry : tables.entries(RuleMetadata.text(table), rule.getName(),
              where, problems)) {
            if (rules.containsKey(entry.id())) {
              problems.add(entry.origin() + ": duplicate rule id \"" + entry.id() + "\" (also in "
                  + rules.get(entry.id()).origin() + ")");
              continue;
            }
            RuleInfo info = RuleMetadata.read(entry.id(), entry.metadata(), entry.origin(),
                problems, provenance);
            if (info != null) {
              rules.put(entry.id(), info.asEntryOf(rule.getName(), entry.values()));
            }
          }
          continue;
        }
        if (rules.containsKey(rule.getName())) {
          problems.add(where + ": duplicate rule id \"" + rule.getName() + "\" (also in "
              + rules.get(rule.getName()).origin() + ")");
          continue;
        }
        RuleInfo info = RuleMetadata.read(rule.getName(), rule.getMetaData(), where, problems,
            provenance);
        if (info != null) {
          rules.put(rule.getName(), info);
        }
      }
    }
    tables.checkBases(bases, problems);
    if (!problems.isEmpty()) {
      throw new RuleCompilationException(problems);
    }
    return new RuleSet(origin, kieBase, rebuild, Map.copyOf(rules), bases, provenance);
  }

  public String origin() {
    return origin;
  }

  public Map<String, RuleInfo> rules() {
    return rules;
  }

  /** True when {@code drlRule} is a DRL rule of this set: a rule, or the base rule of a table. */
  boolean hasDrlRule(String drlRule) {
    return rules.containsKey(drlRule) || bases.contains(drlRule);
  }

  /** The provenance keys the rules' mappings were read with (a pack's own included). */
  ProvenanceCatalog provenance() {
    return provenance;
  }

  boolean declaresVerdictGlobal() {
    return verdictGlobal;
  }

  /**
   * The verdicts of one evaluation of a rule set, and the rules it could not evaluate to the end.
   *
   * @param verdicts what the rules reported
   * @param interrupted by rule id, why the rule's results are incomplete: it failed, looped, ran
   *     out of time or was stopped with the others
   */
  record Fired(List<Verdict> verdicts, Map<String, String> interrupted) {}

  /**
   * Fires the rules in {@code enabled} over {@code facts} within {@code limits}. A rule that fails
   * in a condition, loops, halts the session or calls exit is left out and the others run again
   * without it, while time remains; what could not be evaluated to the end is named in
   * {@link Fired#interrupted()}. Never throws for what a rule does.
   */
  Fired fire(List<Object> facts, Set<String> enabled, SessionRun.Limits limits) {
    Set<String> mine = new LinkedHashSet<>(enabled);
    mine.retainAll(rules.keySet());
    // The DRL rules to fire: a rule defined by a table entry fires through its base rule.
    Map<String, Set<String>> judgedBy = new LinkedHashMap<>();
    mine.forEach(id -> judgedBy.computeIfAbsent(rules.get(id).drlRule(),
        k -> new LinkedHashSet<>()).add(id));
    Map<String, String> interrupted = new LinkedHashMap<>();
    Set<String> excluded = new LinkedHashSet<>();
    for (int run = 0; ; run++) {
      Set<String> firing = new LinkedHashSet<>(judgedBy.keySet());
      firing.removeAll(excluded);
      if (firing.isEmpty()) {
        return new Fired(List.of(), interrupted);
      }
      KieBase base = excluded.isEmpty() ? kieBase : without(excluded);
      SessionRun.Outcome outcome = new SessionRun(this, base, facts, firing, limits).run();
      if (outcome.completed()) {
        return new Fired(outcome.verdicts(), interrupted);
      }
      Map<String, String> culprits = byRuleId(outcome.culprits(), judgedBy);
      interrupted.putAll(culprits);
      if (!outcome.culprits().isEmpty() && run < MAX_RERUNS && limits.remainingNanos() > 0) {
        excluded.addAll(outcome.culprits().keySet());
        continue; // the others again, without the rules to blame
      }
      Set<String> unfinished = outcome.unfinished() != null ? outcome.unfinished() : firing;
      for (String rule : unfinished) {
        for (String id : judgedBy.getOrDefault(rule, Set.of(rule))) {
          interrupted.putIfAbsent(id, outcome.reason());
        }
      }
      List<Verdict> kept = outcome.verdicts().stream()
          .filter(v -> !culprits.containsKey(v.rule())).toList();
      return new Fired(kept, interrupted);
    }
  }

  /** What happened to DRL rules, for the rules they judge for (themselves, or table entries). */
  private static Map<String, String> byRuleId(Map<String, String> byDrlRule,
      Map<String, Set<String>> judgedBy) {
    Map<String, String> out = new LinkedHashMap<>();
    byDrlRule.forEach((rule, why) -> judgedBy.getOrDefault(rule, Set.of(rule))
        .forEach(id -> out.put(id, why)));
    return out;
  }

  /** A knowledge base of this set's rules without {@code excluded}; built for the occasion. */
  private KieBase without(Set<String> excluded) {
    KieBase base = rebuild.get();
    for (KiePackage pkg : base.getKiePackages()) {
      for (Rule rule : List.copyOf(pkg.getRules())) {
        if (excluded.contains(rule.getName())) {
          base.removeRule(pkg.getName(), rule.getName());
        }
      }
    }
    return base;
  }

  /** Names where a rule came from, for messages. */
  interface RuleOrigins {
    String of(Rule rule);
  }
}
