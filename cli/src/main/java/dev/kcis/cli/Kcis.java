package dev.kcis.cli;

import dev.kcis.cli.internal.ExitGuard;
import dev.kcis.cli.internal.Progress;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.KcisException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kcis} command: evaluates Kubernetes evidence against the CIS Kubernetes Benchmark. */
@Command(
    name = "kcis",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = "Evaluates Kubernetes clusters against the CIS Kubernetes Benchmark, with rules as "
        + "data on Drools.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCode.HELP_OK, ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (bundle, profile, rules, node root, manifest, a cluster that cannot be "
            + "reached)", ExitCode.HELP_FINDINGS})
public final class Kcis implements Runnable {

  /** The sub-commands, in the order usage lists them. */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Whether progress may be drawn on standard error: it is this process's, and a terminal. */
  private boolean progressOnStderr;

  public static void main(String[] args) {
    ExitGuard.install(Thread.currentThread()); // a rule pack's System.exit does not end kcis
    ExitGuard.exit(run(args, System.out, System.err));
  }

  /** Runs kcis with the given streams; returns the exit code. Tests call this. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Kcis kcis = new Kcis();
    kcis.progressOnStderr = err == System.err && Progress.stderrIsTerminal();
    CommandLine cli = new CommandLine(kcis);
    // picocli builds a command's model by reflection, a quarter of a second for all of them: build
    // only the sub-command asked for, and all of them for usage, help and a mistyped name.
    Class<?> asked = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
    if (asked != null) {
      cli.addSubcommand(asked);
    } else {
      SUBCOMMANDS.values().forEach(cli::addSubcommand);
    }
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean verbose = verbose(parseResult);
      PrintWriter w = commandLine.getErr();
      if (e instanceof KcisException) {
        w.println("kcis: " + oneLine(e.getMessage()));
        if (verbose) {
          e.printStackTrace(w);
        }
        w.flush();
        return ExitCode.INVALID_INPUT;
      }
      w.println("kcis: internal error: " + oneLine(String.valueOf(e.getMessage()))
          + (verbose ? "" : " (run with --verbose for details)"));
      if (verbose) {
        e.printStackTrace(w);
      }
      w.flush();
      return ExitCode.INTERNAL;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      PrintWriter w = e.getCommandLine().getErr();
      w.println("kcis: " + e.getMessage());
      w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      w.flush();
      return ExitCode.USAGE;
    });
    return cli.execute(args);
  }

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    for (Class<?> c : List.of(CollectCommand.class, EvalCommand.class, ScanCommand.class,
        RulesCommand.class, CommandLine.HelpCommand.class)) {
      commands.put(c.getAnnotation(Command.class).name(), c);
    }
    return commands;
  }

  boolean progressOnStderr() {
    return progressOnStderr;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Whether --verbose was given to the command or any sub-command (kcis collect node -v). */
  private static boolean verbose(CommandLine.ParseResult parsed) {
    return parsed.hasMatchedOption("--verbose")
        || parsed.subcommands().stream().anyMatch(Kcis::verbose);
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  /** Prints the kcis version and the benchmark profiles it carries. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kcis " + ComplianceEngine.version(),
          "profiles: " + String.join(", ", ComplianceEngine.builtInProfiles()),
          "Java " + System.getProperty("java.version")};
    }
  }
}
