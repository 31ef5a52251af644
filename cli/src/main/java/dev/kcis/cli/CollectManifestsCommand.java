package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.collect.ManifestCollector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kcis collect manifests}: API objects from files, as a fact bundle. */
@Command(
    name = "manifests",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Collects Kubernetes API objects from manifest files into a fact bundle: kubectl get "
            + "-o yaml|json output (List kinds included), multi-document YAML, and directories "
            + "(their *.yaml, *.yml and *.json files, recursively).",
        "Each object keeps the file and line it starts on, for reports to point at. Objects "
            + "without a namespace are in default where their kind is namespaced. Secrets keep "
            + "their metadata only; ConfigMaps lose their data.",
        "The manifests given are the whole evidence for the kinds they hold."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:collected", ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (a path that does not exist, a file that is not a regular file, is over "
            + "--max-input-size or cannot be parsed, a document that is not an API object), "
            + "reported as FILE:LINE:COLUMN"})
final class CollectManifestsCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "Manifest files and directories.")
  List<Path> paths = new ArrayList<>();

  @Option(names = {"-o", "--output", "--out"}, paramLabel = "FILE",
      description = "Write the bundle to FILE instead of standard output (- is standard output). "
          + "A regular file is replaced atomically, keeping its mode; a device or FIFO is written "
          + "to. Refused when FILE is an input or inside one.")
  Path output;

  @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
  boolean verbose;

  @CommandLine.Mixin
  InputLimit limit;

  @Override
  public Integer call() throws IOException {
    Output.refuseToOverwriteInputs(spec, output, paths);
    ((Kcis) spec.root().userObject()).reading(paths.stream().map(Path::toString).toList());
    FactBundle bundle = ManifestCollector.of(paths).maxFileSize(limit.bytes).collect();
    PrintWriter err = spec.commandLine().getErr();
    Output.writeBundle(spec, bundle, output);
    if (!Output.isStandardOutput(output)) {
      long files = bundle.objectLocations().values().stream()
          .map(l -> l.substring(0, l.lastIndexOf(':'))).distinct().count();
      long components = bundle.nodes().stream().mapToLong(n -> n.components().size()).sum();
      err.println("kcis: wrote the manifests bundle to " + output + ": "
          + Output.count(bundle.objects().size(), "object") + " from "
          + Output.count(files, "file") + ", " + Output.count(components, "component"));
    }
    err.flush();
    return ExitCode.OK;
  }
}
