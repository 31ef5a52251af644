package dev.kcis.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.RuleLint;
import dev.kcis.engine.RuleTests;
import dev.kcis.engine.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The sample rule pack lints clean, its cases pass, and it layers over cis-1.12. */
class CustomRulesPackTest {

  static final Path PACK = Path.of("custom-rules");

  @Test
  void packLintsClean() {
    assertEquals(List.of(), RuleLint.packs(List.of(PACK)));
  }

  @TestFactory
  Stream<DynamicTest> everyCasePasses() {
    RuleTests runner = RuleTests.forRulePacks(List.of(PACK));
    List<RuleTests.Case> cases = RuleTests.load(PACK);
    assertFalse(cases.isEmpty());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.rule() + " > " + c.name(), () -> {
      RuleTests.Outcome outcome = runner.run(c);
      assertTrue(outcome.passed(), c.file() + ": " + outcome.problems());
    }));
  }

  @Test
  void packLayersItsControlsOverCis112() {
    ComplianceEngine engine = ComplianceEngine.builder().addRules(PACK).build();
    assertEquals("acme-k8s-baseline", engine.profile().id());
    assertEquals(137, engine.profile().controls().size(), "131 CIS controls and 6 of ACME's");
    Report report = engine.evaluate(FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        objects:
          - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}, spec: {type: NodePort}}
          - {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {owner: payments}}}
        """, "objects.yaml"));
    assertEquals(Status.FAIL, report.statusOf("9.1").orElseThrow());
    assertEquals(Status.PASS, report.statusOf("9.4").orElseThrow());
    assertEquals(Status.MANUAL, report.statusOf("4.2.7").orElseThrow(), "disabled by the pack");
    assertTrue(engine.rules().get("container-secret-env").mappings().stream()
        .anyMatch(m -> m.id().equals("3.5.1") && m.basis().contains("acme-k8s-baseline")));
  }
}
