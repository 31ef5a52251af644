package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kcis.engine.RuleTests;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every test case of the built-in rules, one dynamic test per case ("rule > case"). */
class RuleCasesTest {

  /** The case files, shipped in the rules jar so that `kcis rules test` runs them too. */
  static final Path CASES = Path.of("src/main/resources/dev/kcis/cases");

  @TestFactory
  Stream<DynamicTest> everyCase() {
    RuleTests runner = RuleTests.forBuiltInRules();
    return RuleTests.load(CASES).stream().map(c -> DynamicTest.dynamicTest(
        c.rule() + " > " + c.name(), () -> {
          RuleTests.Outcome outcome = runner.run(c);
          if (!outcome.passed()) {
            fail(c.file() + ": " + String.join("; ", outcome.problems()) + "\n  actual: "
                + outcome.actual().stream().map(r -> r.status() + " " + r.target()
                    + (r.message() == null ? "" : " (" + r.message() + ")")).toList());
          }
        }));
  }
}
