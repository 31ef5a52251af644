package dev.kcis.cli;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.BundleReader;
import dev.kcis.cli.internal.Output;
import dev.kcis.cli.internal.Progress;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.InputDigest;
import dev.kcis.core.KcisException;
import dev.kcis.engine.ProfileChoice;
import dev.kcis.engine.Report;
import dev.kcis.engine.Scores;
import dev.kcis.engine.Status;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.fix.Fixes;
import dev.kcis.history.HistoryException;
import dev.kcis.history.HistoryStore;
import dev.kcis.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kcis eval --each}: evaluates the bundles of many clusters, each on its own, on a pool of
 * {@code --jobs} workers that share the rule base, writes each cluster's reports into
 * {@code --output-dir}, and prints a summary table of all clusters on standard output.
 *
 * <p>A worker reads, evaluates, writes and drops one bundle before it takes the next, and of a
 * finished cluster only its summary row is kept: memory grows with the number of workers, not
 * with the size of the fleet. A bundle that cannot be read or evaluated is a row with its one-line
 * error; the other clusters are evaluated all the same. The exit code is the most serious of the
 * clusters' ({@link #SEVERITY}).
 */
final class FleetEvaluation {

  /** The file names read in a directory given to {@code --each}. */
  static final List<String> BUNDLE_SUFFIXES = List.of(".json", ".yaml", ".yml");

  /**
   * Exit codes from the most serious down: an error of kcis or the machine, a bundle that cannot
   * be used, a cluster whose evidence decided nothing, findings, none. A fleet gate must not pass
   * (0) or only report findings (4) while a cluster went unevaluated.
   */
  static final List<Integer> SEVERITY = List.of(ExitCode.INTERNAL, ExitCode.INVALID_INPUT,
      ExitCode.NOTHING_EVALUATED, ExitCode.FINDINGS, ExitCode.OK);

  /** The statuses the summary counts controls of, in its column order. */
  private static final List<Status> COLUMNS = List.of(Status.PASS, Status.FAIL, Status.WARN,
      Status.INCONCLUSIVE, Status.MANUAL, Status.WAIVED, Status.NOT_APPLICABLE);

  /** An engine and the fixes its rules declare. */
  private record Prepared(ComplianceEngine engine, Fixes fixes) {}

  /** One cluster's line of the summary: all that is kept once its report is written. */
  record Row(String bundle, String cluster, String profile, Map<Status, Integer> controls,
      String score, Path report, int exit, String error) {}

  private final CommandSpec spec;
  private final EvaluationOptions options;
  private final ComplianceEngine.Builder builder;
  private final long maxBytes;
  private final int jobs;
  private final boolean terminal;
  /**
   * The engine of each profile, built the first time a cluster needs it: all share the compiled
   * built-in rules (rule packs are compiled once per profile).
   */
  private final Map<String, Prepared> engines = new HashMap<>();
  /** Guards standard error and the progress line, which workers share. */
  private final Object errLock = new Object();
  private Progress progress;
  private HistoryStore history;
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  FleetEvaluation(CommandSpec spec, EvaluationOptions options, ComplianceEngine.Builder builder,
      long maxBytes, int jobs, boolean terminal) {
    this.spec = spec;
    this.options = options;
    this.builder = builder;
    this.maxBytes = maxBytes;
    this.jobs = jobs;
    this.terminal = terminal;
  }

