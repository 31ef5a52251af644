package dev.kcis.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.kcis.cli.internal.ExitGuard;
import dev.kcis.cli.internal.Output;
import dev.kcis.cli.internal.PrintableWriter;
import dev.kcis.cli.internal.Progress;
import dev.kcis.cli.internal.StandardStream;
import dev.kcis.core.KcisException;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.SafeText;
import dev.kcis.engine.ComplianceEngine;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code kcis} command: evaluates Kubernetes evidence against the CIS Kubernetes Benchmark. */
@Command(
    name = "kcis",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = "Evaluates Kubernetes clusters against the CIS Kubernetes Benchmark, with rules as "
        + "data on Drools.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCode.HELP_OK, ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (bundle, profile, rules, waivers, node root, manifest, a cluster or "
            + "history database that cannot be reached)", ExitCode.HELP_FINDINGS,
        ExitCode.HELP_NOTHING_EVALUATED})
public final class Kcis implements Runnable {

  /** The sub-commands, in the order usage lists them. */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Whether progress may be drawn on standard error: it is this process's, and a terminal. */
  private boolean progressOnStderr;

  /** Standard input, for {@code kcis eval -}. */
  private InputStream in;

  /** What the command reads, for a message when memory runs out. */
  private List<String> inputs = List.of();

  public static void main(String[] args) {
    // A background thread (the rule loader) that runs out of memory leaves the report of it to
    // the main thread, which fails with it: one line, not a stack trace per thread.
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      if (!outOfMemory(e)) {
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace();
      }
    });
    ExitGuard.install(Thread.currentThread()); // a rule pack's System.exit does not end kcis
    ExitGuard.exit(run(args, System.in, StandardStream.of(FileDescriptor.out),
        StandardStream.of(FileDescriptor.err), true));
  }

  /** Runs kcis with the given streams; returns the exit code. Tests call this. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, InputStream.nullInputStream(), out, err, false);
  }

  /** The same, with standard input. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, false);
  }

  private static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
      boolean processStreams) {
    Kcis kcis = new Kcis();
    kcis.in = in;
    kcis.progressOnStderr = processStreams && Progress.stderrIsTerminal();
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
    // Whatever a message quotes (a file or node name), no control character reaches a terminal.
    cli.setErr(new PrintableWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8)));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean verbose = verbose(parseResult);
      PrintWriter w = commandLine.getErr();
      if (outOfMemory(e)) {
        return kcis.outOfMemory(w, e, verbose);
      }
      if (e instanceof KcisException || e instanceof Output.WriteFailure) {
        String hint = causedBy(e, InputFiles.TooLargeException.class) != null
            ? " (raise it with --max-input-size)" : "";
        w.println("kcis: " + oneLine(e.getMessage()) + hint);
        if (verbose) {
          printStackTrace(e, w);
        }
        w.flush();
        return e instanceof KcisException ? ExitCode.INVALID_INPUT : ExitCode.INTERNAL;
      }
      w.println("kcis: internal error: " + oneLine(String.valueOf(e.getMessage()))
          + (verbose ? "" : " (run with --verbose for details)"));
      if (verbose) {
        printStackTrace(e, w);
      }
      w.flush();
      return ExitCode.INTERNAL;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      PrintWriter w = e.getCommandLine().getErr();
      w.println("kcis: " + oneLine(e.getMessage()));
      w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      w.flush();
      return ExitCode.USAGE;
    });
    int exit;
    try {
      exit = cli.execute(args);
    } catch (Error e) {
      if (!outOfMemory(e)) {
        throw e;
      }
      exit = kcis.outOfMemory(cli.getErr(), e, Arrays.asList(args).contains("--verbose")
          || Arrays.asList(args).contains("-v"));
    }
    return checkStreams(exit, cli, out, err);
  }

  /**
   * Exit 1 when standard output or error could not be written (a full disk, a closed pipe): a
   * report that was lost is never a success.
   */
  private static int checkStreams(int exit, CommandLine cli, PrintStream out, PrintStream err) {
    cli.getOut().flush();
    cli.getErr().flush();
    String outFailure = StandardStream.failure(out);
    if (outFailure != null) {
      err.println("kcis: cannot write standard output: " + outFailure);
      err.flush();
      return ExitCode.INTERNAL;
    }
    return StandardStream.failure(err) != null ? ExitCode.INTERNAL : exit;
  }

  /** Tells what ran out of memory, and how to give kcis more, in one line. */
  private int outOfMemory(PrintWriter w, Throwable e, boolean verbose) {
    long heap = maxHeap();
    w.println("kcis: out of memory (Java heap of " + InputFiles.describe(heap) + ")"
        + (inputs.isEmpty() ? "" : " with " + String.join(", ", inputs))
        + ": give Java more heap, e.g. KCIS_JAVA_OPTS=-Xmx" + moreHeapGiB()
        + "g, or refuse such input "
        + "up front with a lower --max-input-size" + (verbose ? "" : " (--verbose for details)"));
    if (verbose) {
      e.printStackTrace(w);
    }
    w.flush();
    return ExitCode.INTERNAL;
  }

  /** Twice the heap in GiB, at least 2: the heap to suggest when it ran out. */
  static long moreHeapGiB() {
    return Math.max(2, 2 * ((maxHeap() + (1L << 30) - 1) >> 30));
  }

  /** The heap limit as -Xmx set it (Runtime.maxMemory() leaves a survivor space out). */
  static long maxHeap() {
    try {
      return Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .getVMOption("MaxHeapSize").getValue());
    } catch (RuntimeException | LinkageError e) {
      return Runtime.getRuntime().maxMemory();
    }
  }

  /**
   * Whether {@code e} comes from running out of memory, here or in a class initializer another
   * thread ran (which Java reports by name only).
   */
  private static boolean outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError || (t instanceof LinkageError
          && String.valueOf(t.getMessage()).contains("OutOfMemoryError"))) {
        return true;
      }
    }
    return false;
  }

  private static Throwable causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    for (Class<?> c : List.of(CollectCommand.class, EvalCommand.class, ScanCommand.class,
        DiffCommand.class, HistoryCommand.class, FixCommand.class, RulesCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class)) {
      commands.put(c.getAnnotation(Command.class).name(), c);
    }
    return commands;
  }

  boolean progressOnStderr() {
    return progressOnStderr;
  }

  InputStream in() {
    return in;
  }

  /** Names what the command reads (files, node roots, the cluster) for an out-of-memory message. */
  void reading(List<String> inputs) {
    this.inputs = List.copyOf(inputs);
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

  /**
   * An error message as one printable line: whatever a file or an argument put in it, control
   * characters (ESC, BEL...) reach the terminal escaped ({@code \\u001b}), never raw.
   */
  static String oneLine(String message) {
    return SafeText.printable(message);
  }

  /** A stack trace (--verbose) with the control characters of its messages escaped. */
  private static void printStackTrace(Throwable e, PrintWriter w) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    w.print(SafeText.escapeControls(trace.toString()));
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
