package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.cli.internal.TableReport;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
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
      description = "Write the report to FILE instead of standard output (- is standard output). "
          + "A regular file is replaced atomically, keeping its mode; a device or FIFO is written "
          + "to. Refused when FILE is an input or inside an input directory.")
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

  @Mixin
  RuleTimeout ruleTimeout;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces and every result's evidence.")
  boolean verbose;

  /**
   * Checks the options before any evidence is read (the output overwrites no input: evidence, the
   * benchmark's profile file, a rule pack; the benchmark exists) and starts loading the rules
   * meanwhile.
   *
   * @param inputs the evidence files and directories the command reads
   * @return the engine's builder, with profile and rule packs set
   */
  ComplianceEngine.Builder prepare(CommandSpec spec, List<Path> inputs) throws IOException {
    if (rulePacks.isEmpty()) {
      // Load the rule base on the second core while this one reads or collects the evidence.
      ComplianceEngine.preloadBuiltInRules();
    }
    List<Path> all = new ArrayList<>(inputs);
    if (!ComplianceEngine.builtInProfiles().contains(benchmark)) {
      all.add(Path.of(benchmark));
    }
    all.addAll(rulePacks);
    Output.refuseToOverwriteInputs(spec, output, all);
    return RuleSelection.builder(spec, benchmark, rulePacks).ruleTimeout(ruleTimeout.timeout);
  }

  /** Evaluates the bundles, writes the report, and returns the exit code. */
  int evaluate(CommandSpec spec, ComplianceEngine.Builder builder, List<FactBundle> bundles)
      throws IOException {
    Report report = builder.build().evaluate(bundles);
    ByteArrayOutputStream rendered = new ByteArrayOutputStream();
    if (format == Format.json) {
      report.writeJson(rendered);
    } else {
      boolean colour = color == Color.always || (color == Color.auto
          && Output.isStandardOutput(output) && System.console() != null
          && System.getenv("NO_COLOR") == null);
      TableReport.write(report, rendered, colour, verbose);
    }
    Output.write(spec, output, rendered.toByteArray());
    if (!Output.isStandardOutput(output)) {
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
