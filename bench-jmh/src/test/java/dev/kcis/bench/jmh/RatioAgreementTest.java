package dev.kcis.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.ProfileException;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.engine.internal.BenchmarkSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JMH ratio compares equal work: on generated bundles, the plain-Java checks and the engine
 * restricted to the ratio profile give the same verdicts, per control, status and target.
 */
class RatioAgreementTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"1, 400", "3, 1500"})
  void plainChecksAndEngineGiveTheSameVerdicts(int nodes, int objects) {
    FactBundle bundle = GeneratedBundles.generate(nodes, objects);
    ComplianceEngine engine = ComplianceEngine.builder()
        .profile(GeneratedBundles.ratioProfile(dir)).build();
    Report report = engine.evaluate(bundle);

    Set<String> byEngine = report.results().stream()
        .map(r -> line(r.control(), r.status(), r.target()))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> byPlain = PlainChecks.evaluate(List.of(bundle)).stream()
        .map(f -> line(f.control(), f.status(), f.target()))
        .collect(Collectors.toCollection(TreeSet::new));

    assertEquals(byEngine, byPlain);
    // Equal work that proves something: each of the fifteen controls is judged, and some fail.
    Set<String> controls = report.results().stream().map(Result::control)
        .collect(Collectors.toSet());
    assertEquals(15, controls.size(), () -> "controls judged: " + controls);
    assertTrue(report.results().stream().anyMatch(r -> r.status() == Status.FAIL));
    assertTrue(report.results().stream().anyMatch(r -> r.status() == Status.PASS));
  }

  @Test
  void theRatioProfileHoldsTheFifteenControlsOnly() {
    ComplianceEngine engine = ComplianceEngine.builder()
        .profile(GeneratedBundles.ratioProfile(dir)).build();
    assertEquals(15, engine.profile().controls().size());
  }

  /**
   * The ratio measures checks of the benchmark kcis ships: each control of the ratio profile is a
   * control of cis-1.12 with the same number and the same rules (a control cis-1.12 lacks, such
   * as a kubelet protectKernelDefaults check kcis has no rule for, would fail here).
   */
  @Test
  void theRatioProfilesControlsAreCis112sWithTheSameRules() {
    Map<String, List<String>> cis = ComplianceEngine.builder().profile("cis-1.12").build()
        .profile().controls().stream().collect(Collectors.toMap(Control::id, Control::rules));
    List<Control> ratio = ComplianceEngine.builder().profile(GeneratedBundles.ratioProfile(dir))
        .build().profile().controls();
    for (Control control : ratio) {
      assertEquals(cis.get(control.id()), control.rules(), () -> "control " + control.id()
          + ": cis-1.12 has rules " + cis.get(control.id()));
    }
  }

  /**
   * RulesAloneBenchmark's two loops over facts built once: the plain loop makes the engine's
   * verdicts, and the rules alone make some of them (the engine's completion adds the rest).
   */
  @Test
  void rulesAloneFiresTheRatioRulesOverTheFactsBuiltOnce() {
    FactBundle bundle = GeneratedBundles.generate(1, 400);
    Path profile = GeneratedBundles.ratioProfile(dir);
    int engineResults = ComplianceEngine.builder().profile(profile).build().evaluate(bundle)
        .results().size();
    RulesAlone loops = new RulesAlone(profile, bundle);

    assertEquals(engineResults, loops.plain());
    int fired = loops.fire();
    assertTrue(fired > 0 && fired <= engineResults, () -> fired + " verdicts fired");
    assertEquals(fired, loops.fire(), "the facts are the same each time");
  }

  @Test
  void aProfileNamingNoBuiltInRuleIsRefused() throws IOException {
    Path profile = Files.writeString(dir.resolve("typo.yaml"), String.join("\n",
        "apiVersion: kcis.dev/v1", "kind: Profile", "id: typo", "name: typo",
        "version: \"1\"", "controls:",
        "  - {id: \"4.2.1\", title: t, assessment: Automated, level: 1,"
            + " rules: [kubelet-anonymus-auth]}", ""));
    ProfileException e = assertThrows(ProfileException.class,
        () -> BenchmarkSteps.builtInRules(profile));
    assertTrue(e.getMessage().contains("kubelet-anonymus-auth"), e::getMessage);
  }

  private static String line(String control, Status status, String target) {
    return control + " " + status + " " + target;
  }
}
