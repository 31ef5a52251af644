package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Framework;
import dev.kcis.engine.InputDigest;
import dev.kcis.engine.ProfileChoice;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Score;
import dev.kcis.engine.Scores;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.engine.Waivers;
import dev.kcis.history.HistoryException;
import dev.kcis.history.HistoryStore;
import dev.kcis.history.RunInfo;
import dev.kcis.history.TrendPoint;
import dev.kcis.history.internal.TrendChart;
import dev.kcis.report.ReportFormat;
import dev.kcis.report.internal.HtmlReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
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

  /** What --fail-on may add to its level: waivers that no longer or never applied. */
  static final String EXPIRED_WAIVER = "expired-waiver";
  static final String UNUSED_WAIVER = "unused-waiver";

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

  @Option(names = "--fail-on", paramLabel = "LEVEL", split = ",", defaultValue = "fail",
      description = "Exit 4 when a result is at or above LEVEL: fail, warn, inconclusive, never; "
          + "add expired-waiver (or unused-waiver) to fail also when a waiver has expired "
          + "(matched nothing), e.g. fail,expired-waiver. Default: ${DEFAULT-VALUE}.")
  List<String> failOnValues = new ArrayList<>();

  @Option(names = "--store", paramLabel = "URL", arity = "0..1",
      parameterConsumer = StoreUrl.class,
      description = "Record the run in the history store (docs/history.md): without URL the "
          + "SQLite database $KCIS_HOME/history.db (~/.kcis); jdbc:sqlite:FILE, FILE.db, or "
          + "jdbc:postgresql://HOST/DB (credentials in the URL or PGUSER, PGPASSWORD). The "
          + "reports are written first.")
  String store;

  /**
   * {@code --store} takes the next argument only when it is a database (jdbc:..., *.db), so that
   * {@code kcis eval --store bundle.json} stores into the default database.
   */
  static final class StoreUrl implements CommandLine.IParameterConsumer {
    @Override
    public void consumeParameters(java.util.Stack<String> args,
        CommandLine.Model.ArgSpec argSpec, CommandLine.Model.CommandSpec commandSpec) {
      String next = args.isEmpty() ? null : args.peek();
      boolean url = next != null && (next.startsWith("jdbc:") || next.endsWith(".db")
          || next.endsWith(".sqlite"));
      argSpec.setValue(url ? args.pop() : "");
    }
  }

  @Option(names = "--waivers", paramLabel = "FILE",
      description = "A waiver file (kind: Waivers, docs/waivers.md): failures accepted by an "
          + "owner until a date become WAIVED. Repeatable.")
  List<Path> waiverFiles = new ArrayList<>();

  /** The level --fail-on gives, and whether expired or unused waivers fail too. */
  private FailOn failOn = FailOn.fail;
  private boolean failOnExpiredWaiver;
  private boolean failOnUnusedWaiver;

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

  @Option(names = "--strict",
      description = "Judge the values in effect as well as each recommendation's pass condition "
          + "as CIS writes it, and take the stricter verdict (a kubelet without "
          + "--rotate-certificates fails 4.2.10 on its default, false); platform exemptions "
          + "(4.2.7 on cloud providers) do not apply. Default: the pass condition as CIS writes "
          + "it, the evidence stating the value in effect. The report records which.")
  boolean strict;

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
    checkFailOn(spec);
    if (rulePacks.isEmpty()) {
      // Load the rule base on the second core while this one reads or collects the evidence.
      ComplianceEngine.preloadBuiltInRules();
    }
    List<Path> all = new ArrayList<>(inputs);
    if (!AUTO.equals(benchmark) && !ComplianceEngine.builtInProfiles().contains(benchmark)) {
      all.add(Path.of(benchmark));
    }
    all.addAll(rulePacks);
    all.addAll(waiverFiles);
    for (Path out : outputs()) {
      Output.refuseToOverwriteInputs(spec, out, all);
    }
    Waivers waivers = Waivers.read(waiverFiles); // a broken waiver file: one line, exit 3
    return RuleSelection.builder(spec, AUTO.equals(benchmark) ? ComplianceEngine.DEFAULT_PROFILE
        : benchmark, rulePacks).ruleTimeout(ruleTimeout.timeout).waivers(waivers)
        .strict(strict);
  }

  private void checkFailOn(CommandSpec spec) {
    FailOn level = null;
    for (String value : failOnValues) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.equals(EXPIRED_WAIVER)) {
        failOnExpiredWaiver = true;
      } else if (v.equals(UNUSED_WAIVER)) {
        failOnUnusedWaiver = true;
      } else {
        FailOn given;
        try {
          given = FailOn.valueOf(v);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--fail-on: unknown "
              + "value '" + value + "'; known: fail, warn, inconclusive, never, "
              + EXPIRED_WAIVER + ", " + UNUSED_WAIVER);
        }
        if (level != null && level != given) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--fail-on: give one "
              + "level of fail, warn, inconclusive, never (not " + level + " and " + given + ")");
        }
        level = given;
      }
    }
    failOn = level == null ? FailOn.fail : level;
  }

  /**
   * With {@code eval --each}: the base name of each cluster's reports in {@code --output-dir}
   * ({@link FleetEvaluation}); null for one evaluation.
   */
  List<String> fleetNames;

  /** The files the reports go to: none for standard output. */
  List<Path> outputs() {
    if (fleetNames != null) {
      return fleetNames.stream().flatMap(name -> chosen.stream()
          .map(f -> fleetReport(name, f))).toList();
    }
    if (outputDir != null) {
      return chosen.stream().map(f -> outputDir.resolve(f.fileName())).toList();
    }
    return Output.isStandardOutput(output) ? List.of() : List.of(output);
  }

  /** Where {@code eval --each} writes the report of the cluster {@code name} in {@code format}. */
  Path fleetReport(String name, ReportFormat format) {
    return outputDir.resolve(name + "." + format.fileName());
  }

  /** The formats asked for, checked by {@link #prepare}. */
  List<ReportFormat> formats() {
    return chosen;
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
    return evaluate(spec, builder, bundles, List.of(), Map.of());
  }

  /**
   * Evaluates the bundles, records the digests of the bundles read in the report, attaches each
   * result's fix (docs/fix.md; a node's files are read only below its root in {@code nodeRoots}),
   * writes the reports, and returns the exit code.
   */
  int evaluate(CommandSpec spec, ComplianceEngine.Builder builder, List<FactBundle> bundles,
      List<InputDigest> bundleDigests, Map<String, Path> nodeRoots) throws IOException {
    ProfileChoice choice = AUTO.equals(benchmark) ? ProfileChoice.forBundles(bundles) : null;
    if (choice != null) {
      builder.profile(choice.id());
    }
    ComplianceEngine engine = builder.build(); // a broken rule pack is the only line on stderr
    engine.notices().forEach(n -> spec.commandLine().getErr().println("kcis: " + n));
    if (choice != null) {
      spec.commandLine().getErr()
          .println("kcis: benchmark " + choice.id() + ": " + choice.reason());
    }
    Report report = dev.kcis.fix.Fixes.of(engine).withNodes(bundles, nodeRoots)
        .attach(engine.evaluate(bundles).withDigests(bundleDigests));
    if (outputDir != null) {
      try {
        Files.createDirectories(outputDir);
      } catch (IOException e) {
        throw new Output.WriteFailure(outputDir.toString(), e);
      }
    }
    // The store is opened first so that the HTML report can draw the cluster's trend; one that
    // cannot be opened is reported after the reports are written, which it does not stop.
    HistoryStore history = null;
    HistoryException storeFailure = null;
    if (store != null) {
      try {
        history = HistoryStore.open(store);
      } catch (HistoryException e) {
        storeFailure = e;
      }
    }
    try {
      writeReports(spec, report, history);
      if (storeFailure == null && history != null) {
        long id = history.store(report, runInfo(report, bundles));
        spec.commandLine().getErr().println("kcis: stored run " + id + " in "
            + history.describe());
      }
    } catch (HistoryException e) {
      storeFailure = e;
    } finally {
      if (history != null) {
        history.close();
      }
    }
    reportWaivers(spec, report);
    if (storeFailure != null) {
      spec.commandLine().getErr().println("kcis: " + Kcis.oneLine(storeFailure.getMessage()));
      spec.commandLine().getErr().flush();
      return ExitCode.INVALID_INPUT;
    }
    boolean outOfMemory = rulesRanOutOfMemory(report);
    if (outOfMemory) {
      // The engine keeps the results of rules that ran out of memory as INCONCLUSIVE (it never
      // lets them pass); the cause is the heap, not the evidence, and the user must hear it.
      spec.commandLine().getErr().println("kcis: warning: the rules ran out of memory (Java heap "
          + "of " + InputFiles.describe(Kcis.maxHeap()) + "): the controls they judge are "
          + "INCONCLUSIVE; give Java more heap, e.g. KCIS_JAVA_OPTS=-Xmx" + Kcis.moreHeapGiB()
          + "g");
    }
    if (nothingDecided(report)) {
      // A CI gate over the wrong bundle, or a scan of a machine without Kubernetes, would
      // otherwise pass green with every control INCONCLUSIVE.
      spec.commandLine().getErr().println("kcis: warning: nothing was evaluated: the evidence "
          + "decided no control (" + summaryLine(report) + ")" + (outOfMemory ? ""
          : "; are these the bundles, --root, --cluster or --manifests meant?") + (allowEmpty
          ? "" : " (exit " + ExitCode.NOTHING_EVALUATED + "; --allow-empty accepts it)"));
      if (!allowEmpty) {
        spec.commandLine().getErr().flush();
        return ExitCode.NOTHING_EVALUATED;
      }
    }
    spec.commandLine().getErr().flush();
    return exitCode(report);
  }

  private void writeReports(CommandSpec spec, Report report, HistoryStore history)
      throws IOException {
    for (ReportFormat format : chosen) {
      String trend = format == ReportFormat.HTML && history != null ? trend(report, history) : null;
      Path target = outputDir != null ? outputDir.resolve(format.fileName()) : output;
      Output.write(spec, target, render(format, report, trend));
      if (!Output.isStandardOutput(target)) {
        spec.commandLine().getErr().println("kcis: wrote " + format.id() + " report to " + target
            + ": " + summaryLine(report));
      }
    }
  }

  /**
   * One report in one format, as the options say.
   *
   * @param trend the HTML report's trend section ({@link #trend}), or null for none
   */
  byte[] render(ReportFormat format, Report report, String trend) throws IOException {
    ByteArrayOutputStream rendered = new ByteArrayOutputStream();
    if (format == ReportFormat.HTML && trend != null) {
      HtmlReport.write(report, reportOptions, trend, rendered);
    } else {
      format.write(report, reportOptions, rendered);
    }
    return rendered.toByteArray();
  }

  /**
   * The cluster's stored runs and this one, as the HTML report's trend section; none when the
   * store cannot be read (storing then says why), so that the report is still written.
   */
  static String trend(Report report, HistoryStore history) {
    String cluster = report.cluster() == null ? null : report.cluster().name();
    List<TrendPoint> points;
    try {
      points = new ArrayList<>(history.trend(cluster, null, null));
    } catch (HistoryException e) {
      return null;
    }
    Score now = Scores.of(report).overall();
    List<String> failing = report.controls().stream().filter(c -> c.status() == Status.FAIL
        || c.status() == Status.WARN).map(Report.ControlStatus::id).toList();
    points.add(new TrendPoint(0, report.generatedAt(), report.profile().id(), now.passed(),
        now.failed(), now.inconclusive(), now.percent(), null, failing));
    return TrendChart.section(cluster, points);
  }

  /** Each expired and unused waiver, one line on stderr. */
  private static void reportWaivers(CommandSpec spec, Report report) {
    waiverLines(report).forEach(line -> spec.commandLine().getErr().println("kcis: " + line));
  }

  /** Each expired and unused waiver, one line. */
  static List<String> waiverLines(Report report) {
    List<String> lines = new ArrayList<>();
    for (Report.WaiverUse use : report.waivers()) {
      if (use.state() != Report.WaiverUse.State.APPLIED) {
        lines.add("waiver " + use.waiver().source() + " "
            + (use.state() == Report.WaiverUse.State.EXPIRED ? "expired on "
                + use.waiver().expires() + (use.results() == 0 ? "" : ": " + use.results()
                + " result" + (use.results() == 1 ? " is" : "s are") + " no longer waived")
                : "matched no FAIL, WARN or INCONCLUSIVE result") + " ("
            + use.waiver().describe() + ")");
      }
    }
    return lines;
  }

  /** The bundles by origin and SHA-256 of their JSON, and the rule packs, for the store. */
  RunInfo runInfo(Report report, List<FactBundle> bundles) throws IOException {
    List<RunInfo.Bundle> digests = new ArrayList<>();
    for (int i = 0; i < bundles.size(); i++) {
      MessageDigest sha256;
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(),
          sha256)) {
        bundles.get(i).writeJson(out);
      }
      String origin = i < report.inputs().size() ? report.inputs().get(i) : "bundle " + i;
      digests.add(new RunInfo.Bundle(origin, HexFormat.of().formatHex(sha256.digest())));
    }
    return new RunInfo(digests, rulePacks.stream().map(Path::toString).toList());
  }

  /** 4 when a result reaches the --fail-on level, or a waiver fails what --fail-on adds. */
  int exitCode(Report report) {
    if (failOn.threshold != null && report.worstStatus().atLeast(failOn.threshold)) {
      return ExitCode.FINDINGS;
    }
    if (failOnExpiredWaiver && !report.waivers(Report.WaiverUse.State.EXPIRED).isEmpty()) {
      return ExitCode.FINDINGS;
    }
    if (failOnUnusedWaiver && !report.waivers(Report.WaiverUse.State.UNUSED).isEmpty()) {
      return ExitCode.FINDINGS;
    }
    return ExitCode.OK;
  }

  /** True when no result is decided: none is PASS, FAIL, WARN or WAIVED. */
  /**
   * True when a rule set's session ran out of memory: the engine then reports its rules'
   * controls INCONCLUSIVE with the reason "... failed: OutOfMemoryError: ...".
   */
  static boolean rulesRanOutOfMemory(Report report) {
    return report.results().stream().anyMatch(r -> r.status() == Status.INCONCLUSIVE
        && r.message() != null && r.message().contains("failed: OutOfMemoryError"));
  }

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
