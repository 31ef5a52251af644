package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.cli.internal.Progress;
import dev.kcis.collect.ClusterCollector;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        "What the API server sends is bounded: each request by --request-timeout (until the "
            + "answer's last byte) and --max-response-size, each kind by --max-objects, the whole "
            + "collection by --timeout, and what is kept by a quarter of the Java heap "
            + "(KCIS_JAVA_OPTS=-Xmx...). Reaching a bound is a collection error for that kind; "
            + "objects of another kind than the one listed are dropped.",
        "deploy/rbac.yaml grants exactly what it reads. In a pod without a kubeconfig, it uses "
            + "the pod's service account."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:collected (what could not be read is in the bundle's errors)",
        ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:invalid input (a kubeconfig, context or credentials that cannot be used, an API "
            + "server that cannot be reached, does not answer /version in time or refuses the "
            + "credentials)"})
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

    @Option(names = "--max-objects", paramLabel = "N",
        description = "The most objects of one kind; more is a collection error for that kind. "
            + "Default: 50000.")
    Integer maxObjects;

    @Option(names = "--max-response-size", paramLabel = "SIZE",
        converter = SizeConverter.class,
        description = "The largest answer read, in bytes or with Ki, Mi, Gi (64Mi). "
            + "Default: 64Mi.")
    Long maxResponseSize;

    @Option(names = "--request-timeout", paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "The longest one request may take, until its answer's last byte: 90s, 2m "
            + "(a bare number is seconds). Default: 60s.")
    Duration requestTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "The longest the whole collection may take; what is not read by then is "
            + "a collection error. Default: 10m.")
    Duration timeout;

    /** Collects the cluster, showing progress on standard error when it is a terminal. */
    FactBundle collect(CommandLine.Model.CommandSpec spec) {
      ClusterCollector.Builder builder = ClusterCollector.builder().kubeconfig(kubeconfig)
          .context(context);
      if (maxObjects != null) {
        if (maxObjects < 1) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--max-objects must be at least 1, not " + maxObjects);
        }
        builder.maxObjects(maxObjects);
      }
      if (maxResponseSize != null) {
        builder.maxResponseSize(maxResponseSize);
      }
      if (requestTimeout != null) {
        builder.requestTimeout(requestTimeout);
      }
      if (timeout != null) {
        builder.timeout(timeout);
      }
      boolean terminal = ((Kcis) spec.root().userObject()).progressOnStderr();
      try (Progress progress = Progress.on(spec.commandLine().getErr(), terminal)) {
        return builder.progress(progress).build().collect();
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
      return kubeconfig != null || context != null || maxObjects != null
          || maxResponseSize != null || requestTimeout != null || timeout != null;
    }
  }

  /** {@code 65536}, {@code 512Ki}, {@code 64Mi}, {@code 1Gi} (also {@code KiB}, {@code MiB}). */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(Ki|Mi|Gi)?B?");

    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a size: give "
            + "bytes, or a number with Ki, Mi or Gi (64Mi)");
      }
      long bytes = Long.parseLong(m.group(1)) * (m.group(2) == null ? 1
          : switch (m.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            default -> 1L << 30;
          });
      if (bytes < 1) {
        throw new CommandLine.TypeConversionException("a size must be positive, not " + value);
      }
      return bytes;
    }
  }

  /** {@code 90} (seconds), {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
      Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: give "
            + "a number with ms, s, m or h (90s, 5m)");
      }
      long n = Long.parseLong(m.group(1));
      Duration duration = switch (m.group(2) == null ? "s" : m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
      if (duration.isZero()) {
        throw new CommandLine.TypeConversionException("a duration must be positive, not "
            + value);
      }
      return duration;
    }
  }
}
