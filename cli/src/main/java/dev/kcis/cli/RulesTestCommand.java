package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.core.KcisException;
import dev.kcis.engine.Result;
import dev.kcis.engine.RuleTests;
import dev.kcis.report.RuleTestReports;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code kcis rules test}: runs rule test cases with the harness the project's own tests use. */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = {"Runs the test cases of the built-in rules, or of the given rule packs (their "
        + "*.yaml case files; profile.yaml is not one), with the harness kcis's own build uses.",
        "A failing case prints its facts, the expected and the actual results."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every case passed", ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (a pack or case file that cannot be used)", "4:a test case failed"})
final class RulesTestCommand implements Callable<Integer> {

  enum Format { text, junit }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", arity = "0..*",
      description = "Rule packs to test; without one, the built-in rules.")
  List<Path> packs = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "DIR",
      description = "A rule pack to test, as DIR (the option other commands take). "
          + "Repeatable.")
  List<Path> rulesOption = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES} (JUnit XML for CI). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the results to FILE instead of standard output (a regular file is "
          + "replaced atomically); refused inside a pack.")
  Path output;

  @CommandLine.Mixin
  RuleTimeout ruleTimeout;

  @Option(names = {"-v", "--verbose"}, description = "List every case, and show stack traces.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    packs.addAll(rulesOption);
    Output.refuseToOverwriteInputs(spec, output, packs);
    RuleTests runner = (packs.isEmpty() ? RuleTests.forBuiltInRules()
        : RuleTests.forRulePacks(packs)).withRuleTimeout(ruleTimeout.timeout);
    List<RuleTests.Case> cases = new ArrayList<>();
    if (packs.isEmpty()) {
      cases.addAll(runner.builtInCases());
    } else {
      for (Path pack : packs) {
        cases.addAll(RuleTests.load(pack));
      }
    }
    long start = System.nanoTime();
    List<RuleTests.Outcome> outcomes = new ArrayList<>();
    for (RuleTests.Case c : cases) {
      outcomes.add(run(runner, c));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long failed = outcomes.stream().filter(o -> !o.passed()).count();
    ByteArrayOutputStream rendered = new ByteArrayOutputStream();
    if (format == Format.junit) {
      RuleTestReports.writeJUnit(outcomes, seconds, rendered);
    } else {
      PrintWriter w = new PrintWriter(rendered, true, StandardCharsets.UTF_8);
      for (RuleTests.Outcome o : outcomes) {
        if (!o.passed()) {
          failure(w, o);
        } else if (verbose) {
          w.printf("ok   %s > %s%n", o.testCase().rule(), o.testCase().name());
        }
      }
      w.printf("%s of %s: %d passed, %d failed (%.1f s)%n", Output.count(outcomes.size(), "case"),
          Output.count(cases.stream().map(RuleTests.Case::rule).distinct().count(), "rule"),
          outcomes.size() - failed, failed, seconds);
      w.flush();
    }
    Output.write(spec, output, rendered.toByteArray());
    if (!Output.isStandardOutput(output)) {
      spec.commandLine().getErr().printf("kcis: %d cases, %d failed; wrote %s%n", outcomes.size(),
          failed, output);
    }
    if (cases.isEmpty()) {
      spec.commandLine().getErr().println("kcis: no test cases found"
          + (packs.isEmpty() ? "" : " in " + packs));
      return ExitCode.INVALID_INPUT;
    }
    return failed == 0 ? ExitCode.OK : ExitCode.FINDINGS;
  }

  /** One case; one that cannot be run at all fails with the reason, and the others still run. */
  private static RuleTests.Outcome run(RuleTests runner, RuleTests.Case c) {
    try {
      return runner.run(c);
    } catch (KcisException e) {
      return new RuleTests.Outcome(c, false, List.of("error: " + Kcis.oneLine(e.getMessage())),
          List.of());
    }
  }

  static void failure(PrintWriter w, RuleTests.Outcome o) throws java.io.IOException {
    RuleTests.Case c = o.testCase();
    w.printf("FAIL %s > %s  (%s)%n", c.rule(), c.name(), c.file());
    for (String problem : o.problems()) {
      w.printf("  %s%n", problem);
    }
    w.println("  expected:");
    c.expected().forEach(e -> w.printf("    %s%n", e));
    w.println("  actual:");
    for (Result r : o.actual()) {
      w.printf("    %s %s%s%n", r.status(), r.target(),
          r.message() == null ? "" : " (" + r.message() + ")");
    }
    w.println("  facts:");
    for (FactBundle bundle : c.bundles()) {
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      bundle.writeJson(json);
      json.toString(StandardCharsets.UTF_8).lines().forEach(l -> w.printf("    %s%n", l));
    }
  }
}
