package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.drools.core.impl.InternalRuleBase;
import org.junit.jupiter.api.Test;

/**
 * The built-in rules (the executable model) are isolated as rule packs are: a consequence that
 * throws goes to {@link RuleErrorHandler}, and a rule can be left out of an evaluation.
 */
class BuiltInRulesIsolationTest {

  @Test
  void theBuiltInKnowledgeBaseHandsConsequenceErrorsToTheEngine() throws Exception {
    java.lang.reflect.Field field = RuleSet.class.getDeclaredField("kieBase");
    field.setAccessible(true);
    InternalRuleBase base = (InternalRuleBase) field.get(BuiltInRules.get());
    assertEquals(RuleErrorHandler.class.getName(),
        base.getRuleBaseConfiguration().getConsequenceExceptionHandler());
  }

  @Test
  void aBuiltInRuleCanBeLeftOutAndTheOthersFireWithoutIt() throws Exception {
    RuleSet set = BuiltInRules.get();
    List<Object> facts = FactAssembler.assemble(List.of(FactBundle.read(
        Path.of("../samples/bundles/kubeadm-control-plane.json")))).facts();
    SessionRun.Limits limits = SessionRun.Limits.startingNow(Duration.ofSeconds(60));
    Set<String> all = set.rules().keySet();
    Set<String> fired = set.fire(facts, all, limits).verdicts().stream().map(Verdict::rule)
        .collect(Collectors.toSet());
    assertTrue(fired.contains("apiserver-profiling"), fired.toString());

    java.lang.reflect.Method without = RuleSet.class.getDeclaredMethod("without", Set.class);
    without.setAccessible(true);
    org.kie.api.KieBase smaller = (org.kie.api.KieBase) without.invoke(set,
        Set.of("apiserver-profiling"));
    Set<String> enabled = new HashSet<>(all);
    enabled.remove("apiserver-profiling");
    SessionRun.Outcome outcome = new SessionRun(set, smaller, facts, enabled, limits).run();
    assertTrue(outcome.completed());
    Set<String> rest = outcome.verdicts().stream().map(Verdict::rule).collect(Collectors.toSet());
    Set<String> expected = new HashSet<>(fired);
    expected.remove("apiserver-profiling");
    assertEquals(expected, rest);
  }
}
