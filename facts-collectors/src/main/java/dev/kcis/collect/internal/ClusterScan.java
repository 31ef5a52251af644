package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.Redactor;
import dev.kcis.collect.CollectionException;
import dev.kcis.core.internal.NodeLayouts;
import dev.kcis.core.internal.SettingResolver;
import dev.kcis.core.internal.SettingsCatalog;
import dev.kcis.core.internal.Version;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
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
 * One collection from a cluster's API server: lists the kinds the rules read (page by page; a
 * distribution's own kinds, such as OpenShift's SecurityContextConstraints and operator
 * resources, when discovery shows their API group served), turns
 * control-plane mirror pods into components, reads each node's live kubelet configuration through
 * the API server's node proxy and the kube-proxy ConfigMap, and detects the platform. Never reads a
 * Secret. A request that fails (403, a kind not served) becomes a collection error in the bundle;
 * only an API server that cannot be reached or refuses the credentials stops the collection.
 *
 * <p>What the server sends is not trusted: every request has a deadline and a size
 * ({@link ApiRequests}), the collection a deadline, each kind a number of objects and pages, and
 * all that is kept a share of the heap ({@link HeapBudget}); a listing whose continue token comes
 * back ends; objects of another kind than the one listed are dropped; names go into request
 * paths encoded, and a node whose name is not a DNS subdomain is not asked for its configz. Each
 * of these ends in a collection error naming what it stopped, so that the rules reading it are
 * INCONCLUSIVE.
 */
public final class ClusterScan {

  /** The collector's name in bundle metadata. */
  public static final String COLLECTOR = "kcis collect cluster";
  /** Objects asked for per request, as kubectl does. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /**
   * The bounds of one collection.
   *
   * @param pageSize objects asked for per list request
   * @param maxObjects the most objects of one kind; a longer list is a collection error
   * @param maxResponseBytes the largest answer read
   * @param requestTimeout the longest one request may take, until its answer's last byte
   * @param timeout the longest the whole collection may take; what is left unread then is a
   *     collection error
   * @param heapBytes what the evidence may fill of the heap, or 0 for {@link
   *     HeapBudget#HEAP_SHARE} of this JVM's maximum heap
   */
  public record Limits(int pageSize, int maxObjects, long maxResponseBytes,
      Duration requestTimeout, Duration timeout, long heapBytes) {

    /** The most objects of one kind by default. */
    public static final int DEFAULT_MAX_OBJECTS = 50_000;
    /** The largest answer by default: a page of 500 objects of 128 KiB each. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L << 20;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** The defaults. */
    public static final Limits DEFAULTS = new Limits(DEFAULT_PAGE_SIZE, DEFAULT_MAX_OBJECTS,
        DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT, DEFAULT_TIMEOUT, 0);

    public Limits {
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(timeout, "timeout");
      if (pageSize < 1 || maxObjects < 1 || maxResponseBytes < 1 || heapBytes < 0
          || requestTimeout.toMillis() < 1 || timeout.toMillis() < 1) {
        throw new IllegalArgumentException("collection limits must be positive: " + this);
      }
    }

    public Limits withPageSize(int pageSize) {
      return new Limits(pageSize, maxObjects, maxResponseBytes, requestTimeout, timeout,
          heapBytes);
    }

    public Limits withMaxObjects(int maxObjects) {
      return new Limits(pageSize, maxObjects, maxResponseBytes, requestTimeout, timeout,
          heapBytes);
    }

    public Limits withMaxResponseBytes(long maxResponseBytes) {
      return new Limits(pageSize, maxObjects, maxResponseBytes, requestTimeout, timeout,
          heapBytes);
    }

    public Limits withRequestTimeout(Duration requestTimeout) {
      return new Limits(pageSize, maxObjects, maxResponseBytes, requestTimeout, timeout,
          heapBytes);
    }

    public Limits withTimeout(Duration timeout) {
      return new Limits(pageSize, maxObjects, maxResponseBytes, requestTimeout, timeout,
          heapBytes);
    }

    public Limits withHeapBytes(long heapBytes) {
      return new Limits(pageSize, maxObjects, maxResponseBytes, requestTimeout, timeout,
          heapBytes);
    }

    /**
     * The most pages one kind may take: twice those {@code maxObjects} fill, and ten more, so
     * that a server that pages short is still read while one that never ends is stopped.
     */
    int maxPages() {
      return (int) Math.min(Integer.MAX_VALUE,
          2L * ((maxObjects + (long) pageSize - 1) / pageSize) + 10);
    }
  }

