package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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
        ExitCode.HELP_INVALID_INPUT, ExitCode.HELP_FINDINGS})
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "BUNDLE",
      description = "Fact bundle files (JSON or YAML, apiVersion kcis.dev/v1).")
  List<Path> bundles = new ArrayList<>();

  @Mixin
  EvaluationOptions evaluation;

  @Override
  public Integer call() throws IOException {
    ComplianceEngine.Builder builder = evaluation.prepare(spec, bundles);
    List<FactBundle> read = new ArrayList<>();
    for (Path bundle : bundles) {
      read.add(FactBundle.read(bundle));
    }
    return evaluation.evaluate(spec, builder, read);
  }
}
