package dev.kcis.collect;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.internal.ClusterScan;
import dev.kcis.collect.internal.Kubeconfigs;
import dev.kcis.engine.internal.InputFiles;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Collects a cluster's evidence from its API server into a fact bundle, read-only: the version and
 * platform, namespaces (with their Pod Security Admission labels), pods and the pod templates of
 * every workload kind, services, service accounts, RBAC, network policies, admission webhooks and
 * nodes; the control-plane mirror pods in {@code kube-system} as components; each node's live
 * kubelet configuration through the API server's node proxy ({@code /configz}); and the
 * {@code kube-system/kube-proxy} ConfigMap as the kube-proxy of every node.
 *
 * <p>Secrets are never read, and no other ConfigMap data is. A kind that cannot be listed (403, not
 * served) becomes a collection error in the bundle, so the controls that need it are
 * INCONCLUSIVE; only an API server that cannot be reached or refuses the credentials makes
 * {@link #collect()} throw. {@code deploy/rbac.yaml} grants exactly what it reads.
 *
 * <pre>
 * FactBundle bundle = ClusterCollector.builder().context("prod").build().collect();
 * </pre>
 */
public final class ClusterCollector {

  private static final int REQUEST_RETRIES = 3;

  /** The largest kubeconfig read. */
  private static final long KUBECONFIG_LIMIT = 16L * 1024 * 1024;

  private final Config config;
  private final String clusterName;
  private final int pageSize;
  private final Consumer<String> progress;
  private final boolean guessedServer;

  private ClusterCollector(Config config, String clusterName, int pageSize,
      Consumer<String> progress, boolean guessedServer) {
    this.config = config;
    this.clusterName = clusterName;
    this.pageSize = pageSize;
    this.progress = progress;
    this.guessedServer = guessedServer;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects the cluster now; each call reads it again.
   *
   * @throws CollectionException when the API server cannot be reached or refuses the credentials
   */
  public FactBundle collect() {
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return ClusterScan.collect(client, clusterName, pageSize, progress);
    } catch (CollectionException e) {
      if (guessedServer) {
        throw new CollectionException(e.getMessage() + " (no kubeconfig was found in $KUBECONFIG "
            + "or ~/.kube/config, and this is not a pod: name one)");
      }
      throw e;
    }
  }

  /** Configures a {@link ClusterCollector}. */
  public static final class Builder {
    private Path kubeconfig;
    private String context;
    private int pageSize = ClusterScan.DEFAULT_PAGE_SIZE;
    private Consumer<String> progress = line -> { };

    private Builder() {}

    /**
     * The kubeconfig file to use; {@code null} (the default) uses {@code $KUBECONFIG} or
     * {@code ~/.kube/config}, and in a pod without either, the pod's service account.
     */
    public Builder kubeconfig(Path kubeconfig) {
      this.kubeconfig = kubeconfig;
      return this;
    }

    /** The kubeconfig context to use; {@code null} (the default) uses the current context. */
    public Builder context(String context) {
      this.context = context == null || context.isBlank() ? null : context;
      return this;
    }

    /** Objects asked for per list request; default 500. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("page size must be at least 1, not " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /** Told what is being read, one short line at a time (for a progress display). */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * @throws CollectionException when the kubeconfig cannot be read or has no such context
     */
    public ClusterCollector build() {
      Config config;
      String clusterName;
      if (kubeconfig != null) {
        String text;
        try {
          text = InputFiles.readText(kubeconfig, KUBECONFIG_LIMIT);
        } catch (IOException e) {
          throw new CollectionException("cannot read the kubeconfig " + kubeconfig + ": "
              + InputFiles.problem(e));
        }
        try {
          config = Config.fromKubeconfig(context, text, kubeconfig.toString());
        } catch (RuntimeException e) {
          // fabric8's messages quote the kubeconfig, tokens included: say where, never what.
          Kubeconfigs.check(kubeconfig.toString(), text);
          throw new CollectionException("cannot use the kubeconfig " + kubeconfig + ": "
              + Kubeconfigs.describe(e));
        }
      } else {
        refuseSpecialKubeconfigs();
        try {
          config = Config.autoConfigure(context);
        } catch (RuntimeException e) {
          List<Path> files = Kubeconfigs.defaultFiles();
          for (Path file : files) {
            try {
              Kubeconfigs.check(file.toString(), InputFiles.readText(file, KUBECONFIG_LIMIT));
            } catch (IOException unreadable) {
              throw new CollectionException("cannot read the kubeconfig " + file + ": "
                  + InputFiles.problem(unreadable));
            }
          }
          throw new CollectionException("cannot use the kubeconfig " + (files.size() == 1
              ? files.get(0) : "(from $KUBECONFIG or ~/.kube/config)") + ": "
              + Kubeconfigs.describe(e));
        }
      }
      if (context != null && (config.getCurrentContext() == null
          || !context.equals(config.getCurrentContext().getName()))) {
        throw new CollectionException("the kubeconfig has no context '" + context + "'");
      }
      // fabric8 retries a failed request ten times with a doubling back-off by default, which
      // makes an unreachable API server look like a hang; three retries ride out a blip.
      config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
      clusterName = config.getCurrentContext() == null
          || config.getCurrentContext().getContext() == null ? null
          : config.getCurrentContext().getContext().getCluster();
      // With no kubeconfig and outside a pod, fabric8 falls back to the in-cluster address.
      boolean guessedServer = kubeconfig == null && config.getCurrentContext() == null
          && System.getenv("KUBERNETES_SERVICE_HOST") == null;
      return new ClusterCollector(config, clusterName, pageSize, progress, guessedServer);
    }

    /**
     * The kubeconfig files fabric8 would open itself must be regular files: opening a FIFO would
     * wait for a writer forever.
     */
    private static void refuseSpecialKubeconfigs() {
      String paths = System.getProperty("kubeconfig", System.getenv("KUBECONFIG"));
      List<String> candidates = paths == null || paths.isBlank()
          ? List.of(System.getProperty("user.home") + "/.kube/config")
          : List.of(paths.split(java.io.File.pathSeparator));
      for (String candidate : candidates) {
        Path file = Path.of(candidate);
        try {
          String type = InputFiles.type(file);
          if (!type.equals("file")) {
            throw new CollectionException("cannot read the kubeconfig " + file + ": "
                + new InputFiles.NotRegularFileException(candidate, type).getReason());
          }
        } catch (IOException e) {
          // Missing or unreadable: fabric8 looks further or says so itself.
        }
      }
    }
  }
}