  /** The longest continue token taken; the API server's are a few hundred characters. */
  static final int MAX_CONTINUE_LENGTH = 16 * 1024;

  /** At most this many nodes' /configz are read at once. */
  private static final int CONFIGZ_PARALLELISM = 8;

  /**
   * A kind listed in full, cluster-wide.
   *
   * @param ifServed listed only when discovery ({@code /apis}) shows its group and version served:
   *     a distribution's own kinds, which other clusters do not have
   */
  record Listing(String kind, String apiVersion, String resource, boolean ifServed) {
    Listing(String kind, String apiVersion, String resource) {
      this(kind, apiVersion, resource, false);
    }

    String path() {
      return (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion + "/" + resource;
    }

    String group() {
      return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    String version() {
      return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }
  }

  /** OpenShift's API group of cluster configuration, by which the platform is recognised. */
  static final String OPENSHIFT_CONFIG_GROUP = "config.openshift.io";

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
          "mutatingwebhookconfigurations"),
      // OpenShift: what the rh-1.8 checks read with `oc get` (the SCCs of 5.2; the API server's
      // configuration and the control-plane operators' observedConfig and
      // unsupportedConfigOverrides of 1.2), each a cluster-scoped singleton or a short list.
      new Listing("SecurityContextConstraints", "security.openshift.io/v1",
          "securitycontextconstraints", true),
      new Listing("APIServer", "config.openshift.io/v1", "apiservers", true),
      new Listing("Authentication", "config.openshift.io/v1", "authentications", true),
      new Listing("KubeAPIServer", "operator.openshift.io/v1", "kubeapiservers", true),
      new Listing("OpenShiftAPIServer", "operator.openshift.io/v1", "openshiftapiservers", true),
      new Listing("KubeControllerManager", "operator.openshift.io/v1", "kubecontrollermanagers",
          true),
      new Listing("KubeScheduler", "operator.openshift.io/v1", "kubeschedulers", true),
      new Listing("Etcd", "operator.openshift.io/v1", "etcds", true));

  private static final String KUBEADM_CONFIG_PATH =
      "/api/v1/namespaces/kube-system/configmaps/kubeadm-config";

  private final KubernetesClient client;
  private final String clusterName;
  private final Limits limits;
  private final Consumer<String> progress;
  private final ApiRequests requests;
  private final HeapBudget budget;
  private final ApiEvidence evidence = new ApiEvidence();
  private final List<FactBundle.InventoryEntry> inventory = new ArrayList<>();
  private final List<FactBundle.Issue> errors = new ArrayList<>();
  private final List<Map<String, Object>> nodeObjects = new ArrayList<>();

  private ClusterScan(KubernetesClient client, String clusterName, Limits limits,
      Consumer<String> progress) {
    this.client = client;
    this.clusterName = clusterName;
    this.limits = limits;
    this.progress = progress;
    this.requests = new ApiRequests(client, limits.requestTimeout(), limits.maxResponseBytes(),
        limits.timeout());
    this.budget = limits.heapBytes() == 0 ? HeapBudget.ofThisJvm()
        : new HeapBudget(limits.heapBytes());
  }

  /**
   * Collects the cluster {@code client} talks to, within the default limits.
   *
   * @param clusterName the cluster's name for the bundle, or {@code null}
   * @param pageSize objects per list request
   * @param progress told what is being read, a short line at a time
   * @throws CollectionException when the API server cannot be reached or refuses the credentials
   */
  public static FactBundle collect(KubernetesClient client, String clusterName, int pageSize,
      Consumer<String> progress) {
    return collect(client, clusterName, Limits.DEFAULTS.withPageSize(pageSize), progress);
  }

