package dev.kcis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule pack's rule that throws, loops or never returns costs its own result only: it becomes
 * INCONCLUSIVE naming the rule, its file and what happened, and the other rules are judged.
 */
class RuleIsolationTest {

  static final String HEADER = """
      package org.example.rules
      import dev.kcis.facts.Setting
      import dev.kcis.facts.Node
      global dev.kcis.facts.Verdicts verdict
      """;

  /** The control rule: judged whatever its neighbours do. */
  static final String PROFILING_OFF = rule("profiling-off", "component:kube-scheduler",
      "$p : Setting(component == \"kube-scheduler\", name == \"--profiling\")",
      "verdict.expect($p, \"false\");");

  static final FactBundle BUNDLE = FactBundle.parse("""
      apiVersion: kcis.dev/v1
      kind: FactBundle
      nodes:
        - name: cp
          components:
            - kind: kube-scheduler
              source: {type: process, path: /proc/3/cmdline}
              args: [kube-scheduler, --profiling=true]
            - kind: kube-controller-manager
              source: {type: process, path: /proc/4/cmdline}
              args: [kube-controller-manager, --profiling=false]
      """, "cp.yaml");

  @TempDir
  Path pack;

  static String rule(String id, String scope, String when, String then) {
    return HEADER + """
        rule "%s"
            @scope("%s")
            @message("%s finds something")
            @remediation("Fix it.")
        when
            %s
        then
            %s
        end
        """.formatted(id, scope, id, when, then);
  }

  @AfterEach
  void releaseSpinningRules() {
    Spin.release();
  }

  Path write(String id, String drl) throws IOException {
    return Files.writeString(pack.resolve(id + ".drl"), drl);
  }

  Report evaluate(Duration timeout, String... rules) {
    List<Control> controls = new ArrayList<>();
    for (int i = 0; i < rules.length; i++) {
      controls.add(new Control("9." + (i + 1), rules[i], "9", "Automated", 1, List.of(rules[i]),
          null));
    }
    ComplianceEngine engine = ComplianceEngine.builder().withoutBuiltInRules().addRules(pack)
        .profile(new Profile("test", "test", "1", Map.of("9", "pack"), controls))
        .ruleTimeout(timeout).build();
    return engine.evaluate(BUNDLE);
  }

  static Map<String, Status> byTarget(Report report, String rule) {
    return report.results().stream().filter(r -> rule.equals(r.rule()))
        .collect(Collectors.toMap(Result::target, Result::status));
  }

  static Result only(Report report, String rule) {
    List<Result> results = report.results().stream().filter(r -> rule.equals(r.rule())).toList();
    assertEquals(1, results.size(), results.toString());
    return results.get(0);
  }

  @Test
  void aRuleThatThrowsInItsConsequenceIsInconclusiveForThatTargetAlone() throws IOException {
    write("profiling-off", PROFILING_OFF);
    // "true" has no index 5, "false" has: one target throws, the other passes.
    Path file = write("substring-throws", rule("substring-throws", "node",
        "$p : Setting(name == \"--profiling\")",
        "String rest = $p.getValue().substring(5); verdict.pass(\"rest \" + rest, $p);"));
    Report report = evaluate(Duration.ofSeconds(10), "profiling-off", "substring-throws");
    assertEquals(Status.FAIL, only(report, "profiling-off").status(), "judged all the same");
    List<Result> own = report.resultsOf("9.2");
    assertEquals(Map.of("node/cp/kube-scheduler", Status.INCONCLUSIVE,
        "node/cp/kube-controller-manager", Status.PASS), byTarget(report, "substring-throws"));
    Result failed = own.stream().filter(r -> r.status() == Status.INCONCLUSIVE).findFirst()
        .orElseThrow();
    assertEquals("rule \"substring-throws\" (" + file + ") failed: "
        + "StringIndexOutOfBoundsException: begin 5, end 4, length 4", failed.message());
  }

  @Test
  void aRuleThatThrowsInAConditionIsLeftOutAndTheOthersAreJudged() throws IOException {
    write("profiling-off", PROFILING_OFF);
    Path file = write("condition-throws", rule("condition-throws", "cluster",
        "$p : Setting(name == \"--profiling\", value.substring(5) == \"\")",
        "verdict.pass(\"x\", $p);"));
    Report report = evaluate(Duration.ofSeconds(10), "profiling-off", "condition-throws");
    assertEquals(Status.FAIL, only(report, "profiling-off").status());
    Result failed = only(report, "condition-throws");
    assertEquals(Status.INCONCLUSIVE, failed.status());
    assertEquals("cluster", failed.target());
    assertTrue(failed.message().startsWith("rule \"condition-throws\" (" + file + ") failed while "
        + "its conditions were evaluated: StringIndexOutOfBoundsException: "), failed.message());
    assertTrue(failed.message().endsWith(" in constraint 'value.substring(5) == \"\"'"),
        failed.message());
  }

  @Test
  void aRuleThatInsertsWhatItMatchesIsStoppedAndTheOthersAreJudged() throws IOException {
    write("profiling-off", PROFILING_OFF);
    Path file = write("loop-forever", rule("loop-forever", "node", "$n : Node()",
        "insert(new Node($n.getName(), $n.getRoles()));"));
    long start = System.nanoTime();
    Report report = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> evaluate(Duration.ofSeconds(25), "profiling-off", "loop-forever"));
    assertEquals(Status.FAIL, only(report, "profiling-off").status());
    Result looped = only(report, "loop-forever");
    assertEquals(Status.INCONCLUSIVE, looped.status());
    assertEquals("node/cp", looped.target());
    assertTrue(looped.message().matches("evaluation stopped when rules had inserted [0-9,]+ facts "
        + "\\(over the limit for \\d+ facts of evidence\\): rule \"loop-forever\" \\("
        + java.util.regex.Pattern.quote(file.toString()) + "\\) had fired [0-9,]+ times"),
        looped.message());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(),
        "stopped by the limit on inserted facts, not by the time limit");
  }

  @Test
  void aRuleStuckInItsConsequenceIsStoppedByTheTimeLimit() throws IOException {
    write("profiling-off", PROFILING_OFF);
    Path file = write("spin", rule("spin", "component:kube-controller-manager",
        "$p : Setting(component == \"kube-controller-manager\", name == \"--profiling\")",
        "dev.kcis.engine.Spin.untilReleased();"));
    Spin.reset();
    long start = System.nanoTime();
    Report report = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> evaluate(Duration.ofSeconds(1), "profiling-off", "spin"));
    long took = System.nanoTime() - start;
    assertTrue(took < Duration.ofSeconds(8).toNanos(), "soon after the limit: " + took / 1_000_000
        + " ms");
    Result stuck = only(report, "spin");
    assertEquals(Status.INCONCLUSIVE, stuck.status());
    assertEquals("node/cp/kube-controller-manager", stuck.target());
    assertEquals("evaluation stopped after 1 s: rule \"spin\" (" + file + ") was still firing",
        stuck.message());
    // profiling-off may or may not have fired before: judged, or INCONCLUSIVE for the same reason.
    for (Result r : report.resultsOf("9.1")) {
      assertTrue(r.status() == Status.FAIL || (r.status() == Status.INCONCLUSIVE
          && r.message().equals(stuck.message())), r.toString());
    }
  }
}
