package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.Redactor;
import dev.kcis.collect.CollectionException;
import dev.kcis.collect.internal.StructuredText.MalformedException;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.internal.SettingResolver;
import dev.kcis.engine.internal.SettingsCatalog;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One collection from a cluster's API server: lists the kinds the rules read (page by page), turns
 * control-plane mirror pods into components, reads each node's live kubelet configuration through
 * the API server's node proxy and the kube-proxy ConfigMap, and detects the platform. Never reads a
 * Secret. A request that fails (403, a kind not served) becomes a collection error in the bundle;
 * only an API server that cannot be reached or refuses the credentials stops the collection.
 */
public final class ClusterScan {

  /** The collector's name in bundle metadata. */
  public static final String COLLECTOR = "kcis collect cluster";
  /** Objects asked for per request, as kubectl does. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** At most this many nodes' /configz are read at once. */
  private static final int CONFIGZ_PARALLELISM = 8;

  /** A kind listed in full, cluster-wide. */
  record Listing(String kind, String apiVersion, String resource) {
    String path() {
      return (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion + "/" + resource;
    }
  }

  /** What is listed, in this order. Secrets never; ConfigMaps only by name, below. */
  static final List<Listing> LISTINGS = List.of(
      new Listing("Namespace", "v1", "namespaces"),
      new Listing("Node", "v1", "nodes"),
      new Listing("Pod", "v1", "pods"),
      new Listing("ReplicationController", "v1", "replicationcontrollers"),
      new Listing("Service", "v1", "services"),
      new Listing("ServiceAccount", "v1", "serviceaccounts"),
      new Listing("Deployment", "apps/v1", "deployments"),
      new Listing("StatefulSet", "apps/v1", "statefulsets"),
      new Listing("DaemonSet", "apps/v1", "daemonsets"),
      new Listing("ReplicaSet", "apps/v1", "replicasets"),
      new Listing("Job", "batch/v1", "jobs"),
      new Listing("CronJob", "batch/v1", "cronjobs"),
      new Listing("Role", "rbac.authorization.k8s.io/v1", "roles"),
      new Listing("ClusterRole", "rbac.authorization.k8s.io/v1", "clusterroles"),
      new Listing("RoleBinding", "rbac.authorization.k8s.io/v1", "rolebindings"),
      new Listing("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", "clusterrolebindings"),
      new Listing("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies"),
      new Listing("ValidatingWebhookConfiguration", "admissionregistration.k8s.io/v1",
          "validatingwebhookconfigurations"),
      new Listing("MutatingWebhookConfiguration", "admissionregistration.k8s.io/v1",
          "mutatingwebhookconfigurations"));

  private static final String KUBE_PROXY_PATH =
      "/api/v1/namespaces/kube-system/configmaps/kube-proxy";
  private static final String KUBEADM_CONFIG_PATH =
      "/api/v1/namespaces/kube-system/configmaps/kubeadm-config";

  private final KubernetesClient client;
  private final String clusterName;
  private final int pageSize;
  private final Consumer<String> progress;
  private final ApiEvidence evidence = new ApiEvidence();
  private final List<FactBundle.InventoryEntry> inventory = new ArrayList<>();
  private final List<FactBundle.Issue> errors = new ArrayList<>();
  private final List<Map<String, Object>> nodeObjects = new ArrayList<>();

  private ClusterScan(KubernetesClient client, String clusterName, int pageSize,
      Consumer<String> progress) {
    this.client = client;
    this.clusterName = clusterName;
    this.pageSize = pageSize;
    this.progress = progress;
  }

  /**
   * Collects the cluster {@code client} talks to.
   *
   * @param clusterName the cluster's name for the bundle, or {@code null}
   * @param pageSize objects per list request
   * @param progress told what is being read, a short line at a time
   * @throws CollectionException when the API server cannot be reached or refuses the credentials
   */
  public static FactBundle collect(KubernetesClient client, String clusterName, int pageSize,
      Consumer<String> progress) {
    return new ClusterScan(client, clusterName, pageSize, progress).run();
  }