  /**
   * Collects the cluster {@code client} talks to.
   *
   * @param clusterName the cluster's name for the bundle, or {@code null}
   * @param limits what the collection may take
   * @param progress told what is being read, a short line at a time
   * @throws CollectionException when the API server cannot be reached, does not answer in time
   *     or refuses the credentials
   */
  public static FactBundle collect(KubernetesClient client, String clusterName, Limits limits,
      Consumer<String> progress) {
    return new ClusterScan(client, clusterName, limits, progress).run();
  }

  private FactBundle run() {
    String version = version();
    Map<String, Set<String>> served = discovery();
    for (Listing listing : LISTINGS) {
      if (!listing.ifServed()) {
        list(listing);
      } else if (served == null) {
        errors.add(new FactBundle.Issue(listing.resource(), "not listed: the API groups could "
            + "not be discovered (/apis), so whether " + listing.apiVersion() + " is served is "
            + "unknown", null, listing.kind()));
      } else if (served.getOrDefault(listing.group(), Set.of()).contains(listing.version())) {
        list(listing);
      }
    }
    String platform = platform(version, served);
    componentConfigMaps();
    liveKubeletConfigs();

    FactBundle.Metadata metadata = new FactBundle.Metadata(
        new FactBundle.Collector(COLLECTOR, Version.get()),
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
      ApiJson.Document info = document("/version");
      if (info != null) {
        budget.release(info.charged());
        if (info.object().get("gitVersion") instanceof String gitVersion) {
          return ApiRequests.oneLine(gitVersion);
        }
      }
      errors.add(new FactBundle.Issue("/version", "the API server did not say its version",
          null, null));
    } catch (ApiFailure e) {
      if (e.code == ApiFailure.NO_ANSWER || e.code == 401) {
        throw new CollectionException("cannot collect from the API server at "
            + client.getMasterUrl() + ": " + e.getMessage());
      }
      errors.add(new FactBundle.Issue("/version", e.getMessage(), null, null));
    }
    return null;
  }

