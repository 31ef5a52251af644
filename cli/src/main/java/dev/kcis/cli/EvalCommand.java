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
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code kcis eval}: evaluates fact bundles and prints a report. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Evaluates fact bundles of one cluster against a CIS benchmark profile and prints a report.",
        "Several bundles (one per node, one for the API) are evaluated together."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCode.HELP_OK, ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        ExitCode.HELP_INVALID_INPUT, ExitCode.HELP_FINDINGS, ExitCode.HELP_NOTHING_EVALUATED})
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "BUNDLE",
      description = "Fact bundle files (JSON or YAML, apiVersion kcis.dev/v1); - is standard "
          + "input.")
  List<Path> bundles = new ArrayList<>();

  @Mixin
  EvaluationOptions evaluation;

  @Mixin
  InputLimit limit;

  @Override
  public Integer call() throws IOException {
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
