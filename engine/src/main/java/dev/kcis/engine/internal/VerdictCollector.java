package dev.kcis.engine.internal;

import dev.kcis.core.KcisException;
import dev.kcis.engine.Status;
import dev.kcis.facts.Fact;
import dev.kcis.facts.Observation;
import dev.kcis.facts.Parameters;
import dev.kcis.facts.Setting;
import dev.kcis.facts.Verdicts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * The {@code verdict} global of one session. An agenda listener tells it which rule is firing, so a
 * consequence only states the outcome. One per session; its verdicts may be read from another
 * thread while the session runs (an evaluation stopped by its time limit), so access is locked.
 */
final class VerdictCollector extends DefaultAgendaEventListener implements Verdicts {

  private final Map<String, RuleInfo> rules;
  private final List<Verdict> verdicts = new ArrayList<>();
  private final java.util.Map<String, Integer> index = new java.util.HashMap<>();
  private String currentRule;
  private String currentVariant;
  private Map<String, String> currentValues = Map.of();

  VerdictCollector(Map<String, RuleInfo> rules) {
    this.rules = rules;
  }

  @Override
  public void beforeMatchFired(BeforeMatchFiredEvent event) {
    currentRule = event.getMatch().getRule().getName();
    currentVariant = null;
    currentValues = Map.of();
    for (Object o : event.getMatch().getObjects()) {
      if (o instanceof Parameters p) {
        if (!p.getRule().equals(currentRule) && p.getBase().equals(currentRule)) {
          currentRule = p.getRule(); // a base rule judges for the table entry of these values
        } else if (!p.getRule().equals(currentRule)) {
          throw new KcisException("rule \"" + currentRule + "\" matched the parameters of rule \""
              + p.getRule() + "\": match its own with Parameters(rule == \"" + currentRule
              + "\")");
        }
        currentVariant = p.getVariant();
        currentValues = p.getValues();
      }
    }
    RuleInfo info = rules.get(currentRule);
    if (currentVariant == null && info != null && !info.params().isEmpty()) {
      throw new KcisException("rule \"" + currentRule + "\" declares @params but its conditions "
          + "do not read them: add $params : Parameters(rule == \"" + currentRule + "\")");
    }
  }

  /** The verdicts so far: a copy. */
  synchronized List<Verdict> verdicts() {
    return new ArrayList<>(verdicts);
  }

  /**
   * Records that {@code rule} threw in its consequence for {@code match}: INCONCLUSIVE for the
   * match's target (the first fact it matched), or for the cluster when it matched no fact.
   */
  synchronized void failed(String rule, List<Object> matched, String reason) {
    for (Object o : matched) {
      if (o instanceof Parameters p && p.getBase().equals(rule)) {
        rule = p.getRule(); // a base rule failed while judging for a table entry
      }
    }
    Fact subject = matched.stream().filter(Fact.class::isInstance).map(Fact.class::cast)
        .findFirst().orElse(null);
    String previous = currentRule;
    currentRule = rule;
    try {
      if (subject != null) {
        record(Status.INCONCLUSIVE, reason, null, matched.stream().filter(Fact.class::isInstance)
            .map(Fact.class::cast).toArray(Fact[]::new));
      } else {
        verdicts.add(new Verdict(rule, Status.INCONCLUSIVE, "cluster", "cluster", null, reason,
            null, List.of()));
      }
    } finally {
      currentRule = previous;
    }
  }

  @Override
  public void expect(Setting setting, String expected) {
    boolean compliant;
    Boolean wanted = boolOf(expected);
    if (wanted != null) {
      compliant = wanted ? setting.isTrue() : setting.isFalse();
    } else {
      compliant = expected.equals(setting.getValue());
    }
    record(compliant ? Status.PASS : Status.FAIL, null, setting.getName() + "=" + expected,
        new Fact[] {setting});
  }

