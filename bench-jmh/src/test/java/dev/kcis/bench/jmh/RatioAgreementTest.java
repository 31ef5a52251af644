package dev.kcis.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.engine.internal.PlainChecks;
import java.nio.file.Path;
import java.util.List;
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

  private static String line(String control, Status status, String target) {
    return control + " " + status + " " + target;
  }
}
