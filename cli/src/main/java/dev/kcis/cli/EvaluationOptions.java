package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Framework;
import dev.kcis.engine.ProfileChoice;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.report.ReportFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What {@code kcis eval} and {@code kcis scan} share: the options that choose the benchmark, the
 * rule packs and the reports, and the evaluation itself, from bundles to written reports and an
 * exit code. A picocli mixin, so both commands show the same options in {@code --help}. Reports
 * are written by {@link ReportFormat}, the same writers a library user has.
 */
final class EvaluationOptions {

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

  @Option(names = "--format", paramLabel = "FORMAT", split = ",", defaultValue = "table",
      description = "Report formats, comma-separated: table, json, junit, sarif, html, csv, "
          + "oscal, kube-bench. Several need --output-dir. Default: ${DEFAULT-VALUE}.")
  List<String> formats = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output (- is standard output). "
          + "A regular file is replaced atomically, keeping its mode; a device or FIFO is written "
          + "to. Refused when FILE is an input or inside an input directory.")
  Path output;

  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "Write one file per format into DIR (created if needed), with fixed names: "
          + "kcis-report.txt, .json, .junit.xml, .sarif, .html, .csv, .oscal.json, "
          + ".kube-bench.json.")
  Path outputDir;

  @Option(names = "--status", paramLabel = "STATUS", split = ",",
      description = "Show only results with these statuses in every format (e.g. FAIL,WARN); "
          + "summaries and scores still count every result.")
  List<String> statuses = new ArrayList<>();

  @Option(names = "--framework", paramLabel = "FRAMEWORK",
      description = "Roll results up per requirement of a framework: nist-800-53-r5, soc2, "
          + "pci-dss-4.0, cis-controls-v8 (table, json, csv, html).")
  String framework;

  @Option(names = "--provenance", paramLabel = "KIND", split = ",",
      description = "With --framework, keep only mappings of these provenances: sourced, "
          + "transitive, derived.")
  List<String> provenances = new ArrayList<>();

  @Option(names = "--sarif-inconclusive", negatable = true, defaultValue = "true",
      fallbackValue = "true",
      description = "SARIF: report INCONCLUSIVE results as notes (default), or leave them out "
          + "with --no-sarif-inconclusive.")
  boolean sarifInconclusive;

  @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "fail",
      description = "Exit 4 when a result is at or above LEVEL: ${COMPLETION-CANDIDATES}. "
          + "Default: ${DEFAULT-VALUE}.")
  FailOn failOn;

  @Option(names = "--allow-empty",
      description = "Exit as --fail-on says even when the evidence decides no control. Without "
          + "it, a run where no result is PASS, FAIL, WARN or WAIVED (an empty bundle, a scan "
          + "that found no Kubernetes) warns on stderr and exits 5.")
  boolean allowEmpty;

  @Option(names = "--rules", paramLabel = "DIR",
      description = "A rule pack (directory of DRL files) layered over the built-in rules. Repeatable.")
  List<Path> rulePacks = new ArrayList<>();

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "Colour the table: ${COMPLETION-CANDIDATES}. auto colours only a terminal "
          + "without NO_COLOR. Default: ${DEFAULT-VALUE}.")
  Color color;

  @Mixin
  RuleTimeout ruleTimeout;

  @Option(names = {"-v", "--verbose"},
      description = "Show stack traces, every target of a finding and every result's evidence.")
  boolean verbose;

  /** The formats asked for, checked by {@link #prepare}. */
  private List<ReportFormat> chosen = List.of(ReportFormat.TABLE);
  private ReportOptions reportOptions = ReportOptions.defaults();

  /**
   * Checks the options before any evidence is read (formats and report options are valid, the
   * outputs overwrite no input: evidence, the benchmark's profile file, a rule pack; the benchmark
   * exists) and starts loading the rules meanwhile.
   *
   * @param inputs the evidence files and directories the command reads
   * @return the engine's builder, with profile and rule packs set
   */
  ComplianceEngine.Builder prepare(CommandSpec spec, List<Path> inputs) throws IOException {
    checkReportOptions(spec);
    if (rulePacks.isEmpty()) {
      // Load the rule base on the second core while this one reads or collects the evidence.
      ComplianceEngine.preloadBuiltInRules();
    }
    List<Path> all = new ArrayList<>(inputs);
    if (!AUTO.equals(benchmark) && !ComplianceEngine.builtInProfiles().contains(benchmark)) {
      all.add(Path.of(benchmark));
    }
    all.addAll(rulePacks);
    for (Path out : outputs()) {
      Output.refuseToOverwriteInputs(spec, out, all);
    }
    return RuleSelection.builder(spec, AUTO.equals(benchmark) ? ComplianceEngine.DEFAULT_PROFILE
        : benchmark, rulePacks).ruleTimeout(ruleTimeout.timeout);
  }

  /** The files the reports go to: none for standard output. */
  List<Path> outputs() {
    if (outputDir != null) {
      return chosen.stream().map(f -> outputDir.resolve(f.fileName())).toList();
    }
    return Output.isStandardOutput(output) ? List.of() : List.of(output);
  }

  private void checkReportOptions(CommandSpec spec) {
    Set<ReportFormat> formatSet = new LinkedHashSet<>();
    for (String id : formats) {
      try {
        formatSet.add(ReportFormat.byId(id.trim().toLowerCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
      }
    }
    if (formatSet.isEmpty()) {
      formatSet.add(ReportFormat.TABLE);
    }
    chosen = List.copyOf(formatSet);
    if (output != null && outputDir != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give --output FILE for one format or --output-dir DIR, not both");
    }
    if (chosen.size() > 1 && outputDir == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format "
          + chosen.stream().map(ReportFormat::id).collect(Collectors.joining(","))
          + " writes several files: give --output-dir DIR");
    }
    if (outputDir != null) {
      checkOutputDir(spec);
    }
    Set<Status> shown = EnumSet.noneOf(Status.class);
    for (String s : statuses) {
      try {
        shown.add(Status.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--status: unknown status '"
            + s + "'; known: " + java.util.Arrays.stream(Status.values()).map(Status::name)
                .collect(Collectors.joining(", ")));
      }
    }
    ReportOptions.Builder options = ReportOptions.builder().statuses(shown)
        .inconclusiveAsNotes(sarifInconclusive).verbose(verbose);
    try {
      if (framework != null) {
        options.framework(Framework.byId(framework.trim().toLowerCase(Locale.ROOT)));
      }
      options.provenances(provenances.stream().map(p -> p.trim().toLowerCase(Locale.ROOT))
          .toList());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), (framework != null
          && e.getMessage().contains("framework") ? "--framework: " : "--provenance: ")
          + e.getMessage());
    }
    if (!provenances.isEmpty() && framework == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--provenance filters a framework view: give --framework too");
    }
    boolean colour = color == Color.always || (color == Color.auto && outputDir == null
        && Output.isStandardOutput(output) && System.console() != null
        && System.getenv("NO_COLOR") == null);
    reportOptions = options.colour(colour).build();
  }

  /** A usage error, before any work, when the output directory cannot be made or written. */
  private void checkOutputDir(CommandSpec spec) {
    if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--output-dir " + outputDir + " is not a directory");
    }
    Path existing = outputDir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--output-dir " + outputDir
          + " cannot be written" + (existing == null ? "" : " (" + existing + " is "
              + (Files.isDirectory(existing) ? "not writable" : "not a directory") + ")"));
    }
  }

  /** Evaluates the bundles, writes the reports, and returns the exit code. */
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
    if (outputDir != null) {
      try {
        Files.createDirectories(outputDir);
      } catch (IOException e) {
        throw new Output.WriteFailure(outputDir.toString(), e);
      }
    }
    for (ReportFormat format : chosen) {
      ByteArrayOutputStream rendered = new ByteArrayOutputStream();
      format.write(report, reportOptions, rendered);
      Path target = outputDir != null ? outputDir.resolve(format.fileName()) : output;
      Output.write(spec, target, rendered.toByteArray());
      if (!Output.isStandardOutput(target)) {
        spec.commandLine().getErr().println("kcis: wrote " + format.id() + " report to " + target
            + ": " + summaryLine(report));
      }
    }
    if (nothingDecided(report)) {
      // A CI gate over the wrong bundle, or a scan of a machine without Kubernetes, would
      // otherwise pass green with every control INCONCLUSIVE.
      spec.commandLine().getErr().println("kcis: warning: nothing was evaluated: the evidence "
          + "decided no control (" + summaryLine(report) + "); are these the bundles, --root, "
          + "--cluster or --manifests meant?" + (allowEmpty ? "" : " (exit "
          + ExitCode.NOTHING_EVALUATED + "; --allow-empty accepts it)"));
      if (!allowEmpty) {
        spec.commandLine().getErr().flush();
        return ExitCode.NOTHING_EVALUATED;
      }
    }
    spec.commandLine().getErr().flush();
    if (failOn.threshold != null && report.worstStatus().atLeast(failOn.threshold)) {
      return ExitCode.FINDINGS;
    }
    return ExitCode.OK;
  }

  /** True when no result is decided: none is PASS, FAIL, WARN or WAIVED. */
  static boolean nothingDecided(Report report) {
    return report.results().stream().map(Result::status).noneMatch(s -> s == Status.PASS
        || s == Status.FAIL || s == Status.WARN || s == Status.WAIVED);
  }

  static String summaryLine(Report report) {
    Map<Status, Integer> counts = report.summary().controls();
    return report.controls().size() + " controls: " + counts.entrySet().stream()
        .filter(e -> e.getValue() > 0).map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }
}