  @Override
  public void check(boolean compliant, String expected, Fact... evidence) {
    record(compliant ? Status.PASS : Status.FAIL, null, expected, evidence);
  }

  @Override
  public void pass(String expected, Fact... evidence) {
    record(Status.PASS, null, expected, evidence);
  }

  @Override
  public void fail(String expected, Fact... evidence) {
    record(Status.FAIL, null, expected, evidence);
  }

  @Override
  public void warn(String expected, Fact... evidence) {
    record(Status.WARN, null, expected, evidence);
  }

  @Override
  public void inconclusive(String reason, Fact... evidence) {
    record(Status.INCONCLUSIVE, reason, null, evidence);
  }

  @Override
  public void notApplicable(String reason, Fact... evidence) {
    record(Status.NOT_APPLICABLE, reason, null, evidence);
  }

  private synchronized void record(Status status, String reason, String expected,
      Fact[] evidence) {
    if (currentRule == null) {
      throw new IllegalStateException("a verdict was reported outside a rule consequence");
    }
    if (evidence == null || evidence.length == 0) {
      throw new IllegalArgumentException("rule \"" + currentRule
          + "\" reported a verdict without a fact: pass the facts it judges");
    }
    Fact subject = evidence[0];
    List<Observation> observed = Arrays.stream(evidence).map(Fact::observe).toList();
    String outside = outsideScope(subject);
    if (outside != null) {
      // @scope says what a rule judges: a verdict about another kind is the rule's mistake (a
      // pattern without a kind constraint), shown rather than counted as that object's verdict.
      status = Status.INCONCLUSIVE;
      reason = outside;
      expected = null;
    }
    String message = reason;
    if (message == null && (status == Status.FAIL || status == Status.WARN)) {
      RuleInfo info = rules.get(currentRule);
      message = info == null ? null
          : dev.kcis.engine.RuleParameter.render(info.message(), currentValues);
    }
    // Several matches about one target (a binding granting several offending rules) are one
    // result with all their evidence.
    String key = currentRule + "\n" + currentVariant + "\n" + status + "\n"
        + subject.getTarget();
    Integer existing = index.get(key);
    if (existing != null) {
      Verdict v = verdicts.get(existing);
      List<Observation> merged = new ArrayList<>(v.observed());
      observed.stream().filter(o -> !merged.contains(o)).forEach(merged::add);
      verdicts.set(existing, new Verdict(v.rule(), v.status(), v.target(), v.scope(), v.node(),
          v.message(), v.expected(), merged, v.variant()));
      return;
    }
    index.put(key, verdicts.size());
    verdicts.add(new Verdict(currentRule, status, subject.getTarget(), subject.getScope(),
        subject.getNode(), message, expected, observed, currentVariant));
  }

  /**
   * Why a verdict about a workload (or one of its containers) is outside the firing rule's
   * {@code objects:} scope, or {@code null}. Only workloads: a rule about some workload kinds must
   * not judge the others, while a finding may name a related object of another kind (the binding
   * that grants a role, the namespace without a policy).
   */
  private String outsideScope(Fact subject) {
    RuleInfo info = rules.get(currentRule);
    if (info == null || info.scope().type() != Scope.Type.OBJECTS
        || !(subject instanceof dev.kcis.facts.Workload
            || subject instanceof dev.kcis.facts.Container)) {
      return null;
    }
    String target = subject.getTarget();
    int slash = target.indexOf('/');
    String kind = slash < 0 ? target : target.substring(0, slash);
    if (info.scope().kinds().contains(kind)) {
      return null;
    }
    return "rule \"" + currentRule + "\" reported " + kind + " " + target.substring(slash + 1)
        + ", outside its @scope(\"" + info.scope() + "\"): constrain its patterns to those kinds"
        + " (`kcis rules lint` names the pattern)";
  }

  private static Boolean boolOf(String expected) {
    return switch (expected) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> null;
    };
  }
}
