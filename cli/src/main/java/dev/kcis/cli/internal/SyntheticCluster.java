package dev.kcis.cli.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the fact bundle of a synthetic cluster of a given size, for benchmarks and capacity
 * planning ({@code kcis bench generate}). The cluster looks like a real one: control-plane nodes
 * with the full evidence of a kubeadm node (static-pod components, kubelet, file modes), worker
 * nodes with a kubelet; namespaces with and without Pod Security Admission labels and
 * NetworkPolicies; Deployments, DaemonSets, StatefulSets, Jobs and CronJobs with one to three
 * containers and varied security contexts; ClusterRoles with aggregation and wildcards, bindings,
 * service accounts, Services and ConfigMaps. Most of it is hardened, a share of it is not, so that
 * every section of the benchmark has findings (about one workload in eight has a weakness).
 *
 * <p>The same size and seed always give the same bytes: the objects come from one
 * {@link Random} (its algorithm is fixed by the Java specification) and are written as they are
 * made, one at a time, so memory stays flat whatever the size.
 */
public final class SyntheticCluster {

  /** The template of a control-plane node: the hardened kubeadm sample's node. */
  private static final String NODE_TEMPLATE = "synthetic-control-plane-node.json";
  private static final String TEMPLATE_NAME = "cp-1";
  private static final String TEMPLATE_IP = "10.0.0.10";
  private static final int OBJECTS_PER_NAMESPACE = 40;
  private static final String[] IMAGES = {"registry.example.com/shop/cart", "docker.io/library/nginx",
      "ghcr.io/example/api", "quay.io/example/worker", "registry.example.com/platform/proxy"};
  private static final String[] APPS = {"cart", "checkout", "search", "catalog", "payments",
      "frontend", "gateway", "billing", "reports", "auth", "inventory", "mailer"};

  private final int nodes;
  private final int objects;
  private final long seed;
  private final String nodeTemplate;

  /**
   * @param nodes how many nodes (the first one, and one in 30 of the rest, are control-plane
   *     nodes); at least 1
   * @param objects how many API objects, about: whole namespaces are written; at least 1
   * @param seed the seed of the pseudo-random choices
   */
  public SyntheticCluster(int nodes, int objects, long seed) {
    if (nodes < 1 || objects < 1) {
      throw new IllegalArgumentException("a cluster has at least one node and one object");
    }
    this.nodes = nodes;
    this.objects = objects;
    this.seed = seed;
    try (InputStream in = SyntheticCluster.class.getResourceAsStream(NODE_TEMPLATE)) {
      this.nodeTemplate = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What was written: counts for a one-line summary. */
  public record Written(int nodes, int controlPlaneNodes, int objects, int namespaces,
      int workloads) {}

  /** Writes the bundle as JSON to {@code out} (not closed). */
  public Written write(OutputStream out) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    return write(mapper, mapper.getFactory().createGenerator(out, JsonEncoding.UTF8));
  }

  /** Writes the bundle as JSON to {@code out} (not closed). */
  public Written write(Writer out) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    return write(mapper, mapper.getFactory().createGenerator(out));
  }

