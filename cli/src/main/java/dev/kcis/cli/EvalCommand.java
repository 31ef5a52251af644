package dev.kcis.cli;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.BundleReader;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.InputDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code kcis eval}: evaluates fact bundles and prints a report. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Evaluates fact bundles of one cluster against a CIS benchmark profile and prints a report.",
        "Several bundles (one per node, one for the API) are evaluated together.",
        "With --each, every bundle is a cluster of its own: the clusters are evaluated in "
            + "parallel, one report per cluster is written into --output-dir, and a summary "
            + "table of all clusters is printed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCode.HELP_OK, ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        ExitCode.HELP_INVALID_INPUT, ExitCode.HELP_FINDINGS, ExitCode.HELP_NOTHING_EVALUATED})
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "BUNDLE",
      description = "Fact bundle files (JSON or YAML, apiVersion kcis.dev/v1); - is standard "
          + "input. With --each, also directories: each *.json, *.yaml, *.yml file a cluster, "
          + "each subdirectory of such files one cluster of several bundles.")
  List<Path> bundles = new ArrayList<>();

  @Option(names = "--each",
      description = "Evaluate every bundle as a cluster of its own (a fleet), in parallel with "
          + "one shared rule base; needs --output-dir, where each cluster's reports are named "
          + "after its bundle or directory (prod.json: prod.kcis-report.json...). Prints a summary table of "
          + "all clusters; the exit code is the most serious of theirs (1, 3, 5, 4, 0 in that "
          + "order). --benchmark auto picks each cluster's profile.")
  boolean each;

  @Option(names = "--jobs", paramLabel = "N",
      description = "With --each, how many clusters are evaluated at once, each holding its "
          + "bundle and report in memory. Default: the number of processors Java may use.")
  Integer jobs;

  @Mixin
  EvaluationOptions evaluation;

  @Mixin
  InputLimit limit;

  @Override
  public Integer call() throws IOException {
    if (each) {
      return evaluateEach();
    }
    if (jobs != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--jobs sets how many clusters --each evaluates at once: give --each too");
    }
    List<Path> files = bundles.stream().filter(b -> !isStandardInput(b)).toList();
    ComplianceEngine.Builder builder = evaluation.prepare(spec, files);
    Kcis kcis = (Kcis) spec.root().userObject();
    kcis.reading(bundles.stream().map(b -> isStandardInput(b) ? STDIN : b.toString()).toList());
    List<FactBundle> read = new ArrayList<>();
    List<InputDigest> digests = new ArrayList<>();
    for (Path bundle : bundles) {
      String name = isStandardInput(bundle) ? STDIN : bundle.toString();
      Consumer<String> digest = sha256 -> digests.add(
          new InputDigest(InputDigest.BUNDLE, name, sha256));
      read.add(isStandardInput(bundle) ? BundleReader.read(kcis.in(), STDIN, limit.bytes, digest)
          : read(bundle, digest));
    }
    return evaluation.evaluate(spec, builder, read, digests, Map.of());
  }

  private static final String STDIN = "standard input";

  /** {@code --each}: every bundle a cluster of its own ({@link FleetEvaluation}). */
  private int evaluateEach() throws IOException {
    if (evaluation.outputDir == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--each writes one report per cluster: give --output-dir DIR");
    }
    if (evaluation.output != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--each writes one report per cluster into --output-dir; --output names one file");
    }
    int workers = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
    if (workers < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--jobs must be at least 1: " + workers);
    }
    List<Path> clusters = FleetEvaluation.clusters(spec, bundles);
    List<String> names = FleetEvaluation.reportNames(clusters);
    evaluation.fleetNames = names; // prepare() refuses reports that would overwrite an input
    ComplianceEngine.Builder builder = evaluation.prepare(spec, bundles);
    Kcis kcis = (Kcis) spec.root().userObject();
    kcis.reading(List.of(clusters.size() + " clusters, " + workers + " at once (--jobs)"));
    return new FleetEvaluation(spec, evaluation, builder, limit.bytes, workers,
        kcis.progressOnStderr()).run(clusters, names);
  }

  private FactBundle read(Path bundle, Consumer<String> digest) {
    try {
      return BundleReader.read(bundle, limit.bytes, digest);
    } catch (BundleException e) {
      if (e.getCause() instanceof InputFiles.NotRegularFileException n
          && n.type().equals("fifo")) {
        // kcis eval <(...) names a pipe, and opening a FIFO can wait forever: read stdin instead.
        throw new BundleException(e.file(), e.place(), e.problem() + "; give - to read a bundle "
            + "from standard input", e);
      }
      throw e;
    }
  }

  private static boolean isStandardInput(Path bundle) {
    return bundle.toString().equals("-");
  }
}
