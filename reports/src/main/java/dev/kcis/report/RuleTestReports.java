package dev.kcis.report;

import dev.kcis.engine.RuleTests;
import dev.kcis.report.internal.JUnitXml;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Rule test outcomes ({@link RuleTests}) as JUnit XML, as {@code kcis rules test} writes them. */
public final class RuleTestReports {

  private RuleTestReports() {}

  /**
   * Writes one test suite per rule and one test case per case.
   *
   * @param seconds how long the cases took
   */
  public static void writeJUnit(List<RuleTests.Outcome> outcomes, double seconds,
      OutputStream out) throws IOException {
    JUnitXml.writeRuleTests(outcomes, seconds, out);
  }
}