  private Written write(ObjectMapper mapper, JsonGenerator generator) throws IOException {
    Random random = new Random(seed);
    try (JsonGenerator json = generator) {
      json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      json.writeStartObject();
      json.writeStringField("apiVersion", "kcis.dev/v1");
      json.writeStringField("kind", "FactBundle");
      json.writeObjectField("metadata", map("collector", map("name", "kcis bench generate",
          "version", "1"), "collectedAt", "2026-01-01T00:00:00Z"));
      json.writeObjectField("cluster", map("name", "synthetic-" + seed, "kubernetesVersion",
          "v1.31.4", "platform", "kubeadm"));
      json.writeArrayFieldStart("nodes");
      int controlPlanes = 0;
      for (int n = 0; n < nodes; n++) {
        boolean controlPlane = n == 0 || n % 30 == 0;
        controlPlanes += controlPlane ? 1 : 0;
        String name = controlPlane ? "cp-" + n : "worker-" + n;
        json.writeObject(node(mapper, name, "10.0." + (n / 250) + "." + (n % 250 + 1),
            controlPlane, random));
        json.writeRaw('\n');
      }
      json.writeEndArray();
      json.writeArrayFieldStart("objects");
      Counts counts = new Counts();
      objects(object -> {
        json.writeObject(object);
        json.writeRaw('\n');
      }, random, counts);
      json.writeEndArray();
      json.writeArrayFieldStart("inventory");
      for (Map.Entry<String, Integer> kind : counts.kinds.entrySet()) {
        json.writeObject(map("kind", kind.getKey(), "count", kind.getValue()));
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeRaw('\n');
      return new Written(nodes, controlPlanes, counts.objects, counts.namespaces,
          counts.workloads);
    }
  }

  /** Where the API objects go, one at a time, as they are made. */
  @FunctionalInterface
  public interface ObjectSink {
    /** Takes one API object (a mutable map the sink may change or keep). */
    void accept(Map<String, Object> object) throws IOException;
  }

  /**
   * Makes the cluster's API objects (not its nodes) and hands them to {@code sink} one at a time,
   * in the order a bundle holds them: cluster-scoped objects first, then namespace by namespace.
   * The same size and seed give the same objects (not those of {@link #write}, whose nodes draw
   * from the same random sequence first).
   *
   * @return how many objects, namespaces and workloads were made (no nodes)
   */
  public Written objects(ObjectSink sink) throws IOException {
    Counts counts = new Counts();
    objects(sink, new Random(seed), counts);
    return new Written(0, 0, counts.objects, counts.namespaces, counts.workloads);
  }

  private void objects(ObjectSink sink, Random random, Counts counts) throws IOException {
    clusterObjects(sink, random, counts);
    for (int ns = 0; counts.objects < objects; ns++) {
      namespace(sink, "team-" + ns, random, counts);
    }
  }

  /** Counts of what was written, and the inventory (every kind written, in full). */
  private static final class Counts {
    int objects;
    int namespaces;
    int workloads;
    final Map<String, Integer> kinds = new LinkedHashMap<>();
  }

  private static void emit(ObjectSink sink, Map<String, Object> object, Counts counts)
      throws IOException {
    sink.accept(object);
    counts.objects++;
    counts.kinds.merge((String) object.get("kind"), 1, Integer::sum);
  }

  // ---- nodes -------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private Map<String, Object> node(ObjectMapper mapper, String name, String ip,
      boolean controlPlane, Random random) throws IOException {
    Map<String, Object> node = mapper.readValue(nodeTemplate.replace(TEMPLATE_NAME, name)
        .replace(TEMPLATE_IP, ip), LinkedHashMap.class);
    List<Map<String, Object>> components = (List<Map<String, Object>>) node.get("components");
    List<Map<String, Object>> files = (List<Map<String, Object>>) node.get("files");
    if (!controlPlane) {
      node.put("roles", List.of("worker"));
      components.removeIf(c -> !"kubelet".equals(c.get("kind")));
      files.removeIf(f -> !"kubelet".equals(f.get("component")) && !"pki-cert".equals(f.get("role")));
    }
    Map<String, Object> kubelet = components.stream().filter(c -> "kubelet".equals(c.get("kind")))
        .findFirst().orElseThrow();
    Map<String, Object> config = (Map<String, Object>) ((List<Map<String, Object>>)
        kubelet.get("configFiles")).get(0).get("content");
    // About one node in ten drifts from the hardened configuration, one way or another.
    switch (random.nextInt(40)) {
      case 0 -> config.put("readOnlyPort", 10255);
      case 1 -> ((Map<String, Object>) ((Map<String, Object>) config.get("authentication"))
          .get("anonymous")).put("enabled", true);
      case 2 -> config.remove("tlsCipherSuites");
      case 3 -> files.stream().filter(f -> "kubelet-config".equals(f.get("role")))
          .forEach(f -> f.put("mode", "0644"));
      default -> { }
    }
    if (controlPlane && (name.equals("cp-0") || random.nextInt(4) == 0)) {
      Map<String, Object> apiServer = components.get(0);
      List<String> args = new ArrayList<>((List<String>) apiServer.get("args"));
      args.add("--profiling=true");
      apiServer.put("args", args);
    }
    return node;
  }

