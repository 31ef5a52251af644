package dev.kcis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kcis.engine.Status;
import dev.kcis.history.HistoryStore;
import dev.kcis.history.StoredRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kcis history list}: the stored runs, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = "Lists stored runs, newest first: id, time, cluster, benchmark, control "
        + "counts and score.")
final class HistoryListCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  HistoryCommand.StoreOption store;

  @Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster's runs.")
  String cluster;

  @Option(names = "--since", paramLabel = "WHEN",
      description = "Only runs generated since: 2026-12-01, 2026-12-01T08:00:00Z, or 7d ago.")
  String since;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "At most N runs (0 for all). Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() throws Exception {
    boolean json = HistoryShowCommand.tableOrJson(spec, format);
    if (limit < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit: give 0 or more");
    }
    List<StoredRun> runs;
    try (HistoryStore history = store.open()) {
      runs = history.list(cluster, HistoryCommand.time(spec, "--since", since), limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      runs.forEach(r -> rows.add(json(r)));
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(rows));
    } else {
      out.println(String.format("%-6s %-20s %-20s %-12s %6s %5s %5s %5s %5s %7s", "RUN",
          "GENERATED", "CLUSTER", "BENCHMARK", "SCORE", "PASS", "FAIL", "WARN", "INC",
          "WAIVED"));
      for (StoredRun r : runs) {
        out.println(String.format("%-6d %-20s %-20s %-12s %6s %5d %5d %5d %5d %7d", r.id(),
            r.generatedAt().toString().replaceAll("\\.\\d+Z$", "Z"),
            Kcis.oneLine(r.cluster() == null ? "-" : r.cluster()), r.benchmark(),
            HistoryShowCommand.percent(r.scorePercent()), r.controls(Status.PASS),
            r.controls(Status.FAIL), r.controls(Status.WARN), r.controls(Status.INCONCLUSIVE),
            r.controls(Status.WAIVED)));
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  static Map<String, Object> json(StoredRun r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", r.id());
    row.put("generatedAt", r.generatedAt().toString());
    row.put("storedAt", r.storedAt().toString());
    row.put("cluster", r.cluster());
    row.put("benchmark", r.benchmark());
    row.put("kcisVersion", r.kcisVersion());
    Map<String, Integer> controls = new LinkedHashMap<>();
    for (Status s : Status.values()) {
      controls.put(s.name(), r.controls(s));
    }
    row.put("controls", controls);
    row.put("results", r.results());
    row.put("score", r.scorePercent());
    row.put("worstStatus", r.worstStatus().name());
    row.put("waivers", r.waivers());
    return row;
  }
}
