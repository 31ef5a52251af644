package dev.kcis.engine.internal;

import dev.kcis.engine.KcisException;
import dev.kcis.engine.RuleCompilationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;

/**
 * A compiled knowledge base and the metadata of its rules. Immutable and thread-safe: each
 * evaluation opens its own session.
 */
public final class RuleSet {

  /** The name of the global every kcis rule reports through. */
  static final String VERDICT_GLOBAL = "verdict";

  private final String origin;
  private final KieBase kieBase;
  private final Map<String, RuleInfo> rules;

  private RuleSet(String origin, KieBase kieBase, Map<String, RuleInfo> rules) {
    this.origin = origin;
    this.kieBase = kieBase;
    this.rules = rules;
  }

  /** Reads the metadata of every rule of {@code kieBase}; malformed metadata fails the load. */
  static RuleSet of(String origin, KieBase kieBase, RuleOrigins origins) {
    Map<String, RuleInfo> rules = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (KiePackage pkg : kieBase.getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        String where = origins.of(rule);
        if (rules.containsKey(rule.getName())) {
          problems.add(where + ": duplicate rule id \"" + rule.getName() + "\" (also in "
              + rules.get(rule.getName()).origin() + ")");
          continue;
        }
        RuleInfo info = RuleMetadata.read(rule.getName(), rule.getMetaData(), where, problems);
        if (info != null) {
          rules.put(rule.getName(), info);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleCompilationException(problems);
    }
    return new RuleSet(origin, kieBase, Map.copyOf(rules));
  }

  public String origin() {
    return origin;
  }

  public Map<String, RuleInfo> rules() {
    return rules;
  }

  /** Fires the rules in {@code enabled} over {@code facts}; returns their verdicts. */
  List<Verdict> fire(List<Object> facts, Set<String> enabled) {
    VerdictCollector collector = new VerdictCollector(rules);
    KieSession session = kieBase.newKieSession();
    try {
      if (kieBase.getKiePackages().stream()
          .anyMatch(p -> p.getGlobalVariables().stream()
              .anyMatch(g -> g.getName().equals(VERDICT_GLOBAL)))) {
        session.setGlobal(VERDICT_GLOBAL, collector);
      }
      session.addEventListener(collector);
      for (Object fact : facts) {
        session.insert(fact);
      }
      session.fireAllRules(match -> enabled.contains(match.getRule().getName()));
    } catch (RuntimeException e) {
      throw new KcisException("rule evaluation failed in " + origin + ": " + rootMessage(e), e);
    } finally {
      session.dispose();
    }
    return collector.verdicts();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** Names where a rule came from, for messages. */
  interface RuleOrigins {
    String of(Rule rule);
  }
}
