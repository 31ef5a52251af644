package dev.kcis.cli;

import dev.kcis.history.HistoryStore;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kcis history prune}: deletes old runs. */
@Command(name = "prune", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = "Deletes stored runs, with all their rows: all but the newest N of each "
        + "cluster (--keep), or those generated before a date (--older-than), or both.")
final class HistoryPruneCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  HistoryCommand.StoreOption store;

  @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N runs of each "
      + "cluster.")
  Integer keep;

  @Option(names = "--older-than", paramLabel = "WHEN",
      description = "Delete runs generated before: 2026-06-01, 2026-06-01T00:00:00Z, or an age "
          + "(90d, 12w).")
  String olderThan;

  @Override
  public Integer call() {
    if (keep == null && olderThan == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give --keep N or --older-than WHEN (or both)");
    }
    if (keep != null && keep < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--keep: give 0 or more");
    }
    try (HistoryStore history = store.open()) {
      int pruned = history.prune(keep, HistoryCommand.time(spec, "--older-than", olderThan));
      spec.commandLine().getErr().println("kcis: pruned " + pruned + " run"
          + (pruned == 1 ? "" : "s") + " from " + history.describe());
    }
    spec.commandLine().getErr().flush();
    return ExitCode.OK;
  }
}
