package dev.kcis.collect;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.internal.ClusterScan;
import dev.kcis.collect.internal.Kubeconfigs;
import dev.kcis.core.internal.InputFiles;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * <p>The API server's answers are not trusted. Each request has a deadline
 * ({@link Builder#requestTimeout}, until the answer's last byte) and a size
 * ({@link Builder#maxResponseSize}); each kind a number of objects ({@link Builder#maxObjects})
 * and so of pages; the collection a deadline ({@link Builder#timeout}); and what is kept a share
 * of the Java heap. Objects of another kind than the one listed are dropped. Reaching a bound is
 * a collection error naming the kind, never an {@link OutOfMemoryError} or a hang.
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
  private final ClusterScan.Limits limits;
  private final Consumer<String> progress;
  private final boolean guessedServer;
  private final String where;

  private ClusterCollector(Config config, String clusterName, ClusterScan.Limits limits,
      Consumer<String> progress, boolean guessedServer, String where) {
    this.config = config;
    this.clusterName = clusterName;
    this.limits = limits;
    this.progress = progress;
    this.guessedServer = guessedServer;
    this.where = where;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects the cluster now; each call reads it again.
   *
   * @throws CollectionException when the credentials cannot be used, or the API server cannot be
   *     reached, does not answer in time or refuses the credentials
   */
  public FactBundle collect() {
    KubernetesClient client;
    try {
      client = new KubernetesClientBuilder().withConfig(config).build();
    } catch (KubernetesClientException | IllegalArgumentException | IllegalStateException e) {
      // The client reads the certificates and keys here; its own message is "An error has
      // occurred", the cause says which (a PEM without its BEGIN line, a DER that is not a key).
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      throw new CollectionException("cannot use the credentials of " + where + ": "
          + Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName())
              .replaceAll("\\s+", " ").trim());
    }
    try (client) {
      return ClusterScan.collect(client, clusterName, limits, progress);
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
    private ClusterScan.Limits limits = ClusterScan.Limits.DEFAULTS;
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
      limits = limits.withPageSize(pageSize);
      return this;
    }

    /**
     * The most objects of one kind; a kind with more is a collection error (its rules are
     * INCONCLUSIVE). Default {@value ClusterScan.Limits#DEFAULT_MAX_OBJECTS}. It also bounds the
     * pages of a list, so that a server that never ends a list is stopped.
     */
    public Builder maxObjects(int maxObjects) {
      if (maxObjects < 1) {
        throw new IllegalArgumentException("max objects must be at least 1, not " + maxObjects);
      }
      limits = limits.withMaxObjects(maxObjects);
      return this;
    }

    /** The largest answer read, in bytes; default 64 MiB. A larger one is a collection error. */
    public Builder maxResponseSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("max response size must be positive, not " + bytes);
      }
      limits = limits.withMaxResponseBytes(bytes);
      return this;
    }

    /**
     * The longest one request may take, from sending it to its answer's last byte; default 60
     * seconds. An answer not complete by then is a collection error.
     */
    public Builder requestTimeout(Duration timeout) {
      limits = limits.withRequestTimeout(positive(timeout, "request timeout"));
      return this;
    }

    /**
     * The longest the whole collection may take; default 10 minutes. What is not read by then is
     * a collection error.
     */
    public Builder timeout(Duration timeout) {
      limits = limits.withTimeout(positive(timeout, "timeout"));
      return this;
    }

    private static Duration positive(Duration duration, String what) {
      if (duration == null || duration.toMillis() < 1) {
        throw new IllegalArgumentException(what + " must be positive, not " + duration);
      }
      return duration;
    }

    /** Told what is being read, one short line at a time (for a progress display). */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * @throws CollectionException when the kubeconfig cannot be read or used (one line naming
     *     the file and the place in it, never its content), or has no such context
     */
    @SuppressWarnings("removal") // fromKubeconfig(context, text, path): reads checked text
    public ClusterCollector build() {
      Config config;
      String clusterName;
      String text = null;
      Path file = kubeconfig;
      try {
        if (kubeconfig != null) {
          text = Kubeconfigs.read(kubeconfig);
          config = Config.fromKubeconfig(context, text, kubeconfig.toString());
        } else {
          refuseSpecialKubeconfigs();
          Kubeconfigs.checkDefaults();
          config = Config.autoConfigure(context);
          file = config.getFile() == null ? null : config.getFile().toPath();
          text = file == null ? null : Kubeconfigs.read(file);
        }
      } catch (KubernetesClientException | IllegalArgumentException | IllegalStateException e) {
        throw Kubeconfigs.shapeError(file, text, e);
      }
      if (context != null && (config.getCurrentContext() == null
          || !context.equals(config.getCurrentContext().getName()))) {
        throw new CollectionException("the kubeconfig has no context '" + context + "'");
      }
      Kubeconfigs.checkCredentials(config, file, text);
      // fabric8 retries a failed request ten times with a doubling back-off by default, which
      // makes an unreachable API server look like a hang; three retries ride out a blip.
      config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
      clusterName = config.getCurrentContext() == null
          || config.getCurrentContext().getContext() == null ? null
          : config.getCurrentContext().getContext().getCluster();
      // With no kubeconfig and outside a pod, fabric8 falls back to the in-cluster address.
      boolean guessedServer = kubeconfig == null && config.getCurrentContext() == null
          && System.getenv("KUBERNETES_SERVICE_HOST") == null;
      String where = file == null ? "the in-cluster configuration"
          : "the kubeconfig " + file + (config.getCurrentContext() == null ? ""
              : " (context " + config.getCurrentContext().getName() + ")");
      return new ClusterCollector(config, clusterName, limits, progress, guessedServer, where);
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
