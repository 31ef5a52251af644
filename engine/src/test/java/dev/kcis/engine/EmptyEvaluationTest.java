package dev.kcis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluating no bundle at all is a mistake of the host, not a cluster whose every control is
 * INCONCLUSIVE: the engine refuses it (an empty bundle is still evaluated).
 */
class EmptyEvaluationTest {

  @Test
  void evaluatingNoBundleIsRefused(@TempDir Path pack) throws IOException {
    Files.writeString(pack.resolve("profiling-off.drl"), RuleIsolationTest.PROFILING_OFF);
    ComplianceEngine engine = ComplianceEngine.builder().withoutBuiltInRules().addRules(pack)
        .profile(new Profile("test", "test", "1", Map.of("9", "pack"), List.of(new Control(
            "9.1", "profiling-off", "9", "Automated", 1, List.of("profiling-off"), null))))
        .ruleTimeout(Duration.ofSeconds(10)).build();
    String expected = "no fact bundle to evaluate: give evaluate() at least one "
        + "(FactBundle.read(path), or a collector's bundle)";
    assertEquals(expected,
        assertThrows(IllegalArgumentException.class, () -> engine.evaluate()).getMessage());
    assertEquals(expected,
        assertThrows(IllegalArgumentException.class, () -> engine.evaluate(List.of()))
            .getMessage());
    assertEquals(Status.FAIL, engine.evaluate(RuleIsolationTest.BUNDLE).resultsOf("9.1").get(0)
        .status(), "one bundle is evaluated as before");
  }
}
