package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.report.ReportFormat;
import dev.kcis.engine.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What {@code kcis eval} and {@code kcis scan} share: the options that choose the benchmark, the
 * rule packs and the report, and the evaluation itself, from bundles to a written report and an
 * exit code. A picocli mixin, so both commands show the same options in {@code --help}.
 */
final class EvaluationOptions {

  enum Format { table, json }

  enum FailOn {
    fail(Status.FAIL), warn(Status.WARN), inconclusive(Status.INCONCLUSIVE), never(null);

    final Status threshold;

    FailOn(Status threshold) {
      this.threshold = threshold;
    }
  }

  enum Color { auto, always, never }

  @Option(names = "--benchmark", paramLabel = "PROFILE", defaultValue = ComplianceEngine.DEFAULT_PROFILE,
      description = "Benchmark profile: a built-in id (cis-1.12, cis-1.10) or a profile YAML file. "
          + "Default: ${DEFAULT-VALUE}.")
  String benchmark;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Report format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the report to FILE (atomically) instead of standard output.")
  Path output;

  @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "fail",
      description = "Exit 4 when a result is at or above LEVEL: ${COMPLETION-CANDIDATES}. "
          + "Default: ${DEFAULT-VALUE}.")
  FailOn failOn;

  @Option(names = "--rules", paramLabel = "DIR",
      description = "A rule pack (directory of DRL files) layered over the built-in rules. Repeatable.")
  List<Path> rulePacks = new ArrayList<>();

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "Colour the table: ${COMPLETION-CANDIDATES}. auto colours only a terminal "
          + "without NO_COLOR. Default: ${DEFAULT-VALUE}.")
  Color color;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces and every result's evidence.")
  boolean verbose;

  /**
   * Checks the options before any evidence is read (the output does not overwrite an input, the
   * benchmark exists) and starts loading the rules meanwhile.
   *
   * @return the engine's builder, with profile and rule packs set
   */
  ComplianceEngine.Builder prepare(CommandSpec spec, List<Path> inputs) throws IOException {
    if (rulePacks.isEmpty()) {
      // Load the rule base on the second core while this one reads or collects the evidence.
      ComplianceEngine.preloadBuiltInRules();
    }
    Output.refuseToOverwriteInputs(spec, output, inputs);
    return RuleSelection.builder(spec, benchmark, rulePacks);
  }

  /** Evaluates the bundles, writes the report, and returns the exit code. */
  int evaluate(CommandSpec spec, ComplianceEngine.Builder builder, List<FactBundle> bundles)
      throws IOException {
    Report report = builder.build().evaluate(bundles);
    ByteArrayOutputStream rendered = new ByteArrayOutputStream();
    boolean colour = color == Color.always || (color == Color.auto && output == null
        && System.console() != null && System.getenv("NO_COLOR") == null);
    ReportOptions options = ReportOptions.builder().colour(colour).verbose(verbose).build();
    ReportFormat.byId(format.name()).write(report, options, rendered);
    if (output == null) {
      spec.commandLine().getOut().print(rendered.toString(StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
    } else {
      Output.writeAtomically(output, rendered.toByteArray());
      spec.commandLine().getErr().println("kcis: wrote " + format + " report to " + output + ": "
          + summaryLine(report));
      spec.commandLine().getErr().flush();
    }
    if (failOn.threshold != null && report.worstStatus().atLeast(failOn.threshold)) {
      return ExitCode.FINDINGS;
    }
    return ExitCode.OK;
  }

  static String summaryLine(Report report) {
    Map<Status, Integer> counts = report.summary().controls();
    return report.controls().size() + " controls: " + counts.entrySet().stream()
        .filter(e -> e.getValue() > 0).map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }
}