  // ---- cluster-scoped objects --------------------------------------------------------------

  private void clusterObjects(ObjectSink json, Random random, Counts counts)
      throws IOException {
    // The defaults kubeadm creates, labelled as such.
    for (String[] binding : new String[][] {{"cluster-admin", "Group", "system:masters"},
        {"system:basic-user", "Group", "system:authenticated"},
        {"system:discovery", "Group", "system:authenticated"},
        {"system:kube-controller-manager", "User", "system:kube-controller-manager"},
        {"system:kube-scheduler", "User", "system:kube-scheduler"},
        {"system:node-proxier", "User", "system:kube-proxy"}}) {
      emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, binding[0],
          map("kubernetes.io/bootstrapping", "rbac-defaults"), map("roleRef",
              roleRef("ClusterRole", binding[0]), "subjects",
              List.of(subject(binding[1], binding[2], null)))), counts);
    }
    // Aggregated roles: the parent's rules are filled in from the labelled children.
    emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRole", null, "monitoring", null,
        map("aggregationRule", map("clusterRoleSelectors", List.of(map("matchLabels",
            map("rbac.example.com/aggregate-to-monitoring", "true")))), "rules", List.of())),
        counts);
    emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRole", null, "monitoring-endpoints",
        map("rbac.example.com/aggregate-to-monitoring", "true"), map("rules", List.of(
            rule(List.of(""), List.of("services", "endpoints", "pods"),
                List.of("get", "list", "watch"))))), counts);
    emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRole", null, "monitoring-secrets",
        map("rbac.example.com/aggregate-to-monitoring", "true"), map("rules", List.of(
            rule(List.of(""), List.of("secrets"), List.of("get", "list"))))), counts);
    emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, "monitoring",
        null, map("roleRef", roleRef("ClusterRole", "monitoring"), "subjects",
            List.of(subject("ServiceAccount", "prometheus", "monitoring")))), counts);
    // Wildcards: an operator that may do anything, bound to its service account.
    emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRole", null, "legacy-operator",
        null, map("rules", List.of(rule(List.of("*"), List.of("*"), List.of("*"))))), counts);
    emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null,
        "legacy-operator", null, map("roleRef", roleRef("ClusterRole", "legacy-operator"),
            "subjects", List.of(subject("ServiceAccount", "operator", "kube-system")))), counts);
    emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRole", null, "deployer", null,
        map("rules", List.of(rule(List.of("apps"), List.of("deployments", "statefulsets"),
            List.of("*")), rule(List.of(""), List.of("configmaps", "services"),
            List.of("get", "list", "create", "update"))))), counts);
    if (random.nextBoolean()) {
      emit(json, object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null,
          "ci-admin", null, map("roleRef", roleRef("ClusterRole", "cluster-admin"), "subjects",
              List.of(subject("User", "ci-bot", null)))), counts);
    }
    // kube-system: the privileged node agents every cluster runs.
    emit(json, object("v1", "Namespace", null, "kube-system", null, Map.of()), counts);
    counts.namespaces++;
    emit(json, object("v1", "ServiceAccount", "kube-system", "operator", null, Map.of()), counts);
    emit(json, workload("DaemonSet", "kube-system", "kube-proxy", podSpec(List.of(
        container("kube-proxy", "registry.k8s.io/kube-proxy:v1.31.4",
            map("privileged", true), null)), map("hostNetwork", true,
        "serviceAccountName", "kube-proxy", "priorityClassName", "system-node-critical")),
        random), counts);
    emit(json, workload("DaemonSet", "kube-system", "cni", podSpec(List.of(
        container("cni", "docker.io/example/cni:1.2", map("capabilities",
            map("add", List.of("NET_ADMIN", "NET_RAW"))), null)), map("hostNetwork", true,
        "hostPID", false)), random), counts);
    counts.workloads += 2;
  }

  // ---- namespaces --------------------------------------------------------------------------

  private void namespace(ObjectSink json, String ns, Random random, Counts counts)
      throws IOException {
    counts.namespaces++;
    int kind = random.nextInt(10);
    // Seven namespaces in ten enforce a Pod Security Standard, most of them "restricted".
    Map<String, Object> labels = kind < 5
        ? map("kubernetes.io/metadata.name", ns, "pod-security.kubernetes.io/enforce", "restricted")
        : kind < 7 ? map("kubernetes.io/metadata.name", ns,
            "pod-security.kubernetes.io/enforce", "baseline",
            "pod-security.kubernetes.io/warn", "restricted")
        : map("kubernetes.io/metadata.name", ns);
    emit(json, object("v1", "Namespace", null, ns, labels, Map.of()), counts);
    if (random.nextInt(10) < 8) {
      emit(json, object("networking.k8s.io/v1", "NetworkPolicy", ns, "default-deny", null,
          map("spec", map("podSelector", Map.of(), "policyTypes", List.of("Ingress",
              "Egress")))), counts);
    }
    boolean automountOff = random.nextInt(10) < 6;
    emit(json, object("v1", "ServiceAccount", ns, "default", null,
        automountOff ? map("automountServiceAccountToken", false) : Map.of()), counts);
    emit(json, object("rbac.authorization.k8s.io/v1", "Role", ns, "app-reader", null,
        map("rules", List.of(rule(List.of(""), List.of("configmaps", "pods"),
            List.of("get", "list", "watch"))))), counts);
    int budget = OBJECTS_PER_NAMESPACE;
    for (int i = 0; budget > 0 && counts.objects < objects; i++) {
      String app = APPS[random.nextInt(APPS.length)] + "-" + i;
      emit(json, object("v1", "ServiceAccount", ns, app, null,
          map("automountServiceAccountToken", false)), counts);
      emit(json, object("rbac.authorization.k8s.io/v1", "RoleBinding", ns, app, null,
          map("roleRef", random.nextInt(25) == 0 ? roleRef("ClusterRole", "edit")
              : roleRef("Role", "app-reader"), "subjects",
              List.of(subject("ServiceAccount", app, ns)))), counts);
      emit(json, object("v1", "Service", ns, app, null, map("spec", map("selector",
          map("app", app), "ports", List.of(map("port", 80, "targetPort", 8080))))), counts);
      emit(json, object("v1", "ConfigMap", ns, app + "-config", null,
          map("data", map("LOG_LEVEL", "info", "FEATURES", "a,b,c"))), counts);
      String kindOf = switch (random.nextInt(20)) {
        case 0, 1 -> "StatefulSet";
        case 2 -> "DaemonSet";
        case 3, 4 -> "Job";
        case 5, 6 -> "CronJob";
        default -> "Deployment";
      };
      emit(json, workload(kindOf, ns, app, appPod(app, random), random), counts);
      counts.workloads++;
      budget -= 5;
    }
  }

  /** An application's pod: hardened, except one in eight with one weakness or two. */
  private static Map<String, Object> appPod(String app, Random random) {
    int containers = 1 + random.nextInt(3);
    List<Map<String, Object>> list = new ArrayList<>();
    boolean weak = random.nextInt(8) == 0;
    int weakness = weak ? random.nextInt(9) : -1;
    for (int c = 0; c < containers; c++) {
      Map<String, Object> sc = map("allowPrivilegeEscalation", false, "readOnlyRootFilesystem",
          true, "capabilities", map("drop", List.of("ALL")));
      List<Object> env = new ArrayList<>(List.of(map("name", "APP", "value", app)));
      if (c == 0) {
        switch (weakness) {
          case 0 -> sc.put("privileged", true);
          case 1 -> sc.put("allowPrivilegeEscalation", true);
          case 2 -> sc.put("capabilities", map("add", List.of("NET_ADMIN", "SYS_TIME")));
          case 3 -> sc.remove("capabilities");
          case 4 -> sc.put("runAsUser", 0);
          case 5 -> env.add(map("name", "DB_PASSWORD", "valueFrom",
              map("secretKeyRef", map("name", app + "-db", "key", "password"))));
          default -> { }
        }
      }
      String name = c == 0 ? app : c == 1 ? "proxy" : "log-shipper";
      String image = IMAGES[random.nextInt(IMAGES.length)] + ":" + (1 + random.nextInt(20)) + "."
          + random.nextInt(10);
      list.add(container(name, image, sc, env));
    }
    Map<String, Object> podSc = map("runAsNonRoot", true, "runAsUser", 10000 + random.nextInt(100),
        "fsGroup", 2000, "seccompProfile", map("type", "RuntimeDefault"));
    Map<String, Object> pod = map("serviceAccountName", app, "automountServiceAccountToken", false,
        "securityContext", podSc);
    switch (weakness) {
      case 6 -> pod.put("hostNetwork", true);
      case 7 -> podSc.remove("seccompProfile");
      case 8 -> {
        pod.put("hostPID", true);
        pod.put("volumes", List.of(map("name", "host", "hostPath", map("path", "/var/log"))));
      }
      default -> { }
    }
    if (weakness == 4) {
      podSc.remove("runAsNonRoot");
    }
    return podSpec(list, pod);
  }

  private static Map<String, Object> podSpec(List<Map<String, Object>> containers,
      Map<String, Object> pod) {
    Map<String, Object> spec = new LinkedHashMap<>(pod);
    spec.put("containers", containers);
    return spec;
  }

  private static Map<String, Object> container(String name, String image,
      Map<String, Object> securityContext, List<Object> env) {
    Map<String, Object> c = map("name", name, "image", image, "ports",
        List.of(map("containerPort", 8080, "protocol", "TCP")), "resources",
        map("requests", map("cpu", "100m", "memory", "128Mi"), "limits",
            map("memory", "256Mi")), "securityContext", securityContext);
    if (env != null) {
      c.put("env", env);
    }
    return c;
  }

  private static Map<String, Object> workload(String kind, String ns, String name,
      Map<String, Object> podSpec, Random random) {
    Map<String, Object> template = map("metadata", map("labels", map("app", name)), "spec",
        podSpec);
    Map<String, Object> spec = switch (kind) {
      case "Job" -> map("backoffLimit", 3, "template", withRestart(template));
      case "CronJob" -> map("schedule", (random.nextInt(60)) + " * * * *", "jobTemplate",
          map("spec", map("template", withRestart(template))));
      case "DaemonSet" -> map("selector", map("matchLabels", map("app", name)), "template",
          template);
      default -> map("replicas", 1 + random.nextInt(5), "selector",
          map("matchLabels", map("app", name)), "template", template);
    };
    String apiVersion = kind.equals("Job") || kind.equals("CronJob") ? "batch/v1" : "apps/v1";
    return object(apiVersion, kind, ns, name, map("app", name), map("spec", spec));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withRestart(Map<String, Object> template) {
    ((Map<String, Object>) template.get("spec")).put("restartPolicy", "OnFailure");
    return template;
  }

  private static Map<String, Object> object(String apiVersion, String kind, String namespace,
      String name, Map<String, Object> labels, Map<String, Object> body) {
    Map<String, Object> metadata = map("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    if (labels != null) {
      metadata.put("labels", labels);
    }
    Map<String, Object> object = map("apiVersion", apiVersion, "kind", kind, "metadata",
        metadata);
    object.putAll(body);
    return object;
  }

  private static Map<String, Object> roleRef(String kind, String name) {
    return map("apiGroup", "rbac.authorization.k8s.io", "kind", kind, "name", name);
  }

  private static Map<String, Object> subject(String kind, String name, String namespace) {
    Map<String, Object> s = map("kind", kind, "name", name);
    if (namespace != null) {
      s.put("namespace", namespace);
    } else {
      s.put("apiGroup", "rbac.authorization.k8s.io");
    }
    return s;
  }

  private static Map<String, Object> rule(List<String> groups, List<String> resources,
      List<String> verbs) {
    return map("apiGroups", groups, "resources", resources, "verbs", verbs);
  }

  /** A mutable, ordered map of key, value pairs. */
  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