  /** A request the API server answered with an error ({@code code} is its HTTP status), or that
   * got no answer ({@code code <= 0}). */
  private static final class RequestFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    RequestFailure(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private FactBundle run() {
    String version = version();
    for (Listing listing : LISTINGS) {
      list(listing);
    }
    String platform = platform(version);
    kubeProxy();
    liveKubeletConfigs();

    FactBundle.Metadata metadata = new FactBundle.Metadata(
        new FactBundle.Collector(COLLECTOR, ComplianceEngine.version()),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    return new FactBundle(client.getMasterUrl().toString(), metadata,
        new FactBundle.Cluster(clusterName, version, platform), evidence.nodes(),
        evidence.objects(), evidence.locations(), inventory, errors);
  }

  /**
   * The API server's version, from {@code /version}. Also the first request: an API server that
   * cannot be reached, or that refuses the credentials, ends the collection here.
   */
  private String version() {
    progress.accept("version");
    try {
      String body = get("/version");
      if (body != null && json(body) instanceof Map<?, ?> info
          && info.get("gitVersion") instanceof String gitVersion) {
        return gitVersion;
      }
      errors.add(new FactBundle.Issue("/version", "the API server did not say its version",
          null, null));
    } catch (RequestFailure e) {
      if (e.code <= 0 || e.code == 401) {
        throw new CollectionException("cannot collect from the API server at "
            + client.getMasterUrl() + ": " + e.getMessage());
      }
      errors.add(new FactBundle.Issue("/version", e.getMessage(), null, null));
    }
    return null;
  }

  /** Lists one kind page by page; a failure leaves what was read and an error naming the kind. */
  private void list(Listing listing) {
    String cont = null;
    int count = 0;
    try {
      do {
        String path = listing.path() + "?limit=" + pageSize
            + (cont == null ? "" : "&continue=" + URLEncoder.encode(cont, StandardCharsets.UTF_8));
        String body = get(path);
        if (body == null) {
          throw new RequestFailure(404, "not served by this API server (404)");
        }
        Map<String, Object> page = ApiEvidence.map(json(body));
        if (!(page.get("items") instanceof List<?> items)) {
          throw new RequestFailure(200, "the API server's answer holds no items");
        }
        for (Object item : items) {
          if (item instanceof Map<?, ?> object) {
            add(listing, ApiEvidence.map(object));
            count++;
          }
        }
        progress.accept(listing.resource() + ": " + count);
        cont = ApiEvidence.map(page.get("metadata")).get("continue") instanceof String c
            && !c.isEmpty() ? c : null;
      } while (cont != null);
      inventory.add(new FactBundle.InventoryEntry(listing.kind(), count));
    } catch (RequestFailure e) {
      errors.add(new FactBundle.Issue(listing.resource(), e.getMessage(), null, listing.kind()));
    }
  }

  /** Keeps one listed object; list items carry no apiVersion and kind of their own. */
  private void add(Listing listing, Map<String, Object> item) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", listing.apiVersion());
    object.put("kind", listing.kind());
    item.remove("apiVersion");
    item.remove("kind");
    object.putAll(item);
    Map<String, Object> metadata = ApiEvidence.map(object.get("metadata"));
    if (!(metadata.get("name") instanceof String name)) {
      return; // the API server names every object; nothing to judge or point at without one
    }
    String namespace = metadata.get("namespace") instanceof String ns ? ns : null;
    if (listing.kind().equals("Node")) {
      nodeObjects.add(object);
    }
    evidence.keep(object, "/" + (listing.apiVersion().contains("/") ? "apis" : "api") + "/"
        + listing.apiVersion() + (namespace == null ? "" : "/namespaces/" + namespace) + "/"
        + listing.resource() + "/" + name);
  }

  // ---- platform -----------------------------------------------------------------------------

  /**
   * The distribution: a managed platform by its nodes' provider ids together with its own node
   * labels, OpenShift by its config API group, k3s and RKE2 by their version suffix, kubeadm by
   * its {@code kubeadm-config} ConfigMap (only whether it exists is read).
   */
  private String platform(String version) {
    for (Map<String, Object> node : nodeObjects) {
      String providerId = ApiEvidence.map(node.get("spec")).get("providerID") instanceof String p
          ? p : "";
      Set<String> labels =
          ApiEvidence.map(ApiEvidence.map(node.get("metadata")).get("labels")).keySet();
      if (providerId.startsWith("aws://") && anyStartsWith(labels, "eks.amazonaws.com/")) {
        return "eks";
      }
      if (providerId.startsWith("gce://") && anyStartsWith(labels, "cloud.google.com/gke-")) {
        return "gke";
      }
      if (providerId.startsWith("azure://") && anyStartsWith(labels, "kubernetes.azure.com/")) {
        return "aks";
      }
    }
    try {
      String groups = get("/apis");
      if (groups != null && ApiEvidence.map(json(groups)).get("groups") instanceof List<?> list
          && list.stream().anyMatch(g -> g instanceof Map<?, ?> m
              && "config.openshift.io".equals(m.get("name")))) {
        return "openshift";
      }
    } catch (RequestFailure e) {
      errors.add(new FactBundle.Issue("/apis", e.getMessage(), null, null));
    }
    if (version != null && version.contains("+k3s")) {
      return "k3s";
    }
    if (version != null && version.contains("+rke2")) {
      return "rke2";
    }
    try {
      if (get(KUBEADM_CONFIG_PATH) != null) {
        return "kubeadm"; // the body is dropped unread: only the map's existence says kubeadm
      }
    } catch (RequestFailure e) {
      errors.add(new FactBundle.Issue(KUBEADM_CONFIG_PATH, e.getMessage(), null, null));
    }
    return null;
  }

  private static boolean anyStartsWith(Set<String> labels, String prefix) {
    return labels.stream().anyMatch(l -> l.startsWith(prefix));
  }

  // ---- kube-proxy and the kubelets' live configuration -------------------------------------

  /** The kube-proxy ConfigMap, read by name: the component of every node (not kept as object). */
  private void kubeProxy() {
    progress.accept("kube-proxy configuration");
    try {
      String body = get(KUBE_PROXY_PATH);
      if (body != null) {
        evidence.kubeProxy(ApiEvidence.map(json(body)));
      }
    } catch (RequestFailure e) {
      errors.add(new FactBundle.Issue(ApiEvidence.KUBE_PROXY_CONFIGMAP, e.getMessage(),
          "kube-proxy", null));
    }
  }

  /** Each node's kubelet configuration as the kubelet itself reports it on {@code /configz}. */
  private void liveKubeletConfigs() {
    List<String> names = nodeObjects.stream()
        .map(n -> (String) ApiEvidence.map(n.get("metadata")).get("name")).toList();
    if (names.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.min(CONFIGZ_PARALLELISM, names.size()), runnable -> {
          Thread thread = new Thread(runnable, "kcis-configz");
          thread.setDaemon(true);
          return thread;
        });
    try {
      List<Future<Object>> answers = new ArrayList<>();
      for (String node : names) {
        answers.add(pool.submit(() -> configz(node)));
      }
      for (int i = 0; i < names.size(); i++) {
        String node = names.get(i);
        String endpoint = configzPath(node);
        Object answer = answers.get(i).get();
        if (answer instanceof Map<?, ?> kubeletConfig) {
          evidence.component(node, configzKubelet(node, ApiEvidence.map(kubeletConfig)));
        } else {
          evidence.nodeError(node, endpoint, "kubelet", String.valueOf(answer));
        }
        progress.accept("kubelet configz: " + (i + 1) + "/" + names.size() + " nodes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectionException("interrupted while reading the kubelets' /configz");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A node's {@code kubeletconfig} as a map, or why it could not be read, as text. */
  private Object configz(String node) {
    try {
      String body = get(configzPath(node));
      if (body == null) {
        return "not found (404)";
      }
      Object config = ApiEvidence.map(json(body)).get("kubeletconfig");
      return config instanceof Map<?, ?> ? Redactor.redact(config)
          : "the answer holds no kubeletconfig";
    } catch (RequestFailure e) {
      return e.getMessage();
    }
  }

  static String configzPath(String node) {
    return "/api/v1/nodes/" + node + "/proxy/configz";
  }

  /**
   * The kubelet as its live configuration shows it: every config-keyed kubelet setting of the
   * catalog, valued from configz (source {@code configz}). The kubelet leaves empty values out
   * (omitempty), so a key that is absent has no value; feature gates absent are at their
   * default. Without its command line, flags that override the config are not visible here.
   */
  static FactBundle.Component configzKubelet(String node, Map<String, Object> kubeletConfig) {
    String endpoint = configzPath(node);
    // The configz document is the kubelet's config file as the kubelet holds it: resolving it as
    // a config file with no flags reads each key exactly as a config file's key is read.
    FactBundle.Component asConfigFile = new FactBundle.Component("kubelet",
        new FactBundle.Source("configz", endpoint, null),
        List.of("kubelet", "--config=" + endpoint), Map.of(),
        List.of(new FactBundle.ConfigFile("--config", endpoint, kubeletConfig)), Map.of());
    Map<String, FactBundle.EffectiveValue> resolved =
        SettingResolver.effectiveConfig(node, asConfigFile, new ArrayList<>());
    Map<String, FactBundle.EffectiveValue> effective = new TreeMap<>();
    for (SettingsCatalog.SettingSpec spec
        : SettingsCatalog.get().component("kubelet").settings().values()) {
      if (spec.configKey() == null) {
        continue;
      }
      FactBundle.EffectiveValue value = resolved.get(spec.name());
      if (value != null && value.source().equals("config-file")) {
        effective.put(spec.name(), new FactBundle.EffectiveValue(value.value(), "configz",
            endpoint));
      } else if (spec.configKey().startsWith("featureGates.")) {
        effective.put(spec.name(), new FactBundle.EffectiveValue(spec.configDefault(), "default",
            "kubelet default (Kubernetes " + SettingsCatalog.get().kubernetesVersion()
                + "), not in " + endpoint));
      } else {
        effective.put(spec.name(), new FactBundle.EffectiveValue(null, "configz", endpoint));
      }
    }
    return new FactBundle.Component("kubelet", new FactBundle.Source("configz", endpoint, null),
        List.of(), Map.of(), List.of(), effective);
  }

  // ---- requests -----------------------------------------------------------------------------

  /** GETs a path of the API server; {@code null} when it is not found. */
  private String get(String path) throws RequestFailure {
    try {
      return client.raw(path);
    } catch (KubernetesClientException e) {
      throw new RequestFailure(e.getCode(), describe(e));
    }
  }

  private static String describe(KubernetesClientException e) {
    Status status = e.getStatus();
    String detail = status != null && status.getMessage() != null ? status.getMessage() : null;
    if (e.getCode() <= 0) {
      return rootCause(e); // no answer: fabric8 says -1 (or 0) and keeps the I/O error as cause
    }
    return switch (e.getCode()) {
      case 401 -> "unauthorized (401): the credentials were refused";
      case 403 -> "forbidden (403)" + (detail == null ? "" : ": " + detail);
      default -> "HTTP " + e.getCode() + (detail == null ? "" : ": " + detail);
    };
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host " + cause.getMessage(); // its message is the bare host name
    }
    return Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
  }

  private static Object json(String body) throws RequestFailure {
    try {
      return StructuredText.document(body, "answer.json");
    } catch (MalformedException e) {
      throw new RequestFailure(200, "the API server's answer is not JSON: " + e.getMessage());
    }
  }
}
