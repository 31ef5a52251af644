package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kcis collect node}: one node's evidence as a fact bundle. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Collects one node's evidence into a fact bundle: the Kubernetes components it runs "
            + "(static pod manifests, processes, the kubelet's systemd unit) with their arguments "
            + "and config files, and the mode and owner of the files the benchmark checks.",
        "Everything is read beneath --root, /proc included. Keys, certificates and kubeconfigs "
            + "are recorded by mode and owner only; credentials in config files are redacted.",
        "What cannot be read is listed in the bundle's errors."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:collected (what could not be read is in the bundle's errors)",
        ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (--root is not a directory, --layouts or --journal unreadable)"})
final class CollectNodeCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
      description = "The node's filesystem root: / on the node, /host in a pod that mounts the "
          + "host there, or a copied tree. Default: ${DEFAULT-VALUE}.")
  Path root;

  @Option(names = "--node-name", paramLabel = "NAME",
      description = "The node's name. Default: the kubelet's --hostname-override, else the "
          + "root's /etc/hostname, else the host name when --root is /.")
  String nodeName;

  @Mixin
  NodeCollectionOptions collection;

  @Option(names = {"-o", "--output", "--out"}, paramLabel = "FILE",
      description = "Write the bundle to FILE instead of standard output (- is standard output). "
          + "A regular file is replaced atomically, keeping its mode; a device or FIFO is written "
          + "to. Refused when FILE is an input or inside one.")
  Path output;

  @Option(names = {"-v", "--verbose"},
      description = "List what could not be collected on standard error; stack traces on errors.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    Output.refuseInsideRoots(spec, output, List.of(root));
    Output.refuseToOverwriteInputs(spec, output, collection.inputs());
    ((Kcis) spec.root().userObject()).reading(List.of("the node root " + root));
    Set<Path> evidence = new LinkedHashSet<>();
    FactBundle bundle = collection.collector(root, nodeName).collect(evidence::add);
    Output.refuseEvidence(spec, output, evidence);
    PrintWriter err = spec.commandLine().getErr();
    FactBundle.Node node = bundle.nodes().get(0);
    if (verbose) {
      for (FactBundle.Issue issue : node.errors()) {
        err.println("kcis: not collected: " + Kcis.oneLine(issue.item()
            + (issue.component() == null ? "" : " (" + issue.component() + ")") + ": "
            + issue.message()));
      }
    }
    Output.writeBundle(spec, bundle, output);
    if (!Output.isStandardOutput(output)) {
      err.println("kcis: wrote the bundle of node " + node.name() + " to " + output + ": "
          + Output.count(node.components().size(), "component") + ", "
          + Output.count(node.files().size(), "file") + ", "
          + Output.count(node.errors().size(), "collection error"));
    }
    err.flush();
    return ExitCode.OK;
  }
}
