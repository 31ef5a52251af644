package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.cli.internal.TableReport;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.ProfileChoice;
import dev.kcis.engine.Report;
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

  /** The --benchmark value that picks the profile from the bundles' platform and version. */
  static final String AUTO = "auto";

  @Option(names = "--benchmark", paramLabel = "PROFILE", defaultValue = AUTO,
      description = "Benchmark profile: a built-in id (kcis rules list names them), a profile YAML "
          + "file, or auto: the platform's own benchmark (EKS, GKE, AKS, k3s, RKE2, OpenShift), "
          + "else the CIS benchmark for the cluster's Kubernetes version. "
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
    return RuleSelection.builder(spec, AUTO.equals(benchmark) ? ComplianceEngine.DEFAULT_PROFILE
        : benchmark, rulePacks);
  }

  /** Evaluates the bundles, writes the report, and returns the exit code. */
  int evaluate(CommandSpec spec, ComplianceEngine.Builder builder, List<FactBundle> bundles)
      throws IOException {
    ProfileChoice choice = AUTO.equals(benchmark) ? ProfileChoice.forBundles(bundles) : null;
    if (choice != null) {
      builder.profile(choice.id());
    }
    ComplianceEngine engine = builder.build(); // a broken rule pack is the only line on stderr
    if (choice != null) {
      spec.commandLine().getErr()
          .println("kcis: benchmark " + choice.id() + ": " + choice.reason());
    }
    Report report = engine.evaluate(bundles);
    ByteArrayOutputStream rendered = new ByteArrayOutputStream();
    if (format == Format.json) {
      report.writeJson(rendered);
    } else {
      boolean colour = color == Color.always || (color == Color.auto && output == null
          && System.console() != null && System.getenv("NO_COLOR") == null);
      TableReport.write(report, rendered, colour, verbose);
    }
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
