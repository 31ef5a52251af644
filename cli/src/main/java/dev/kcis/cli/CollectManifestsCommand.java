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
            + "without a namespace are in the --namespace given (as kubectl apply -n), else "
            + "assumed in default (noted in the bundle). Secrets keep their metadata only; "
            + "ConfigMaps lose their data.",
        "In a directory, files that are no API objects (kustomization.yaml, a Helm chart, "
            + "values files) are skipped with a note; an object defined twice is a collection "
            + "error.",
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

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
      description = "The namespace of objects that name none, as kubectl apply -n NS gives it. "
          + "Default: default, noted in the bundle as assumed.")
  String namespace;

  @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
  boolean verbose;

  @CommandLine.Mixin
  InputLimit limit;

  @Override
  public Integer call() throws IOException {
    Output.refuseToOverwriteInputs(spec, output, paths);
    ((Kcis) spec.root().userObject()).reading(paths.stream().map(Path::toString).toList());
    FactBundle bundle = collector(spec, paths, limit, namespace).collect();
    PrintWriter err = spec.commandLine().getErr();
    Output.writeBundle(spec, bundle, output);
    if (!Output.isStandardOutput(output)) {
      long files = bundle.objectLocations().values().stream()
          .map(l -> l.substring(0, l.lastIndexOf(':'))).distinct().count();
      long components = bundle.nodes().stream().mapToLong(n -> n.components().size()).sum();
      err.println("kcis: wrote the manifests bundle to " + output + ": "
          + Output.count(bundle.objects().size(), "object") + " from "
          + Output.count(files, "file") + ", " + Output.count(components, "component")
          + (bundle.errors().isEmpty() ? "" : ", " + Output.count(bundle.errors().size(),
              "collection error"))
          + (bundle.notes().isEmpty() ? "" : ", " + Output.count(bundle.notes().size(), "note")
              + " (files skipped, namespaces assumed)"));
    }
    err.flush();
    return ExitCode.OK;
  }

  /** The collector of {@code paths} with the input limit and the --namespace given, if any. */
  static ManifestCollector collector(CommandLine.Model.CommandSpec spec, List<Path> paths,
      InputLimit limit, String namespace) {
    ManifestCollector collector = ManifestCollector.of(paths).maxFileSize(limit.bytes);
    if (namespace == null) {
      return collector;
    }
    try {
      return collector.namespace(namespace);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--namespace: "
          + e.getMessage());
    }
  }
}
