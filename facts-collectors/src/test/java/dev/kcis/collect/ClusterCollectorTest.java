package dev.kcis.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.internal.ClusterScan;
import io.fabric8.kubernetes.api.model.NodeSpecBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ClusterCollectorTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir
  Path dir;

  @BeforeEach
  void createSample() {
    SampleCluster.create(server, client);
  }

  FactBundle collect() {
    return ClusterScan.collect(client, "sample", ClusterScan.DEFAULT_PAGE_SIZE, line -> { });
  }

  static String json(FactBundle bundle) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bundle.writeJson(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static FactBundle.Node node(FactBundle bundle, String name) {
    return bundle.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + name + " in " + bundle.nodes()));
  }

  static FactBundle.Component component(FactBundle.Node node, String kind) {
    List<FactBundle.Component> found = node.components().stream()
        .filter(c -> c.kind().equals(kind)).toList();
    assertEquals(1, found.size(), kind + " on " + node.name() + ": " + found);
    return found.get(0);
  }

  static Map<String, Object> object(FactBundle bundle, String kind, String name) {
    return bundle.objects().stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(
            ((Map<?, ?>) o.get("metadata")).get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  static Map<String, Integer> inventory(FactBundle bundle) {
    Map<String, Integer> inventory = new TreeMap<>();
    bundle.inventory().forEach(e -> inventory.put(e.kind(), e.count()));
    return inventory;
  }

  @Test
  void listsEveryKindTheRulesReadWithItsCount() {
    FactBundle bundle = collect();

    Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("Namespace", 2), Map.entry("Node", 2), Map.entry("Pod", 4),
        Map.entry("ReplicationController", 1), Map.entry("Service", 1),
        Map.entry("ServiceAccount", 1), Map.entry("Deployment", 1), Map.entry("StatefulSet", 1),
        Map.entry("DaemonSet", 1), Map.entry("ReplicaSet", 1), Map.entry("Job", 1),
        Map.entry("CronJob", 1), Map.entry("Role", 1), Map.entry("ClusterRole", 1),
        Map.entry("RoleBinding", 1), Map.entry("ClusterRoleBinding", 1),
        Map.entry("NetworkPolicy", 1), Map.entry("ValidatingWebhookConfiguration", 1),
        Map.entry("MutatingWebhookConfiguration", 1)));
    assertEquals(expected, inventory(bundle));
    assertEquals(expected.values().stream().mapToInt(Integer::intValue).sum(),
        bundle.objects().size(), "every listed object kept, ConfigMaps and Secrets none");
    assertEquals(List.of(), bundle.errors());
    assertEquals(new FactBundle.Cluster("sample", "v1.31.4", "kubeadm"), bundle.cluster());
    assertEquals(ClusterScan.COLLECTOR, bundle.metadata().collector().name());

    // What the section-5 rules read is kept as the API server sent it.
    Map<String, Object> apps = object(bundle, "Namespace", "apps");
    assertEquals(Map.of("pod-security.kubernetes.io/enforce", "restricted"),
        ((Map<?, ?>) apps.get("metadata")).get("labels"));
    Map<String, Object> monitoring = object(bundle, "ClusterRole", "monitoring");
    assertTrue(monitoring.containsKey("aggregationRule"), monitoring.toString());
    assertEquals(Map.of("rbac.example.com/aggregate-to-monitoring", "true"),
        ((Map<?, ?>) monitoring.get("metadata")).get("labels"));
    assertEquals("rbac.authorization.k8s.io/v1", monitoring.get("apiVersion"));
    assertEquals("/api/v1/namespaces/apps/pods/web",
        bundle.objectLocations().get("Pod/apps/web"));
    assertEquals("/apis/rbac.authorization.k8s.io/v1/clusterroles/monitoring",
        bundle.objectLocations().get("ClusterRole/monitoring"));
  }

  @Test
  void neverReadsSecretsNorCopiesSecretValues() throws Exception {
    FactBundle bundle = collect();

    assertTrue(bundle.objects().stream().noneMatch(o -> "Secret".equals(o.get("kind"))));
    String text = json(bundle);
    for (String secret : SampleCluster.secrets()) {
      assertFalse(text.contains(secret), secret + " is in the bundle");
    }
    List<String> paths = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (request.getMethod().equals("GET")) {
        paths.add(request.getPath()); // the rest created the sample
      }
    }
    assertTrue(paths.stream().anyMatch(p -> p.startsWith("/api/v1/pods?limit=500")),
        paths.toString());
    assertTrue(paths.stream().noneMatch(p -> p.contains("secrets")), paths.toString());
    assertTrue(paths.stream().filter(p -> p.contains("configmaps")).allMatch(p ->
        p.endsWith("/namespaces/kube-system/configmaps/kube-proxy")
            || p.endsWith("/namespaces/kube-system/configmaps/kubeadm-config")), paths.toString());

    // What stays of the workloads: the secret's reference; literal values never.
    Map<?, ?> web = (Map<?, ?>) ((List<?>) ((Map<?, ?>) object(bundle, "Pod", "web").get("spec"))
        .get("containers")).get(0);
    assertEquals(List.of(Map.of("name", "DB_PASSWORD", "value", "<redacted>"),
            Map.of("name", "LOG_LEVEL", "value", "<redacted>"),
            Map.of("name", "API_KEY", "valueFrom",
                Map.of("secretKeyRef", Map.of("name", "app-secret", "key", "api-key")))),
        web.get("env"));
    Map<?, ?> webAnnotations = (Map<?, ?>) ((Map<?, ?>) object(bundle, "Pod", "web")
        .get("metadata")).get("annotations");
    assertTrue(webAnnotations == null || webAnnotations.isEmpty(), String.valueOf(webAnnotations));
  }

  @Test
  void mirrorPodsBecomeComponentsOfTheirNode() {
    FactBundle bundle = collect();
    FactBundle.Node cp1 = node(bundle, "cp-1");
    assertEquals(List.of("control-plane"), cp1.roles());

    FactBundle.Component apiserver = component(cp1, "kube-apiserver");
    assertEquals(new FactBundle.Source("mirror-pod", "Pod/kube-system/kube-apiserver-cp-1",
        "/spec/containers/0"), apiserver.source());
    assertEquals(List.of("kube-apiserver", "--anonymous-auth=false",
        "--authorization-mode=Node,RBAC", "--profiling=false"), apiserver.args());

    FactBundle.Component etcd = component(cp1, "etcd");
    assertEquals(Map.of("ETCD_NAME", "cp-1", "ETCD_INITIAL_CLUSTER_TOKEN", "<redacted>"),
        etcd.env());

    // The application's etcd in namespace apps is a workload, not a component.
    FactBundle.Node w1 = node(bundle, "w-1");
    assertTrue(w1.components().stream().noneMatch(c -> c.kind().equals("etcd")),
        w1.components().toString());
    assertEquals(List.of(), w1.roles());
  }

  @Test
  void configzBecomesTheKubeletsEffectiveSettings() {
    FactBundle bundle = collect();
    FactBundle.Component kubelet = component(node(bundle, "cp-1"), "kubelet");
    String endpoint = "/api/v1/nodes/cp-1/proxy/configz";
    assertEquals(new FactBundle.Source("configz", endpoint, null), kubelet.source());
    assertEquals(List.of(), kubelet.args());

    Map<String, FactBundle.EffectiveValue> effective = kubelet.effective();
    assertEquals(new FactBundle.EffectiveValue("false", "configz", endpoint),
        effective.get("authentication.anonymous.enabled"));
    assertEquals(new FactBundle.EffectiveValue("Webhook", "configz", endpoint),
        effective.get("authorization.mode"));
    assertEquals(new FactBundle.EffectiveValue(
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "configz", endpoint), effective.get("tlsCipherSuites"));
    assertEquals(new FactBundle.EffectiveValue("50", "configz", endpoint),
        effective.get("eventRecordQPS"));
    // Left out by omitempty: no value, still from configz. A feature gate left out is not written
    // (a default is not evidence): the engine takes it at its own default.
    assertEquals(new FactBundle.EffectiveValue(null, "configz", endpoint),
        effective.get("readOnlyPort"));
    assertFalse(effective.containsKey("featureGates.RotateKubeletServerCertificate"));
    dev.kcis.facts.Setting rotate = dev.kcis.core.internal.SettingResolver.resolve("cp-1",
        kubelet, new java.util.ArrayList<>()).stream()
        .filter(s -> s.getName().equals("featureGates.RotateKubeletServerCertificate"))
        .findFirst().orElseThrow();
    assertEquals("true", rotate.getValue());
    assertEquals(dev.kcis.facts.SettingSource.DEFAULT, rotate.getSource());
    assertFalse(effective.containsKey("--config"), "only config-keyed settings");

    FactBundle.Node w1 = node(bundle, "w-1");
    assertTrue(w1.components().stream().noneMatch(c -> c.kind().equals("kubelet")));
    assertEquals(1, w1.errors().size(), w1.errors().toString());
    FactBundle.Issue denied = w1.errors().get(0);
    assertEquals("/api/v1/nodes/w-1/proxy/configz", denied.item());
    assertEquals("kubelet", denied.component());
    assertTrue(denied.message().startsWith("forbidden (403): nodes/proxy \"w-1\" is forbidden"),
        denied.message());
  }

  @Test
  void kubeProxyConfigMapIsTheKubeProxyOfEveryNode() {
    FactBundle bundle = collect();
    FactBundle.Node every = node(bundle, "*");
    assertEquals(bundle.nodes().get(bundle.nodes().size() - 1), every, "listed last");
    FactBundle.Component proxy = component(every, "kube-proxy");
    assertEquals(new FactBundle.Source("configmap", "ConfigMap/kube-system/kube-proxy", null),
        proxy.source());
    assertEquals(List.of("kube-proxy", "--config=/var/lib/kube-proxy/config.conf"), proxy.args());
    assertEquals(1, proxy.configFiles().size());
    FactBundle.ConfigFile config = proxy.configFiles().get(0);
    assertEquals("--config", config.flag());
    assertEquals("/var/lib/kube-proxy/config.conf", config.path());
    assertEquals("0.0.0.0:10249", ((Map<?, ?>) config.content()).get("metricsBindAddress"));
    assertEquals(new FactBundle.EffectiveValue("0.0.0.0:10249", "config-file",
        "/var/lib/kube-proxy/config.conf"), proxy.effective().get("metricsBindAddress"));
    assertEquals(List.of(), every.errors());
  }

  @Test
  void listsPageByPage() throws Exception {
    KubernetesMockServer paging = PagingCrudServer.start();
    try (KubernetesClient pagingClient = paging.createClient()) {
      SampleCluster.create(paging, pagingClient);
      for (int i = 0; i < 7; i++) {
        pagingClient.pods().inNamespace("apps").resource(new PodBuilder().withNewMetadata()
            .withName("batch-" + i).endMetadata().withNewSpec().addNewContainer().withName("c")
            .withImage("busybox").endContainer().endSpec().build()).create();
      }
      List<String> progress = new ArrayList<>();

      FactBundle bundle = ClusterScan.collect(pagingClient, null, 3, progress::add);

      assertEquals(11, inventory(bundle).get("Pod"), "4 pages of 3, 3, 3 and 2");
      assertEquals(11, bundle.objects().stream().filter(o -> "Pod".equals(o.get("kind"))).count());
      assertEquals(2, inventory(bundle).get("Node"));
      assertTrue(progress.containsAll(List.of("pods: 3", "pods: 6", "pods: 9", "pods: 11")),
          progress.toString());
      List<String> podPages = new ArrayList<>();
      for (RecordedRequest r; (r = paging.takeRequest(1, TimeUnit.MILLISECONDS)) != null; ) {
        if (r.getMethod().equals("GET") && r.getPath().startsWith("/api/v1/pods?")) {
          podPages.add(r.getPath());
        }
      }
      assertEquals(List.of("/api/v1/pods?limit=3", "/api/v1/pods?limit=3&continue=3",
          "/api/v1/pods?limit=3&continue=6", "/api/v1/pods?limit=3&continue=9"), podPages);
    } finally {
      paging.destroy();
    }
  }

  @Test
  void aKindThatIsForbiddenIsACollectionErrorNotACrash() {
    server.expect().get().withPath("/apis/networking.k8s.io/v1/networkpolicies?limit=500")
        .andReturn(403, SampleCluster.forbidden("networkpolicies", null)).always();

    FactBundle bundle = collect();

    assertFalse(inventory(bundle).containsKey("NetworkPolicy"));
    assertEquals(18, inventory(bundle).size());
    assertEquals(1, bundle.errors().size(), bundle.errors().toString());
    FactBundle.Issue error = bundle.errors().get(0);
    assertEquals("networkpolicies", error.item());
    assertEquals("NetworkPolicy", error.kind());
    assertTrue(error.message().startsWith("forbidden (403): networkpolicies is forbidden"),
        error.message());
  }

  @Test
  void aManagedPlatformNeedsItsProviderIdAndItsOwnNodeLabels() {
    client.nodes().withName("w-1").edit(n -> {
      n.setSpec(new NodeSpecBuilder()
          .withProviderID("aws:///eu-west-1a/i-0abc").build());
      return n;
    });
    assertEquals("kubeadm", collect().cluster().platform(), "kubeadm on EC2 is not EKS");
    client.nodes().withName("w-1").edit(n -> {
      n.getMetadata().getLabels().put("eks.amazonaws.com/nodegroup", "ng-1");
      return n;
    });
    assertEquals("eks", collect().cluster().platform());
  }

  @Test
  void openShiftByItsApiGroupAndK3sByItsVersion() throws Exception {
    server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("30")
        .withGitVersion("v1.30.4+k3s1").build());
    assertEquals("k3s", collect().cluster().platform());
    server.expect().get().withPath("/apis").andReturn(200, """
        {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
          {"name": "config.openshift.io", "versions": [{"groupVersion": "config.openshift.io/v1",
           "version": "v1"}]}]}""").always();
    assertEquals("openshift", collect().cluster().platform());
  }

  @Test
  void onOpenShiftListsItsSccsAndOperatorResourcesRedactingObservedConfig() throws Exception {
    OpenShiftApi.serve(server);

    FactBundle bundle = collect();

    assertEquals("openshift", bundle.cluster().platform());
    assertEquals(List.of(), bundle.errors());
    Map<String, Integer> inventory = inventory(bundle);
    assertEquals(3, inventory.get("SecurityContextConstraints"));
    assertEquals(1, inventory.get("APIServer"));
    assertEquals(1, inventory.get("Authentication"));
    assertEquals(1, inventory.get("KubeAPIServer"));
    for (String none : List.of("OpenShiftAPIServer", "KubeControllerManager", "KubeScheduler",
        "Etcd")) {
      assertEquals(0, inventory.get(none), none + ": listed in full, none served");
    }
    assertEquals(27, inventory.size());

    Map<String, Object> privileged = object(bundle, "SecurityContextConstraints", "privileged");
    assertEquals("security.openshift.io/v1", privileged.get("apiVersion"));
    assertEquals(true, privileged.get("allowPrivilegedContainer"));
    assertEquals(List.of("*"), privileged.get("allowedCapabilities"));
    assertEquals("/apis/security.openshift.io/v1/securitycontextconstraints/restricted-v2",
        bundle.objectLocations().get("SecurityContextConstraints/restricted-v2"));
    Map<?, ?> apiServerSpec = (Map<?, ?>) object(bundle, "APIServer", "cluster").get("spec");
    assertEquals(Map.of("type", "aescbc"), apiServerSpec.get("encryption"));
    assertEquals(Map.of("profile", "Default"), apiServerSpec.get("audit"));
    assertEquals("/apis/operator.openshift.io/v1/kubeapiservers/cluster",
        bundle.objectLocations().get("KubeAPIServer/cluster"));

    // observedConfig is the operator's view of the server's configuration: what it says is
    // kept for the rules, a credential in it is not.
    Map<?, ?> kasSpec = (Map<?, ?>) object(bundle, "KubeAPIServer", "cluster").get("spec");
    Map<?, ?> observed = (Map<?, ?>) kasSpec.get("observedConfig");
    assertEquals(List.of("APIPriorityAndFairness=true"),
        ((Map<?, ?>) observed.get("apiServerArguments")).get("feature-gates"));
    assertTrue(kasSpec.containsKey("unsupportedConfigOverrides"), kasSpec.toString());
    Map<?, ?> authConfig = (Map<?, ?>) observed.get("authConfig");
    assertEquals("<redacted>", authConfig.get("token"));
    assertEquals("/etc/kubernetes/static-pod-resources/oauth.json",
        authConfig.get("oauthMetadataFile"));
    assertFalse(json(bundle).contains(OpenShiftApi.OBSERVED_SECRET));
  }

  @Test
  void anOpenShiftKindThatIsForbiddenIsACollectionErrorNamingIt() {
    server.expect().get() // before serve(): the first expectation that matches answers
        .withPath("/apis/security.openshift.io/v1/securitycontextconstraints?limit=500")
        .andReturn(403, SampleCluster.forbidden("securitycontextconstraints", null)).always();
    OpenShiftApi.serve(server);

    FactBundle bundle = collect();

    assertFalse(inventory(bundle).containsKey("SecurityContextConstraints"));
    assertEquals(1, bundle.errors().size(), bundle.errors().toString());
    FactBundle.Issue error = bundle.errors().get(0);
    assertEquals("securitycontextconstraints", error.item());
    assertEquals("SecurityContextConstraints", error.kind());
    assertTrue(error.message().startsWith("forbidden (403)"), error.message());
  }

  @Test
  void withoutDiscoveryOpenShiftKindsAreCollectionErrorsNotSilence() {
    server.expect().get().withPath("/apis")
        .andReturn(403, SampleCluster.forbidden("/apis", null)).always();

    FactBundle bundle = collect();

    assertEquals(19, inventory(bundle).size(), "the core kinds are listed all the same");
    List<String> kinds = bundle.errors().stream().map(FactBundle.Issue::kind).toList();
    assertEquals(java.util.Arrays.asList(null, "SecurityContextConstraints", "APIServer",
        "Authentication", "KubeAPIServer", "OpenShiftAPIServer", "KubeControllerManager",
        "KubeScheduler", "Etcd"), kinds);
    assertEquals("/apis", bundle.errors().get(0).item());
  }

  @Test
  void kubeconfigAndContextChooseTheClusterAndNameIt() throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        current-context: other
        clusters:
          - name: prod-eu-1
            cluster: {server: "%s", insecure-skip-tls-verify: true}
          - name: elsewhere
            cluster: {server: "https://192.0.2.1:6443"}
        users:
          - name: auditor
            user: {token: SECRET-kubeconfig-user-token}
        contexts:
          - name: audit
            context: {cluster: prod-eu-1, user: auditor}
          - name: other
            context: {cluster: elsewhere, user: auditor}
        """.formatted(server.url("/").replaceAll("/$", "")));

    FactBundle bundle = ClusterCollector.builder().kubeconfig(kubeconfig).context("audit")
        .pageSize(3).build().collect();

    assertEquals("prod-eu-1", bundle.cluster().name());
    assertEquals(4, inventory(bundle).get("Pod"));
    assertFalse(json(bundle).contains("SECRET-kubeconfig-user-token"));
    CollectionException noContext = assertThrows(CollectionException.class,
        () -> ClusterCollector.builder().kubeconfig(kubeconfig).context("nope").build());
    assertTrue(noContext.getMessage().contains("nope"), noContext.getMessage());
  }

  @Test
  void anApiServerThatCannotBeReachedStopsTheCollection() throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        current-context: gone
        clusters: [{name: gone, cluster: {server: "http://127.0.0.1:1"}}]
        users: [{name: u, user: {}}]
        contexts: [{name: gone, context: {cluster: gone, user: u}}]
        """);
    CollectionException e = assertThrows(CollectionException.class,
        () -> ClusterCollector.builder().kubeconfig(kubeconfig).build().collect());
    assertTrue(e.getMessage().startsWith(
        "cannot collect from the API server at http://127.0.0.1:1"),
        e.getMessage());
  }
}
