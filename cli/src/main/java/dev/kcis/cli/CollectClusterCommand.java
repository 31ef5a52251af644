package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.cli.internal.Progress;
import dev.kcis.collect.ClusterCollector;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kcis collect cluster}: the evidence the API server holds, as a fact bundle. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Collects a cluster's evidence from its API server into a fact bundle, read-only: "
            + "version and platform, namespaces, workloads and their pod templates, services, "
            + "service accounts, RBAC, network policies, admission webhooks, nodes; the "
            + "control-plane mirror pods as components; each node's live kubelet configuration "
            + "(/configz through the node proxy); the kube-proxy ConfigMap.",
        "Secrets are never read. What cannot be read (403, a kind not served) is listed in the "
            + "bundle's errors, and the controls that need it are INCONCLUSIVE.",
        "deploy/rbac.yaml grants exactly what it reads. In a pod without a kubeconfig, it uses "
            + "the pod's service account."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:collected (what could not be read is in the bundle's errors)",
        ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (a kubeconfig or context that cannot be used, an API server that "
            + "cannot be reached or refuses the credentials)"})
final class CollectClusterCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  ClusterOptions cluster;

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
    Output.refuseToOverwriteInputs(spec, output, cluster.inputs());
    ((Kcis) spec.root().userObject()).reading(List.of("the cluster's API server"));
    PrintWriter err = spec.commandLine().getErr();
    FactBundle bundle = cluster.collect(spec);
    List<String> notCollected = notCollected(bundle);
    if (verbose) {
      notCollected.forEach(line -> err.println("kcis: not collected: " + Kcis.oneLine(line)));
    }
    Output.writeBundle(spec, bundle, output);
    if (!Output.isStandardOutput(output)) {
      long components = bundle.nodes().stream().mapToLong(n -> n.components().size()).sum();
      err.println("kcis: wrote the cluster bundle"
          + (bundle.cluster().name() == null ? "" : " of " + bundle.cluster().name()) + " to "
          + output + ": " + Output.count(bundle.objects().size(), "object") + " of "
          + Output.count(bundle.inventory().size(), "kind") + ", "
          + Output.count(bundle.nodes().stream().filter(n -> !n.name().equals("*")).count(),
              "node") + ", " + Output.count(components, "component") + ", "
          + Output.count(notCollected.size(), "collection error"));
    }
    err.flush();
    return ExitCode.OK;
  }

  /** Every collection error of a bundle, cluster-level and per node, one line each. */
  static List<String> notCollected(FactBundle bundle) {
    List<String> lines = new ArrayList<>();
    for (FactBundle.Issue issue : bundle.errors()) {
      lines.add(issue.item() + (issue.kind() == null ? "" : " (" + issue.kind() + ")") + ": "
          + issue.message());
    }
    for (FactBundle.Node node : bundle.nodes()) {
      for (FactBundle.Issue issue : node.errors()) {
        lines.add("node " + node.name() + ": " + issue.item()
            + (issue.component() == null ? "" : " (" + issue.component() + ")") + ": "
            + issue.message());
      }
    }
    return lines;
  }

  /** Where the cluster is and how it is reached: shared by collect cluster and scan. */
  static final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
        description = "The kubeconfig to use. Default: $KUBECONFIG, else ~/.kube/config, else "
            + "(in a pod) the pod's service account.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME",
        description = "The kubeconfig context to use. Default: its current context.")
    String context;

    /** Collects the cluster, showing progress on standard error when it is a terminal. */
    FactBundle collect(CommandLine.Model.CommandSpec spec) {
      boolean terminal = ((Kcis) spec.root().userObject()).progressOnStderr();
      try (Progress progress = Progress.on(spec.commandLine().getErr(), terminal)) {
        return ClusterCollector.builder().kubeconfig(kubeconfig).context(context)
            .progress(progress).build().collect();
      }
    }

    /** The kubeconfig given, or those the client reads by default ($KUBECONFIG, ~/.kube/config). */
    List<Path> inputs() {
      if (kubeconfig != null) {
        return List.of(kubeconfig);
      }
      String paths = System.getenv("KUBECONFIG");
      if (paths == null || paths.isBlank()) {
        return List.of(Path.of(System.getProperty("user.home"), ".kube", "config"));
      }
      return Arrays.stream(paths.split(File.pathSeparator)).filter(p -> !p.isBlank())
          .map(Path::of).toList();
    }

    boolean given() {
      return kubeconfig != null || context != null;
    }
  }
}
