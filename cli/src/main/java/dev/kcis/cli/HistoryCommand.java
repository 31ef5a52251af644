package dev.kcis.cli;

import dev.kcis.history.HistoryStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kcis history}: the runs that {@code --store} recorded (docs/history.md). */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = "Lists, shows, trends and prunes the runs recorded by eval and scan --store.",
    subcommands = {HistoryListCommand.class, HistoryShowCommand.class, HistoryTrendCommand.class,
        HistoryPruneCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCode.HELP_OK, ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (a database that cannot be reached, a run it does not hold)"})
final class HistoryCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --store URL} of the history commands. */
  static final class StoreOption {
    @Option(names = "--store", paramLabel = "URL",
        description = "The history database: jdbc:sqlite:FILE, FILE.db or "
            + "jdbc:postgresql://HOST/DB (credentials in the URL or PGUSER, PGPASSWORD). "
            + "Default: $KCIS_HOME/history.db (~/.kcis).")
    String url;

    @Option(names = {"--verbose", "-v"}, description = "Stack traces of internal errors.")
    boolean verbose;

    HistoryStore open() {
      return HistoryStore.open(url);
    }
  }

  private static final Pattern AGO = Pattern.compile("(\\d{1,6})([dhw])");

  /**
   * A point in time: {@code 2026-12-01} (midnight UTC), {@code 2026-12-01T08:00:00Z}, or an age
   * ({@code 30d}, {@code 12h}, {@code 2w} ago).
   */
  static Instant time(CommandLine.Model.CommandSpec spec, String option, String text) {
    if (text == null) {
      return null;
    }
    Matcher ago = AGO.matcher(text.trim());
    if (ago.matches()) {
      long n = Long.parseLong(ago.group(1));
      long hours = switch (ago.group(2)) {
        case "h" -> n;
        case "d" -> n * 24;
        default -> n * 24 * 7;
      };
      return Instant.now().minusSeconds(hours * 3600);
    }
    try {
      return text.contains("T") ? Instant.parse(text.trim())
          : LocalDate.parse(text.trim()).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + text
          + "' is not a date (YYYY-MM-DD), a time (2026-12-01T08:00:00Z) or an age (30d, 12h, "
          + "2w)");
    }
  }
}
