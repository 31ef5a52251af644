package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.CollectionException;
import dev.kcis.collect.NodeCollector;
import dev.kcis.engine.ComplianceEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kcis scan}: collects node roots and evaluates them in one process. Gives the same results
 * as {@code kcis collect node} for each root followed by {@code kcis eval} of the bundles.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Collects the evidence of one or more nodes and evaluates it against a CIS benchmark "
            + "profile: kcis collect node, then kcis eval, in one step.",
        "Each --root is one node's filesystem root (the node itself: /, a pod with the host at "
            + "/host, or a copied tree)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCode.HELP_OK, ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (a --root that is not a directory, a profile or rule pack)",
        ExitCode.HELP_FINDINGS})
final class ScanCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
      description = "A node's filesystem root, /proc included. Repeatable: each root is one node. "
          + "Default: ${DEFAULT-VALUE}.")
  List<Path> roots = new ArrayList<>();

  @Option(names = "--node-name", paramLabel = "NAME",
      description = "The node's name (with a single --root). Default: the kubelet's "
          + "--hostname-override, else the root's /etc/hostname.")
  String nodeName;

  @Mixin
  EvaluationOptions evaluation;

  @Override
  public Integer call() throws IOException {
    if (nodeName != null && roots.size() > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--node-name names one node; give it with a single --root");
    }
    ComplianceEngine.Builder builder = evaluation.prepare(spec, List.of());
    List<FactBundle> bundles = new ArrayList<>();
    Map<String, Path> rootOfNode = new LinkedHashMap<>();
    for (Path root : roots) {
      FactBundle bundle = NodeCollector.builder().root(root).nodeName(nodeName).build().collect();
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
    return evaluation.evaluate(spec, builder, bundles);
  }
}
