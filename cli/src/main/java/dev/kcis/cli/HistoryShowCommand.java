package dev.kcis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.history.HistoryException;
import dev.kcis.history.HistoryStore;
import dev.kcis.history.StoredRun;
import dev.kcis.report.ReportFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kcis history show RUN}: a stored run and its report. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = "Shows a stored run: what was evaluated, when, and its report in any report "
        + "format.")
final class HistoryShowCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  HistoryCommand.StoreOption store;

  @Parameters(paramLabel = "RUN", description = "The run id (kcis history list).")
  long run;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "A report format: table, json, junit, sarif, html, csv, oscal, kube-bench. "
          + "Default: ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() throws Exception {
    ReportFormat chosen;
    try {
      chosen = ReportFormat.byId(format.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
    }
    StoredRun stored;
    Report report;
    try (HistoryStore history = store.open()) {
      stored = history.run(run).orElseThrow(() -> new HistoryException("run " + run
          + ": no such run in " + history.describe() + " (kcis history list names them)"));
      report = history.report(run);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (chosen == ReportFormat.TABLE) {
      out.println("Run " + stored.id() + ": " + Kcis.oneLine(stored.cluster() == null
          ? "cluster unnamed" : "cluster " + stored.cluster()) + ", " + stored.benchmark()
          + ", generated " + stored.generatedAt() + ", stored " + stored.storedAt() + " by kcis "
          + stored.kcisVersion());
      out.println();
    }
    ByteArrayOutputStream rendered = new ByteArrayOutputStream();
    chosen.write(report, ReportOptions.defaults(), rendered);
    out.print(rendered.toString(StandardCharsets.UTF_8));
    out.flush();
    return ExitCode.OK;
  }

  /** Whether --format asks for json (else table); any other value is a usage error. */
  static boolean tableOrJson(CommandLine.Model.CommandSpec spec, String format) {
    String f = format.trim().toLowerCase(Locale.ROOT);
    if (!f.equals("table") && !f.equals("json")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format: unknown format '"
          + format + "'; known: table, json");
    }
    return f.equals("json");
  }

  static String percent(Double p) {
    return p == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", p);
  }

  static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
