package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.internal.conf.ConsequenceExceptionHandlerOption;
import org.kie.internal.utils.KieHelper;

/**
 * What a session run does with rules the pack check refuses, built here without it: a rule that
 * halts the session, and one that loops on update without inserting anything.
 */
class SessionRunTest {

  static final String HEADER = """
      package org.example.rules
      import dev.kcis.facts.Setting
      global dev.kcis.facts.Verdicts verdict
      """;

  static RuleSet ruleSet(String drl) {
    Supplier<KieBase> build = () -> new KieHelper().addContent(drl, ResourceType.DRL)
        .build(ConsequenceExceptionHandlerOption.get(RuleErrorHandler.class));
    return RuleSet.of("test rules", build.get(), build, rule -> "test/" + rule.getName() + ".drl");
  }

  static List<Object> facts() {
    return FactAssembler.assemble(List.of(FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: cp
            components:
              - kind: kube-scheduler
                source: {type: process, path: /proc/3/cmdline}
                args: [kube-scheduler, --profiling=true]
        """, "cp.yaml"))).facts();
  }

  static final String JUDGE = """
      rule "judge"
          @scope("component:kube-scheduler") @message("profiling") @remediation("off")
      when
          $p : Setting(component == "kube-scheduler", name == "--profiling")
      then
          verdict.expect($p, "false");
      end
      """;

  @Test
  void aRuleThatHaltsTheSessionIsLeftOutAndTheOthersRunAgain() {
    RuleSet set = ruleSet(HEADER + JUDGE + """
        rule "halter"
            @scope("cluster") @message("m") @remediation("r")
            salience 100
        when
            $p : Setting(name == "--profiling")
        then
            drools.halt();
        end
        """);
    RuleSet.Fired fired = set.fire(facts(), Set.of("judge", "halter"),
        SessionRun.Limits.startingNow(Duration.ofSeconds(10)));
    assertEquals(Map.of("halter", "rule \"halter\" (test/halter.drl) halted the evaluation"),
        fired.interrupted());
    assertEquals(1, fired.verdicts().size(), fired.verdicts().toString());
    assertEquals("judge", fired.verdicts().get(0).rule());
    assertEquals(Status.FAIL, fired.verdicts().get(0).status());
  }

  @Test
  void aRuleThatUpdatesWhatItMatchesStopsAtTheLimitOnFirings() {
    RuleSet set = ruleSet(HEADER + JUDGE + """
        rule "update-loop"
            @scope("cluster") @message("m") @remediation("r")
        when
            $p : Setting(name == "--profiling")
        then
            update($p);
        end
        """);
    List<Object> facts = facts();
    // The cap on firings stops it, not the time limit: generous bounds keep a loaded machine
    // (several builds on two cores) from failing the test by time.
    RuleSet.Fired fired = assertTimeoutPreemptively(Duration.ofSeconds(120),
        () -> set.fire(facts, Set.of("judge", "update-loop"),
            SessionRun.Limits.startingNow(Duration.ofSeconds(600))));
    String reason = fired.interrupted().get("update-loop");
    assertTrue(reason.matches(String.format("evaluation stopped after [0-9,]+ rule firings \\(over "
        + "the limit for %d facts of evidence\\): rule \"update-loop\" "
        + "\\(test/update-loop\\.drl\\) had fired [0-9,]+ times", facts.size())), reason);
    assertEquals(Set.of("update-loop"), fired.interrupted().keySet());
    assertEquals(List.of("judge"), fired.verdicts().stream().map(Verdict::rule).toList());
  }
}