  /**
   * The clusters the arguments name, each a bundle file or a directory of one cluster's bundles: a
   * file as it is; a directory as its bundle files ({@link #bundleFiles}), each a cluster, and its
   * subdirectories that hold bundle files, each a cluster of those bundles (one per node, one for
   * the API), all by name. Standard input ({@code -}) and a directory without bundles are usage
   * errors.
   */
  static List<Path> clusters(CommandSpec spec, List<Path> arguments) {
    List<Path> clusters = new ArrayList<>();
    for (Path argument : arguments) {
      if (argument.toString().equals("-")) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--each evaluates files; standard input (-) is one cluster: evaluate it without "
                + "--each");
      }
      if (!Files.isDirectory(argument)) {
        clusters.add(argument);
        continue;
      }
      List<Path> found = new ArrayList<>(bundleFiles(argument));
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(argument, Files::isDirectory)) {
        for (Path sub : dir) {
          if (!sub.getFileName().toString().startsWith(".") && !bundleFiles(sub).isEmpty()) {
            found.add(sub);
          }
        }
      } catch (IOException e) {
        throw new KcisException("cannot list " + argument + ": " + Output.reason(e), e);
      }
      if (found.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--each: the directory "
            + argument + " holds no bundle (" + String.join(", ", BUNDLE_SUFFIXES) + ") and no "
            + "directory of bundles");
      }
      found.sort(null);
      clusters.addAll(found);
    }
    return clusters;
  }

  /**
   * The regular files of {@code dir} named {@code *.json}, {@code *.yaml} or {@code *.yml}, not
   * hidden, by name.
   */
  static List<Path> bundleFiles(Path dir) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") && Files.isRegularFile(p)
            && BUNDLE_SUFFIXES.stream().anyMatch(name.toLowerCase(Locale.ROOT)::endsWith)) {
          found.add(p);
        }
      }
    } catch (IOException e) {
      throw new KcisException("cannot list " + dir + ": " + Output.reason(e), e);
    }
    found.sort(null);
    return found;
  }

  /**
   * The base name of each cluster's reports: its bundle's file name without {@code .json},
   * {@code .yaml} or {@code .yml}, or its directory's name; a name taken by an earlier bundle (compared without case, for file systems
   * that ignore it) gets {@code -2}, {@code -3}...
   */
  static List<String> reportNames(List<Path> clusters) {
    Set<String> taken = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (Path bundle : clusters) {
      Path file = bundle.getFileName();
      String base = file == null ? "" : file.toString();
      for (String suffix : BUNDLE_SUFFIXES) {
        if (base.toLowerCase(Locale.ROOT).endsWith(suffix)) {
          base = base.substring(0, base.length() - suffix.length());
          break;
        }
      }
      if (base.isEmpty() || base.startsWith(".")) {
        base = "cluster" + base;
      }
      String name = base;
      for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
        name = base + "-" + n;
      }
      names.add(name);
    }
    return names;
  }

  /**
   * Evaluates every bundle as a cluster of its own, writes the reports, prints the summary, and
   * returns the most serious exit code of the clusters.
   *
   * @param names the base name of each bundle's reports ({@link #reportNames})
   */
  int run(List<Path> bundles, List<String> names) throws IOException {
    try {
      Files.createDirectories(options.outputDir);
    } catch (IOException e) {
      throw new Output.WriteFailure(options.outputDir.toString(), e);
    }
    // A rule pack that does not compile, or an unknown profile, fails the whole run at once.
    ComplianceEngine first = engine(EvaluationOptions.AUTO.equals(options.benchmark)
        ? ComplianceEngine.DEFAULT_PROFILE : null).engine();
    first.notices().forEach(n -> spec.commandLine().getErr().println("kcis: " + n));
    HistoryException storeFailure = null;
    if (options.store != null) {
      try {
        history = HistoryStore.open(options.store);
      } catch (HistoryException e) {
        storeFailure = e;
      }
    }
    Row[] rows = new Row[bundles.size()];
    progress = Progress.on(spec.commandLine().getErr(), terminal);
    progress.accept("evaluating " + Output.count(bundles.size(), "cluster") + ", "
        + Math.min(jobs, bundles.size()) + " at once");
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, bundles.size()),
        new WorkerThreads());
    try {
      List<Future<Row>> results = new ArrayList<>();
      for (int i = 0; i < bundles.size(); i++) {
        Path bundle = bundles.get(i);
        String name = names.get(i);
        results.add(pool.submit(() -> finish(bundle, bundles.size(), evaluate(bundle, name))));
      }
      for (int i = 0; i < rows.length; i++) {
        rows[i] = await(results.get(i));
      }
    } finally {
      pool.shutdownNow();
      synchronized (errLock) {
        progress.close();
      }
      if (history != null) {
        history.close();
      }
    }
    int exit = ExitCode.OK;
    for (Row row : rows) {
      exit = worse(exit, row.exit());
    }
    if (storeFailure != null) { // the reports are written all the same, as for one cluster
      spec.commandLine().getErr().println("kcis: " + Kcis.oneLine(storeFailure.getMessage()));
      exit = worse(exit, ExitCode.INVALID_INPUT);
    }
    spec.commandLine().getErr().flush();
    printSummary(rows, exit);
    return exit;
  }

  /** The more serious of two exit codes ({@link #SEVERITY}). */
  static int worse(int a, int b) {
    return rank(a) <= rank(b) ? a : b;
  }

  private static int rank(int exit) {
    int i = SEVERITY.indexOf(exit);
    return i < 0 ? 0 : i;
  }

  /**
   * One cluster, from its bundle (or directory of bundles) to its written reports; errors become
   * its row.
   */
  private Row evaluate(Path bundle, String name) {
    try {
      List<InputDigest> digests = new ArrayList<>();
      List<FactBundle> read = new ArrayList<>();
      for (Path file : Files.isDirectory(bundle) ? bundleFiles(bundle) : List.of(bundle)) {
        read.add(read(file, digests));
      }
      String profile = EvaluationOptions.AUTO.equals(options.benchmark)
          ? ProfileChoice.forBundles(read).id() : null;
      Prepared prepared = engine(profile);
      Report report = prepared.fixes().withNodes(read, Map.of())
          .attach(prepared.engine().evaluate(read).withDigests(digests));
      return write(bundle, name, read, report);
    } catch (KcisException e) {
      return failure(bundle, ExitCode.INVALID_INPUT, Kcis.oneLine(e.getMessage())
          + (causedBy(e, InputFiles.TooLargeException.class) ? " (raise it with "
              + "--max-input-size)" : ""), e);
    } catch (Output.WriteFailure e) {
      return failure(bundle, ExitCode.INTERNAL, Kcis.oneLine(e.getMessage()), e);
    } catch (IOException | RuntimeException e) {
      return failure(bundle, ExitCode.INTERNAL, "internal error: "
          + Kcis.oneLine(String.valueOf(e.getMessage())), e);
    } catch (OutOfMemoryError e) {
      // What the worker held is unreachable by now; the other workers go on.
      return failure(bundle, ExitCode.INTERNAL, "out of memory (Java heap of "
          + InputFiles.describe(Runtime.getRuntime().maxMemory()) + "): give Java more heap "
          + "(KCIS_JAVA_OPTS=-Xmx...) or run fewer clusters at once (--jobs)", e);
    }
  }

  private FactBundle read(Path bundle, List<InputDigest> digests) {
    try {
      return BundleReader.read(bundle, maxBytes,
          sha256 -> digests.add(new InputDigest(InputDigest.BUNDLE, bundle.toString(), sha256)));
    } catch (BundleException e) {
      if (e.getCause() instanceof InputFiles.NotRegularFileException n
          && n.type().equals("fifo")) {
        throw new BundleException(e.file(), e.place(), e.problem() + "; --each reads regular "
            + "files only", e);
      }
      throw e;
    }
  }

  /** Writes the cluster's reports, stores its run, and makes its row. */
  private Row write(Path bundle, String name, List<FactBundle> read, Report report)
      throws IOException {
    Path first = null;
    for (ReportFormat format : options.formats()) {
      String trend = null;
      if (format == ReportFormat.HTML && history != null) {
        synchronized (history) { // a store is used by one thread at a time
          trend = EvaluationOptions.trend(report, history);
        }
      }
      Path target = options.fleetReport(name, format);
      Output.write(spec, target, options.render(format, report, trend));
      first = first == null ? target : first;
    }
    List<String> warnings = new ArrayList<>();
    int exit = options.exitCode(report);
    if (history != null) {
      try {
        long id;
        synchronized (history) {
          id = history.store(report, options.runInfo(report, read));
        }
        if (!terminal) {
          warnings.add("stored run " + id + " in " + history.describe());
        }
      } catch (HistoryException e) {
        warnings.add(Kcis.oneLine(e.getMessage()));
        exit = ExitCode.INVALID_INPUT;
      }
    }
    EvaluationOptions.waiverLines(report).forEach(warnings::add);
    if (EvaluationOptions.rulesRanOutOfMemory(report)) {
      warnings.add("warning: the rules ran out of memory: the controls they judge are "
          + "INCONCLUSIVE; give Java more heap (KCIS_JAVA_OPTS=-Xmx" + Kcis.moreHeapGiB()
          + "g) or fewer --jobs");
    }
    if (exit != ExitCode.INVALID_INPUT && EvaluationOptions.nothingDecided(report)) {
      warnings.add("warning: nothing was evaluated: the evidence decided no control; is this "
          + "the bundle meant?" + (options.allowEmpty ? "" : " (exit "
          + ExitCode.NOTHING_EVALUATED + "; --allow-empty accepts it)"));
      if (!options.allowEmpty) {
        exit = ExitCode.NOTHING_EVALUATED;
      }
    }
    if (!warnings.isEmpty()) {
      synchronized (errLock) {
        progress.close();
        warnings.forEach(w -> spec.commandLine().getErr().println("kcis: " + bundle + ": " + w));
      }
    }
    String cluster = report.cluster() != null && report.cluster().name() != null
        ? report.cluster().name() : name;
    return new Row(bundle.toString(), cluster, report.profile().id(),
        report.summary().controls(), Scores.of(report).overall().formatted(), first, exit, null);
  }

  private Row failure(Path bundle, int exit, String message, Throwable e) {
    failed.incrementAndGet();
    if (options.verbose) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      synchronized (errLock) {
        progress.close();
        spec.commandLine().getErr().print(
            dev.kcis.core.internal.SafeText.escapeControls(trace.toString()));
      }
    }
    return new Row(bundle.toString(), null, null, Map.of(), null, null, exit, message);
  }

  /**
   * Tells that a cluster is done: on a terminal, the progress line (and errors above it); else one
   * line per cluster, so that a CI log shows a long fleet advancing.
   */
  private Row finish(Path bundle, int total, Row row) {
    int done = finished.incrementAndGet();
    synchronized (errLock) {
      PrintWriter err = spec.commandLine().getErr();
      if (terminal) {
        if (row.error() != null) {
          progress.close();
          err.println("kcis: " + row.error());
        }
        progress.accept("evaluated " + done + " of " + total + " clusters"
            + (failed.get() == 0 ? "" : " (" + failed.get() + " not evaluated)"));
      } else {
        err.println("kcis: [" + done + "/" + total + "] " + (row.error() != null ? row.error()
            : bundle + ": cluster " + row.cluster() + ", " + row.profile() + ", "
                + counts(row.controls()) + ", score " + row.score() + "; wrote " + row.report()
                + (options.formats().size() > 1 ? " and " + (options.formats().size() - 1)
                    + " more" : "")));
      }
      err.flush();
    }
    return row;
  }

  /** The engine for {@code profile} (null: the builder's), built the first time it is asked. */
  private Prepared engine(String profile) {
    synchronized (engines) { // the builder is not thread-safe; the engines it builds are
      return engines.computeIfAbsent(profile == null ? "" : profile, key -> {
        if (profile != null) {
          builder.profile(profile);
        }
        ComplianceEngine engine = builder.build();
        return new Prepared(engine, Fixes.of(engine));
      });
    }
  }

  private static Row await(Future<Row> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      // evaluate() turns every failure into a row; only an Error other than memory comes here.
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The summary table on standard output: one row per cluster, in the order given. */
  private void printSummary(Row[] rows, int exit) {
    List<String[]> table = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("CLUSTER", "PROFILE"));
    COLUMNS.forEach(s -> header.add(s == Status.NOT_APPLICABLE ? "N/A" : s.name()));
    header.addAll(List.of("SCORE", "EXIT", "REPORT"));
    table.add(header.toArray(String[]::new));
    for (Row row : rows) {
      List<String> cells = new ArrayList<>();
      if (row.error() != null) {
        cells.add(row.bundle());
        cells.add("-");
        COLUMNS.forEach(s -> cells.add("-"));
        cells.addAll(List.of("-", String.valueOf(row.exit()), "error: " + row.error()));
      } else {
        cells.add(row.cluster());
        cells.add(row.profile());
        COLUMNS.forEach(s -> cells.add(String.valueOf(row.controls().getOrDefault(s, 0))));
        cells.addAll(List.of(row.score(), String.valueOf(row.exit()), row.report().toString()));
      }
      table.add(cells.stream().map(Kcis::oneLine).toArray(String[]::new));
    }
    int[] widths = new int[header.size()];
    for (String[] cells : table) {
      for (int c = 0; c < cells.length - 1; c++) {
        widths[c] = Math.max(widths[c], cells[c].length());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String[] cells : table) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < cells.length; c++) {
        boolean number = c >= 2 && c < 2 + COLUMNS.size() + 2;
        String cell = cells[c];
        if (c == cells.length - 1) {
          line.append(cell);
        } else if (number) {
          line.append(" ".repeat(widths[c] - cell.length())).append(cell).append("  ");
        } else {
          line.append(cell).append(" ".repeat(widths[c] - cell.length())).append("  ");
        }
      }
      out.println(line.toString().stripTrailing());
    }
    long errors = java.util.Arrays.stream(rows).filter(r -> r.error() != null).count();
    out.println();
    out.println(Output.count(rows.length, "cluster") + " (controls per status), "
        + (rows.length - errors) + " evaluated" + (errors == 0 ? "" : ", " + errors
        + " not evaluated") + "; exit " + exit + "; reports in " + options.outputDir);
    out.flush();
  }

  private static String counts(Map<Status, Integer> controls) {
    int total = controls.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder s = new StringBuilder(total + " controls");
    String sep = ": ";
    for (Status status : COLUMNS) {
      int n = controls.getOrDefault(status, 0);
      if (n > 0) {
        s.append(sep).append(n).append(' ').append(status);
        sep = ", ";
      }
    }
    return s.toString();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Daemon worker threads named for a thread dump. */
  private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "kcis-eval-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