  /**
   * Lists one kind page by page. A failure leaves what was read (except when the heap share is
   * full: then the kind's objects are dropped, to leave room for the kinds after it) and an error
   * naming the kind, which makes it incomplete; so do items of another kind, which are dropped.
   */
  private void list(Listing listing) {
    progress.accept(listing.resource());
    List<Item> kept = new ArrayList<>();
    Map<String, Integer> dropped = new TreeMap<>();
    Set<String> tokens = new HashSet<>();
    int[] received = {0};
    ApiFailure failure = null;
    String cont = null;
    int pages = 0;
    try {
      do {
        if (++pages > limits.maxPages()) {
          throw new ApiFailure(ApiFailure.REFUSED, "the API server went on past "
              + limits.maxPages() + " pages (" + received[0] + " objects), more than "
              + limits.maxObjects() + " objects (--max-objects) take");
        }
        String path = listing.path() + "?limit=" + limits.pageSize()
            + (cont == null ? "" : "&continue=" + URLEncoder.encode(cont, StandardCharsets.UTF_8));
        List<Item> pageItems = new ArrayList<>();
        Map<String, Integer> pageDropped = new TreeMap<>();
        ApiJson.Page page;
        try {
          page = requests.get(path, in -> ApiJson.page(in, budget, (item, charged) -> {
            if (++received[0] > limits.maxObjects()) {
              budget.release(charged);
              throw new ApiFailure(ApiFailure.REFUSED, "more than " + limits.maxObjects()
                  + " objects (--max-objects)");
            }
            String foreign = foreignKind(listing, item);
            if (foreign != null) {
              budget.release(charged); // never kept: a Secret's data goes no further than here
              pageDropped.merge(foreign, 1, Integer::sum);
            } else {
              pageItems.add(new Item(ApiEvidence.map(item), charged));
            }
          }));
        } catch (ApiFailure e) {
          release(pageItems);
          throw e;
        }
        if (page == null) {
          throw new ApiFailure(404, "not served by this API server (404)");
        }
        String refused = refusedList(listing, page, pageItems, pageDropped);
        if (refused != null) {
          release(pageItems);
          throw new ApiFailure(ApiFailure.REFUSED, refused);
        }
        kept.addAll(pageItems);
        pageDropped.forEach((kind, n) -> dropped.merge(kind, n, Integer::sum));
        progress.accept(listing.resource() + ": " + kept.size());
        cont = page.continueToken();
        if (cont != null && cont.length() > MAX_CONTINUE_LENGTH) {
          throw new ApiFailure(ApiFailure.REFUSED, "the API server sent a continue token longer "
              + "than " + MAX_CONTINUE_LENGTH + " characters");
        }
        if (cont != null && !tokens.add(digest(cont))) {
          throw new ApiFailure(ApiFailure.REFUSED, "the API server sent a continue token again "
              + "after " + received[0] + " objects: the listing would never end");
        }
      } while (cont != null);
    } catch (ApiFailure e) {
      failure = e;
    }
    if (failure != null && failure.code == ApiFailure.HEAP_FULL) {
      release(kept);
      errors.add(new FactBundle.Issue(listing.resource(), failure.getMessage()
          + (kept.isEmpty() ? "" : "; the " + kept.size() + " objects read before are dropped"),
          null, listing.kind()));
      return;
    }
    kept.forEach(item -> add(listing, item.object()));
    if (!dropped.isEmpty()) {
      List<String> what = new ArrayList<>();
      dropped.forEach((kind, n) -> what.add(n + " " + kind));
      errors.add(new FactBundle.Issue(listing.resource(), "dropped " + String.join(", ", what)
          + ": the list holds " + listing.kind() + " (" + listing.apiVersion() + ") only",
          null, listing.kind()));
    }
    if (failure != null) {
      errors.add(new FactBundle.Issue(listing.resource(), failure.getMessage(), null,
          listing.kind()));
    } else if (dropped.isEmpty()) {
      inventory.add(new FactBundle.InventoryEntry(listing.kind(), kept.size()));
    }
  }

  /**
   * What an item of a list of {@code listing} is when it is not of its kind ({@code Secret (v1)},
   * {@code not an object}), or {@code null} when it is, or may be by its list: an item says its
   * kind and apiVersion only when the list is a plain {@code List}.
   */
  private static String foreignKind(Listing listing, Object item) {
    if (!(item instanceof Map<?, ?> object)) {
      return "items that are not objects";
    }
    Object kind = object.get("kind");
    Object apiVersion = object.get("apiVersion");
    if (kind == null && apiVersion == null) {
      return null;
    }
    if (listing.kind().equals(kind) && listing.apiVersion().equals(apiVersion)) {
      return null;
    }
    return describeKind(kind, apiVersion);
  }

