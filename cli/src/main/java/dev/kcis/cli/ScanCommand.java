package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.collect.CollectionException;
import dev.kcis.engine.ComplianceEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kcis scan}: collects node roots, a cluster's API and manifests, and evaluates them in one
 * process. Gives the same results as the {@code kcis collect} commands followed by
 * {@code kcis eval} of their bundles.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Collects evidence and evaluates it against a CIS benchmark profile: kcis collect "
            + "node, cluster and manifests, then kcis eval, in one step.",
        "Each --root is one node's filesystem root (the node itself: /, a pod with the host at "
            + "/host, or a copied tree); --cluster reads the API server; --manifests reads "
            + "manifest files. They combine; with none of them, the node at / is scanned."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCode.HELP_OK, ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (a --root that is not a directory, --layouts or --journal unreadable, a "
            + "manifest that cannot be parsed or is over --max-input-size, a cluster that cannot "
            + "be reached, a profile or rule pack)",
        ExitCode.HELP_FINDINGS,
        ExitCode.HELP_NOTHING_EVALUATED})
final class ScanCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--root", paramLabel = "DIR",
      description = "A node's filesystem root, /proc included. Repeatable: each root is one node. "
          + "Default: / when neither --cluster nor --manifests is given.")
  List<Path> roots = new ArrayList<>();

  @Option(names = "--node-name", paramLabel = "NAME",
      description = "The node's name (with a single --root). Default: the kubelet's "
          + "--hostname-override, else the root's /etc/hostname.")
  String nodeName;

  @Mixin
  NodeCollectionOptions collection;

  @Option(names = "--cluster",
      description = "Collect the cluster's API server as kcis collect cluster does.")
  boolean cluster;

  @Mixin
  CollectClusterCommand.ClusterOptions clusterOptions;

  @Option(names = "--manifests", paramLabel = "PATH", arity = "1..*",
      description = "Manifest files and directories to collect as kcis collect manifests does.")
  List<Path> manifests = new ArrayList<>();

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
      description = "With --manifests: the namespace of objects that name none, as kubectl "
          + "apply -n NS gives it. Default: default, noted as assumed.")
  String namespace;

  @Mixin
  EvaluationOptions evaluation;

  @Mixin
  InputLimit limit;

  @Override
  public Integer call() throws IOException {
    if (clusterOptions.given() && !cluster) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--kubeconfig, --context, --max-objects, --max-response-size, --request-timeout and "
              + "--timeout are for --cluster; add --cluster");
    }
    if (namespace != null && manifests.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--namespace is for --manifests; add --manifests");
    }
    List<Path> nodeRoots = new ArrayList<>(roots);
    if (nodeRoots.isEmpty() && !cluster && manifests.isEmpty()) {
      nodeRoots.add(Path.of("/"));
    }
    if (nodeName != null && nodeRoots.size() != 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--node-name names one node; give it with a single --root");
    }
    if (collection.given() && nodeRoots.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--journal and --layouts are for node roots; add --root");
    }
    if (collection.journal != null && nodeRoots.size() != 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--journal is one node's journal; give it with a single --root");
    }
    List<Path> inputs = new ArrayList<>(manifests);
    inputs.addAll(collection.inputs());
    List<String> reading = new ArrayList<>();
    nodeRoots.forEach(root -> reading.add("the node root " + root));
    if (cluster) {
      inputs.addAll(clusterOptions.inputs());
      reading.add("the cluster's API server");
    }
    manifests.forEach(m -> reading.add(m.toString()));
    ComplianceEngine.Builder builder = evaluation.prepare(spec, inputs);
    for (Path out : evaluation.outputs()) {
      Output.refuseInsideRoots(spec, out, nodeRoots);
    }
    ((Kcis) spec.root().userObject()).reading(reading);
    List<FactBundle> bundles = new ArrayList<>();
    Map<String, Path> rootOfNode = new LinkedHashMap<>();
    for (Path root : nodeRoots) {
      Set<Path> evidence = new LinkedHashSet<>();
      FactBundle bundle = collection.collector(root, nodeName).collect(evidence::add);
      for (Path out : evaluation.outputs()) {
        Output.refuseEvidence(spec, out, evidence);
      }
      String node = bundle.nodes().get(0).name();
      Path other = rootOfNode.putIfAbsent(node, root);
      if (other != null) {
        // The engine merges nodes by name: two roots under one name would blend two nodes.
        throw new CollectionException("--root " + other + " and --root " + root
            + " are both node '" + node + "'; scan each node once, or collect them separately "
            + "with kcis collect node --node-name");
      }
      bundles.add(bundle);
    }
    if (cluster) {
      bundles.add(clusterOptions.collect(spec));
    }
    if (!manifests.isEmpty()) {
      bundles.add(CollectManifestsCommand.collector(spec, manifests, limit, namespace).collect());
    }
    return evaluation.evaluate(spec, builder, bundles);
  }
}
