package dev.kcis.cli;

import dev.kcis.cli.internal.Output;
import dev.kcis.core.KcisException;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.Report;
import dev.kcis.history.HistoryStore;
import dev.kcis.report.ReportDiff;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code kcis diff OLD NEW}: what changed between two reports of a cluster. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Compares two reports of a cluster (JSON reports of --format json, or runs stored with "
            + "--store) and lists new failures, "
            + "fixed, still failing, changed evidence, targets added and removed, and controls "
            + "whose status changed.",
        "Reports of different benchmarks are compared by rule and target."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no failure in NEW that OLD did not have", ExitCode.HELP_INTERNAL,
        ExitCode.HELP_USAGE, "3:invalid input (a report that cannot be read)",
        "4:NEW has a failure (FAIL or WARN) that OLD did not have"})
final class DiffCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OLD",
      description = "The earlier report: a JSON report file, or a stored run id.")
  String old;

  @Parameters(index = "1", paramLabel = "NEW",
      description = "The later report: a JSON report file, or a stored run id.")
  String now;

  @Option(names = "--store", paramLabel = "URL",
      description = "The history database run ids are read from (kcis history list); default "
          + "$KCIS_HOME/history.db.")
  String store;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, json or html. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = {"--output", "-o"}, paramLabel = "FILE",
      description = "Write the diff to FILE instead of standard output.")
  Path output;

  @Option(names = {"--verbose", "-v"}, description = "Stack traces of internal errors.")
  boolean verbose;

  @Mixin
  InputLimit limit;

  @Override
  public Integer call() throws IOException {
    ReportDiff.Format chosen;
    try {
      chosen = ReportDiff.Format.byId(format.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
    }
    if (output != null && !Output.isStandardOutput(output)) {
      List<Path> inputs = List.of(old, now).stream().filter(s -> !isRun(s)).map(Path::of)
          .toList();
      Output.refuseToOverwriteInputs(spec, output, inputs);
    }
    ReportDiff diff;
    if (isRun(old) || isRun(now)) {
      try (HistoryStore history = HistoryStore.open(store)) {
        diff = ReportDiff.of(load(old, history), load(now, history), name(old), name(now));
      }
    } else {
      diff = ReportDiff.of(load(old, null), load(now, null), old, now);
    }
    ByteArrayOutputStream rendered = new ByteArrayOutputStream();
    diff.write(chosen, rendered);
    Output.write(spec, output, rendered.toByteArray());
    if (output != null && !Output.isStandardOutput(output)) {
      spec.commandLine().getErr().println("kcis: wrote " + chosen.id() + " diff to " + output
          + ": " + dev.kcis.report.internal.DiffWriter.summary(diff));
    }
    spec.commandLine().getErr().flush();
    return diff.hasNewFailures() ? ExitCode.FINDINGS : ExitCode.OK;
  }

  /** A run id: digits that name no file. */
  private static boolean isRun(String source) {
    return source.matches("\\d{1,18}") && !Files.exists(Path.of(source));
  }

  private static String name(String source) {
    return isRun(source) ? "run " + source : source;
  }

  /** A JSON report file, or a stored run's report. */
  private Report load(String source, HistoryStore history) throws IOException {
    if (isRun(source)) {
      return history.report(Long.parseLong(source));
    }
    Path file = Path.of(source);
    byte[] bytes;
    try {
      bytes = InputFiles.read(file, limit.bytes);
    } catch (IOException e) {
      throw new KcisException(source + ": " + InputFiles.problem(e), e);
    }
    return Report.readJson(new ByteArrayInputStream(bytes), source);
  }
}