  /** A token's SHA-256: what is remembered of each, however long a list. */
  private static String digest(String token) {
    try {
      return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
          .getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** A listed object and what it was charged. */
  private record Item(Map<String, Object> object, long charged) {}

  private void release(List<Item> items) {
    items.forEach(item -> budget.release(item.charged()));
  }

  /**
   * Why a page is refused as a whole, or {@code null}: a list of another kind ({@code SecretList}
   * for {@code serviceaccounts}). A plain {@code List} is taken when its items say their kind;
   * those that do not are dropped from {@code items}.
   */
  private String refusedList(Listing listing, ApiJson.Page page, List<Item> items,
      Map<String, Integer> dropped) {
    if ((listing.kind() + "List").equals(page.kind())
        && listing.apiVersion().equals(page.apiVersion())) {
      return null;
    }
    if ("List".equals(page.kind()) && "v1".equals(page.apiVersion())) {
      items.removeIf(item -> {
        if (item.object().get("kind") != null) {
          return false;
        }
        budget.release(item.charged());
        dropped.merge("items that do not say their kind", 1, Integer::sum);
        return true;
      });
      return null;
    }
    return "the API server answered with " + (page.kind() == null ? "a list without a kind"
        : describeKind(page.kind(), page.apiVersion())) + ", not a " + listing.kind() + "List ("
        + listing.apiVersion() + "): none of its " + page.items() + " items is kept";
  }

  private static String describeKind(Object kind, Object apiVersion) {
    String k = kind instanceof String s && !s.isBlank() ? ApiRequests.oneLine(s) : "no kind";
    String v = apiVersion instanceof String s && !s.isBlank() ? ApiRequests.oneLine(s)
        : "no apiVersion";
    return k + " (" + v + ")";
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
    if (!(metadata.get("name") instanceof String name) || name.isEmpty()) {
      return; // the API server names every object; nothing to judge or point at without one
    }
    String namespace = metadata.get("namespace") instanceof String ns && !ns.isEmpty() ? ns : null;
    if (listing.kind().equals("Node")) {
      nodeObjects.add(object);
    }
    List<String> segments = new ArrayList<>(List.of(listing.apiVersion().split("/")));
    segments.add(0, listing.apiVersion().contains("/") ? "apis" : "api");
    if (namespace != null) {
      segments.addAll(List.of("namespaces", namespace));
    }
    segments.addAll(List.of(listing.resource(), name));
    evidence.keep(object, ApiPath.label(segments.toArray(String[]::new)));
  }

  // ---- platform -----------------------------------------------------------------------------

  /**
   * The distribution: a managed platform by its nodes' provider ids together with its own node
   * labels, OpenShift by its config API group, k3s and RKE2 by their version suffix, kubeadm by
   * its {@code kubeadm-config} ConfigMap (only whether it exists is read).
   */
  private String platform(String version, Map<String, Set<String>> served) {
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
    if (served != null && served.containsKey(OPENSHIFT_CONFIG_GROUP)) {
      return "openshift";
    }
    if (version != null && version.contains("+k3s")) {
      return "k3s";
    }
    if (version != null && version.contains("+rke2")) {
      return "rke2";
    }
    try {
      if (requests.get(KUBEADM_CONFIG_PATH, body -> Boolean.TRUE) != null) {
        return "kubeadm"; // the body is dropped unread: only the map's existence says kubeadm
      }
    } catch (ApiFailure e) {
      errors.add(new FactBundle.Issue(KUBEADM_CONFIG_PATH, e.getMessage(), null, null));
    }
    return null;
  }

  /**
   * The API groups the server serves, each with its versions, from {@code /apis}; or {@code null}
   * when they could not be read (a collection error).
   */
  private Map<String, Set<String>> discovery() {
    progress.accept("API groups");
    try {
      ApiJson.Document groups = document("/apis");
      Map<String, Set<String>> served = new TreeMap<>();
      // An answer without groups (or none) serves no named group: the core kinds are listed
      // all the same, and a distribution's kinds are not looked for.
      if (groups == null) {
        return served;
      }
      budget.release(groups.charged());
      List<?> list = groups.object().get("groups") instanceof List<?> l ? l : List.of();
      for (Object group : list) {
        if (group instanceof Map<?, ?> g && g.get("name") instanceof String name) {
          Set<String> versions = served.computeIfAbsent(name, n -> new HashSet<>());
          if (g.get("versions") instanceof List<?> vs) {
            for (Object v : vs) {
              if (v instanceof Map<?, ?> m && m.get("version") instanceof String version) {
                versions.add(version);
              }
            }
          }
        }
      }
      return served;
    } catch (ApiFailure e) {
      errors.add(new FactBundle.Issue("/apis", e.getMessage(), null, null));
      return null;
    }
  }

  private static boolean anyStartsWith(Set<String> labels, String prefix) {
    return labels.stream().anyMatch(l -> l.startsWith(prefix));
  }

  // ---- kube-proxy and the kubelets' live configuration -------------------------------------

  /**
   * The ConfigMaps the node layouts name as components' config files (kubeadm's kube-proxy
   * ConfigMap), each read by name: the component of every node (not kept as an object).
   */
  private void componentConfigMaps() {
    ApiEvidence.CONFIG_MAPS.forEach((kind, maps) -> {
      for (NodeLayouts.ConfigMapFile spec : maps) {
        progress.accept(kind + " configuration");
        try {
          ApiJson.Document configMap = document("/api/v1/namespaces/" + spec.namespace()
              + "/configmaps/" + spec.name());
          if (configMap != null) {
            budget.release(configMap.charged());
            Map<String, Object> object = configMap.object();
            if (!"ConfigMap".equals(object.get("kind")) || !"v1".equals(object.get("apiVersion"))) {
              throw new ApiFailure(ApiFailure.REFUSED, "the API server answered with "
                  + describeKind(object.get("kind"), object.get("apiVersion"))
                  + ", not a ConfigMap (v1): not read");
            }
            evidence.configMapComponent(kind, spec, object);
          }
        } catch (ApiFailure e) {
          errors.add(new FactBundle.Issue(ApiEvidence.item(spec), e.getMessage(), kind, null));
        }
      }
    });
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
        String endpoint = configzLabel(node);
        Object answer = answers.get(i).get();
        if (answer instanceof ApiJson.Document kubeletConfig) {
          evidence.component(node, configzKubelet(node, kubeletConfig.object()));
          budget.release(kubeletConfig.charged());
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

  /**
   * A node's {@code kubeletconfig}, redacted, with what it is charged; or why it could not be read,
   * as text. A node whose name is not a DNS subdomain is not asked: its name would go into the
   * request's path.
   */
  private Object configz(String node) {
    if (!ApiPath.isDnsSubdomain(node)) {
      return "not requested: the node's name is not a DNS subdomain, as Kubernetes requires";
    }
    try {
      ApiJson.Document answer = document(configzPath(node));
      if (answer == null) {
        return "not found (404)";
      }
      try {
        if (!(answer.object().get("kubeletconfig") instanceof Map<?, ?> config)) {
          return "the answer holds no kubeletconfig";
        }
        budget.charge(answer.charged()); // the redacted copy
        return new ApiJson.Document(Redactor.redact(config), answer.charged());
      } finally {
        budget.release(answer.charged());
      }
    } catch (ApiFailure e) {
      return e.getMessage();
    }
  }

  /** The path of a node's {@code /configz}, which only a valid node name may be put in. */
  static String configzPath(String node) {
    return ApiPath.of("api", "v1", "nodes", node, "proxy", "configz");
  }

  /** The path of a node's {@code /configz}, for any node name, to show. */
  static String configzLabel(String node) {
    return ApiPath.label("api", "v1", "nodes", node, "proxy", "configz");
  }

  /**
   * The kubelet as its live configuration shows it: every config-keyed kubelet setting of the
   * catalog, valued from configz (source {@code configz}). The kubelet leaves empty values out
   * (omitempty), so a key that is absent has no value; a feature gate absent is left out (the
   * engine takes it at its own default). Without its command line, flags that override the config are not visible here.
   */
  static FactBundle.Component configzKubelet(String node, Map<String, Object> kubeletConfig) {
    String endpoint = configzLabel(node);
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
        continue; // absent = at its default: the engine applies its own (bundles carry evidence)
      } else {
        effective.put(spec.name(), new FactBundle.EffectiveValue(null, "configz", endpoint));
      }
    }
    return new FactBundle.Component("kubelet", new FactBundle.Source("configz", endpoint, null),
        List.of(), Map.of(), List.of(), effective);
  }

  // ---- requests -----------------------------------------------------------------------------

  /** GETs a JSON document; {@code null} when it is not found. Its charge is the caller's. */
  private ApiJson.Document document(String path) throws ApiFailure {
    return requests.get(path, body -> ApiJson.document(body, budget));
  }
}
