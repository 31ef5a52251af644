package dev.kcis.collect;

import static dev.kcis.collect.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kcis.bundle.FactBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ManifestCollectorTest {

  @TempDir
  Path dir;

  FactBundle collect(Path... paths) {
    return ManifestCollector.of(List.of(paths)).collect();
  }

  static Map<?, ?> metadata(Map<String, Object> object) {
    return (Map<?, ?>) object.get("metadata");
  }

  static Map<String, Object> object(FactBundle bundle, String kind, String name) {
    return bundle.objects().stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(metadata(o).get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in "
            + bundle.objects()));
  }

  static String json(FactBundle bundle) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bundle.writeJson(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  ManifestException broken(String name, String text) {
    Path file = write(dir, name, text);
    return assertThrows(ManifestException.class, () -> collect(file));
  }

  @Test
  void multiDocumentYamlKeepsEveryObjectWithItsLineAndDefaultNamespace() {
    Path file = write(dir, "app.yaml", """
        # the app
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
        ---
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: ops-admin
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: User, name: alice}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: web, image: nginx}]
        """);

    FactBundle bundle = collect(file);

    assertEquals(3, bundle.objects().size());
    // Kept as the file says it, indexed (and judged) in default, and noted as assumed.
    assertFalse(metadata(object(bundle, "ServiceAccount", "web")).containsKey("namespace"));
    assertEquals(List.of(new FactBundle.Note(file.toString(), "1 object names no "
        + "metadata.namespace: assumed default, where kubectl apply without -n puts it (give "
        + "--namespace NS if the file is applied with -n NS): ServiceAccount/default/web (line 2)")),
        bundle.notes());
    assertFalse(metadata(object(bundle, "ClusterRoleBinding", "ops-admin"))
        .containsKey("namespace"), "cluster-scoped");
    assertEquals(Map.of(
        "ServiceAccount/default/web", file + ":2",
        "ClusterRoleBinding/ops-admin", file + ":8",
        "Pod/shop/web", file + ":15"), bundle.objectLocations());
    assertEquals(List.of(), bundle.inventory(), "kinds present among objects count as held");
    assertEquals(List.of(), bundle.nodes());
    assertEquals("kcis collect manifests", bundle.metadata().collector().name());
  }

  @Test
  void kubectlListOutputInYamlAndJsonGivesEachItemItsLine() {
    Path yaml = write(dir, "pods.yaml", """
        apiVersion: v1
        items:
        - apiVersion: v1
          kind: Pod
          metadata:
            name: a
            namespace: shop
          spec:
            containers: [{name: a, image: a}]
        - apiVersion: v1
          kind: Pod
          metadata:
            name: b
            namespace: shop
          spec:
            containers: [{name: b, image: b}]
        kind: List
        metadata:
          resourceVersion: ""
        """);
    Path json = write(dir, "roles.json", """
        {
            "apiVersion": "v1",
            "items": [
                {
                    "apiVersion": "rbac.authorization.k8s.io/v1",
                    "kind": "ClusterRole",
                    "metadata": {"name": "reader"},
                    "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]
                },
                {
                    "apiVersion": "rbac.authorization.k8s.io/v1",
                    "kind": "Role",
                    "metadata": {"name": "writer", "namespace": "shop"},
                    "rules": []
                }
            ],
            "kind": "List",
            "metadata": {"resourceVersion": ""}
        }
        """);

    FactBundle bundle = collect(yaml, json);

    assertEquals(4, bundle.objects().size());
    assertEquals(Map.of(
        "Pod/shop/a", yaml + ":3",
        "Pod/shop/b", yaml + ":10",
        "ClusterRole/reader", json + ":4",
        "Role/shop/writer", json + ":10"), bundle.objectLocations());
    assertEquals(List.of(Map.of("apiGroups", List.of(""), "resources", List.of("pods"),
        "verbs", List.of("get"))), object(bundle, "ClusterRole", "reader").get("rules"));
  }

  @Test
  void anApiListLeavesItsItemsTypeOutAndTheListSaysIt() {
    Path file = write(dir, "podlist.json", """
        {"kind": "PodList", "apiVersion": "v1", "metadata": {},
         "items": [{"metadata": {"name": "x", "namespace": "a"}, "spec": {"containers": []}}]}
        """);
    FactBundle bundle = collect(file);
    Map<String, Object> pod = object(bundle, "Pod", "x");
    assertEquals("v1", pod.get("apiVersion"));
    assertEquals(file + ":2", bundle.objectLocations().get("Pod/a/x"));
  }

  @Test
  void directoriesAreReadRecursivelyInNameOrderSkippingHiddenAndOtherFiles() {
    write(dir, "m/b/sa.yml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b}\n");
    write(dir, "m/a.json", "{\"apiVersion\": \"v1\", \"kind\": \"ServiceAccount\", "
        + "\"metadata\": {\"name\": \"a\"}}");
    write(dir, "m/c.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: c}\n");
    write(dir, "m/.git/config.yaml", "not: [a manifest");
    write(dir, "m/README.md", "# not read");
    write(dir, "m/values.txt", "key: value");

    FactBundle bundle = collect(dir.resolve("m"));

    assertEquals(List.of("a", "b", "c"), bundle.objects().stream()
        .map(o -> metadata(o).get("name")).toList());
    assertEquals(dir.resolve("m/b/sa.yml") + ":1",
        bundle.objectLocations().get("ServiceAccount/default/b"));
  }

  @Test
  void aLaterObjectWithTheSameNameReplacesTheEarlierOne() {
    Path first = write(dir, "1.yaml", "apiVersion: v1\nkind: ServiceAccount\n"
        + "metadata: {name: web}\nautomountServiceAccountToken: true\n");
    Path second = write(dir, "2.yaml", "\n\napiVersion: v1\nkind: ServiceAccount\n"
        + "metadata: {name: web, namespace: default}\nautomountServiceAccountToken: false\n");
    FactBundle bundle = collect(first, second);
    assertEquals(1, bundle.objects().size());
    assertEquals(false, bundle.objects().get(0).get("automountServiceAccountToken"));
    assertEquals(second + ":3", bundle.objectLocations().get("ServiceAccount/default/web"));
    assertEquals(List.of(new FactBundle.Issue("ServiceAccount/default/web", "defined twice: at "
        + first + ":1 and at " + second + ":3; the later one is kept, as applying the files in "
        + "order would leave it, and the evidence for this object is ambiguous (a kustomize base "
        + "and its patch? give the output of kustomize build)", null, "ServiceAccount")),
        bundle.errors());
  }

  @Test
  void anObjectDefinedTwiceTheSameIsNotedNotAnError() {
    Path file = write(dir, "twice.yaml", "apiVersion: v1\nkind: Service\n"
        + "metadata: {name: kubernetes, namespace: default}\nspec: {clusterIP: 10.0.0.1}\n---\n"
        + "apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes}\n"
        + "spec: {clusterIP: 10.0.0.1}\n");
    FactBundle bundle = collect(file);
    assertEquals(1, bundle.objects().size());
    assertEquals(List.of(), bundle.errors());
    assertEquals(new FactBundle.Note("Service/default/kubernetes", "defined twice, the same both "
        + "times: at " + file + ":1 and at " + file + ":6"), bundle.notes().get(0));
  }

  @Test
  void aKustomizeTreeIsReadWithItsConfigurationNotedAndItsPatchesReported() throws IOException {
    write(dir, "app/base/kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [deploy.yaml]
        """);
    Path deploy = write(dir, "app/base/deploy.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers: [{name: web, image: nginx, securityContext: {privileged: true}}]
        """);
    write(dir, "app/overlays/prod/kustomization.yml", "resources: [../../base]\n"
        + "patches: [{path: patch.yaml}]\n");
    Path patch = write(dir, "app/overlays/prod/patch.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {replicas: 3}
        """);

    FactBundle bundle = collect(dir.resolve("app"));

    // The whole Deployment is kept (its findings stand); the patch makes its kind ambiguous.
    assertEquals(1, bundle.objects().size());
    assertTrue(json(bundle).contains("privileged"), "the base Deployment is kept");
    assertEquals(deploy + ":1", bundle.objectLocations().get("Deployment/shop/web"));
    assertEquals(1, bundle.errors().size(), bundle.errors().toString());
    FactBundle.Issue duplicate = bundle.errors().get(0);
    assertEquals("Deployment", duplicate.kind());
    assertEquals("Deployment/shop/web", duplicate.item());
    assertTrue(duplicate.message().startsWith("defined twice: at " + deploy + ":1 and at " + patch
        + ":1; the earlier one is kept: the later one holds no containers (a patch)"),
        duplicate.message());
    assertEquals(List.of(dir.resolve("app/base/kustomization.yaml").toString(),
        dir.resolve("app/overlays/prod/kustomization.yml").toString()),
        bundle.notes().stream().map(FactBundle.Note::item).toList());
    assertTrue(bundle.notes().get(0).message().startsWith("a kustomize configuration, not an API "
        + "object: skipped"), bundle.notes().get(0).message());
  }

  @Test
  void helmChartsAndValuesFilesInADirectoryAreSkippedWithANote() {
    write(dir, "repo/chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
    write(dir, "repo/chart/values.yaml", "replicaCount: 1\nimage: {tag: latest}\n");
    write(dir, "repo/chart/templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\n"
        + "metadata:\n  name: {{ .Release.Name }}\nspec: {{ toYaml .Values.spec | nindent 2 }}\n");
    write(dir, "repo/values-prod.yaml", "image: {tag: \"1.2\"}\n");
    write(dir, "repo/list.yaml", "- a\n- b\n");
    Path sa = write(dir, "repo/sa.yaml", "apiVersion: v1\nkind: ServiceAccount\n"
        + "metadata: {name: app, namespace: shop}\n");

    FactBundle bundle = collect(dir.resolve("repo"));

    assertEquals(Map.of("ServiceAccount/shop/app", sa + ":1"), bundle.objectLocations());
    assertEquals(List.of(), bundle.errors());
    assertEquals(List.of(
        new FactBundle.Note(dir.resolve("repo/chart").toString(), "a Helm chart (Chart.yaml): its "
            + "files are templates and values, not manifests; skipped (give the output of helm "
            + "template instead)"),
        new FactBundle.Note(dir.resolve("repo/list.yaml") + ":1",
            "not a Kubernetes API object (a list): skipped"),
        new FactBundle.Note(dir.resolve("repo/values-prod.yaml") + ":1",
            "not a Kubernetes API object: no apiVersion: skipped")), bundle.notes());
  }

  @Test
  void aNamespaceGivenPlacesObjectsThatNameNoneAsKubectlApplyDoes() {
    Path file = write(dir, "install.yaml", """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: argocd-server}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: other}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: argocd-server}
        """);

    FactBundle bundle = ManifestCollector.of(List.of(file)).namespace("argocd").collect();

    assertEquals("argocd", metadata(object(bundle, "ServiceAccount", "argocd-server"))
        .get("namespace"));
    assertEquals("other", metadata(object(bundle, "Service", "web")).get("namespace"));
    assertFalse(metadata(object(bundle, "ClusterRole", "argocd-server"))
        .containsKey("namespace"));
    assertEquals(List.of(), bundle.notes());
    assertEquals(file + ":1", bundle.objectLocations().get("ServiceAccount/argocd/argocd-server"));
    assertThrows(IllegalArgumentException.class,
        () -> ManifestCollector.of(List.of(file)).namespace("Not_A_Namespace"));
  }

  @Test
  void secretsKeepTheirMetadataOnlyAndConfigMapsLoseTheirData() throws IOException {
    Path file = write(dir, "secret.yaml", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"SECRET-applied"}}'
            owner: team-a
        type: Opaque
        data: {password: U0VDUkVULWRhdGE=}
        stringData: {user: SECRET-string-data}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {password: SECRET-configmap}
        binaryData: {blob: U0VDUkVULWJpbmFyeQ==}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          template:
            spec:
              initContainers:
                - name: init
                  image: init
                  env: [{name: GITHUB_TOKEN, value: SECRET-init-token}]
              containers:
                - name: api
                  image: api
                  env:
                    - {name: TLS_KEY, value: "-----BEGIN PRIVATE KEY-----\\nSECRET-pem\\n"}
                    - {name: MODE, value: prod}
        """);

    FactBundle bundle = collect(file);

    Map<String, Object> secret = object(bundle, "Secret", "db");
    assertEquals(Map.of("name", "db", "annotations", Map.of("owner", "team-a")),
        metadata(secret));
    assertEquals("Opaque", secret.get("type"));
    Map<String, Object> configMap = object(bundle, "ConfigMap", "settings");
    assertFalse(configMap.containsKey("data") || configMap.containsKey("binaryData"));
    String text = json(bundle);
    assertFalse(text.contains("SECRET"), text);
    assertFalse(text.contains("U0VDUkVU"), text);
    assertFalse(text.contains("\"prod\""), "no literal value stays, whatever its name");
    assertTrue(text.contains("\"MODE\""), "the variable's name stays");
  }

  @Test
  void aSecretInAListInAListLosesItsValuesAndIsKeptAsAnObject() throws IOException {
    Path file = write(dir, "dump.yaml", """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: apps}
                stringData: {password: SECRET-nested-string-data}
                data: {token: U0VDUkVULWRhdGE=}
              - apiVersion: v1
                kind: SecretList
                items:
                  - metadata: {name: deeper, namespace: apps}
                    stringData: {password: SECRET-deeper}
          - apiVersion: v1
            kind: ServiceAccount
            metadata: {name: web, namespace: apps}
        """);
    FactBundle bundle = collect(file);
    String text = json(bundle);
    assertFalse(text.contains("SECRET"), text);
    assertFalse(text.contains("U0VDUkVU"), text);
    assertEquals(List.of("Secret/apps/db", "Secret/apps/deeper", "ServiceAccount/apps/web"),
        bundle.objects().stream().map(o -> o.get("kind") + "/" + metadata(o).get("namespace")
            + "/" + metadata(o).get("name")).toList());
    assertEquals(file + ":4", bundle.objectLocations().get("Secret/apps/db"),
        "a nested item is located at the outer item that holds it");
  }

  @Test
  void credentialAnnotationsEnvLiteralsAndArgsOfWorkloadsAreRedacted() throws IOException {
    Path file = write(dir, "app.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          annotations:
            example.com/api-token: SECRET-annotation-token
            example.com/identity: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJTRUNSRVQifQ.SECRETsignature
            kubectl.kubernetes.io/last-applied-configuration: '{"spec":{"x":"SECRET-la"}}'
            team: payments
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: api:1
                  args: [--db-password, SECRET-arg, --listen=:8080]
                  env:
                    - {name: API_KEY, value: SECRET-api-key}
                    - {name: DB, valueFrom: {secretKeyRef: {name: db, key: password}}}
        """);
    FactBundle bundle = collect(file);
    String text = json(bundle);
    assertFalse(text.contains("SECRET"), text);
    assertFalse(text.contains("eyJ"), text);
    Map<String, Object> deployment = object(bundle, "Deployment", "api");
    assertEquals(Map.of("example.com/api-token", "<redacted>",
        "example.com/identity", "<redacted>", "team", "payments"),
        metadata(deployment).get("annotations"));
    Map<?, ?> container = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>)
        deployment.get("spec")).get("template")).get("spec")).get("containers")).get(0);
    assertEquals(List.of(Map.of("name", "API_KEY", "value", "<redacted>"),
        Map.of("name", "DB", "valueFrom", Map.of("secretKeyRef", Map.of("name", "db",
            "key", "password")))), container.get("env"), "the reference 5.4.1 reads stays");
    assertEquals(List.of("--db-password", "<redacted>", "--listen=:8080"), container.get("args"));
  }

  @Test
  void staticPodFilesBecomeComponentsOfTheNodeTheirNameEndsWith() {
    Path file = write(dir, "static.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver-cp-1, namespace: kube-system}
        spec:
          containers:
            - name: apiserver
              image: registry.k8s.io/kube-apiserver:v1.30.2
              command: [kube-apiserver]
              args: [--profiling=false, "--authorization-mode=Node,RBAC"]
        ---
        # named after another component: recognised by what it runs, never by its name
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver-minikube, namespace: kube-system}
        spec:
          containers:
            - name: x
              command: [etcd, --auto-tls=true]
              env: [{name: ETCD_PEER_AUTO_TLS, value: "true"}, {name: OTHER, value: x}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: kubelet}
        spec:
          containers:
            - name: kubelet
              command: [kubelet, --anonymous-auth=true, --read-only-port=10255]
        """);

    FactBundle bundle = collect(file);

    assertEquals(List.of("cp-1", "kube-apiserver-minikube", "kubelet"),
        bundle.nodes().stream().map(FactBundle.Node::name).toList());
    FactBundle.Component apiserver = bundle.nodes().get(0).components().get(0);
    assertEquals("kube-apiserver", apiserver.kind());
    assertEquals(new FactBundle.Source("mirror-pod", "Pod/kube-system/kube-apiserver-cp-1",
        "/spec/containers/0"), apiserver.source());
    assertEquals(List.of("kube-apiserver", "--profiling=false", "--authorization-mode=Node,RBAC"),
        apiserver.args());
    assertEquals(List.of("control-plane"), bundle.nodes().get(0).roles());
    assertEquals("v1.30.2", bundle.cluster().kubernetesVersion());

    FactBundle.Component etcd = bundle.nodes().get(1).components().get(0);
    assertEquals("etcd", etcd.kind());
    assertEquals(Map.of("ETCD_PEER_AUTO_TLS", "true"), etcd.env());

    FactBundle.Component kubelet = bundle.nodes().get(2).components().get(0);
    assertEquals("kubelet", kubelet.kind());
    assertEquals("Pod/default/kubelet", kubelet.source().path());
    assertEquals(new FactBundle.EffectiveValue("10255", "flag", "Pod/default/kubelet"),
        kubelet.effective().get("readOnlyPort"));
    assertEquals(List.of("worker"), bundle.nodes().get(2).roles());
    assertEquals(3, bundle.objects().size(), "the pods stay objects too");
  }

  @Test
  void podsOutsideKubeSystemAreNotComponents() {
    Path file = write(dir, "app.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: etcd-0, namespace: cache}
        spec:
          containers: [{name: etcd, image: quay.io/coreos/etcd:v3.5.15, command: [etcd]}]
        """);
    assertEquals(List.of(), collect(file).nodes());
  }

  @Test
  void theKubeProxyConfigMapIsTheKubeProxyOfEveryNode() {
    Path file = write(dir, "kube-proxy.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kube-proxy, namespace: kube-system}
        data:
          config.conf: |
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            metricsBindAddress: 127.0.0.1:10249
          kubeconfig.conf: "token: SECRET-kubeconfig"
        """);

    FactBundle bundle = collect(file);

    assertEquals(1, bundle.nodes().size());
    FactBundle.Node every = bundle.nodes().get(0);
    assertEquals("*", every.name());
    FactBundle.Component proxy = every.components().get(0);
    assertEquals(new FactBundle.Source("configmap", "ConfigMap/kube-system/kube-proxy", null),
        proxy.source());
    assertEquals(new FactBundle.EffectiveValue("127.0.0.1:10249", "config-file",
        "/var/lib/kube-proxy/config.conf"), proxy.effective().get("metricsBindAddress"));
    assertFalse(object(bundle, "ConfigMap", "kube-proxy").containsKey("data"));
    assertNull(bundle.cluster().platform());
  }

  @Test
  void aFileThatCannotBeParsedIsInvalidInputWithItsPlace() {
    ManifestException yaml = broken("bad.yaml", """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: web
        spec: {}
        """);
    assertEquals(dir.resolve("bad.yaml").toString(), yaml.file());
    assertEquals(6, yaml.line());
    assertTrue(yaml.getMessage().matches(".*bad\\.yaml:6:\\d+: malformed YAML: .+"),
        yaml.getMessage());
    assertFalse(yaml.getMessage().contains("\n"));

    ManifestException json = broken("bad.json",
        "{\"kind\": \"Pod\",\n  \"metadata\": {\"name\": }\n}");
    assertTrue(json.getMessage().matches(".*bad\\.json:2:\\d+: malformed JSON: .+"),
        json.getMessage());

    ManifestException duplicate = broken("dup.yaml", "apiVersion: v1\nkind: Pod\nkind: Service\n");
    assertEquals(3, duplicate.line(), duplicate.getMessage());
  }

  @Test
  void aDocumentThatIsNotAnApiObjectIsInvalidInputInAFileGivenOnItsOwn() {
    ManifestException noKind = broken("values.yaml",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n---\nreplicas: 3\n");
    assertEquals(dir.resolve("values.yaml") + ":5:1: not a Kubernetes API object: no apiVersion",
        noKind.getMessage());
    ManifestException noName = broken("noname.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {}\n");
    assertEquals(dir.resolve("noname.yaml") + ":1:1: Pod object has no metadata.name",
        noName.getMessage());
    ManifestException scalar = broken("scalar.yaml", "just text\n");
    assertTrue(scalar.getMessage().endsWith("found a string"), scalar.getMessage());
    ManifestException missing = assertThrows(ManifestException.class,
        () -> collect(dir.resolve("nowhere")));
    assertEquals(dir.resolve("nowhere") + ": no such file or directory", missing.getMessage());
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fifosAndDevicesAreInvalidInputNeverOpened() throws IOException {
    Path fifo = Trees.fifo(dir, "objects.yaml");
    assertEquals(fifo + ": not a regular file (fifo)",
        assertThrows(ManifestException.class, () -> collect(fifo)).getMessage());

    Path tree = dir.resolve("tree");
    write(tree, "a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
    Path inTree = Trees.fifo(tree, "sub/b.yaml");
    assertEquals(inTree + ": not a regular file (fifo)",
        assertThrows(ManifestException.class, () -> collect(tree)).getMessage(),
        "a FIFO named like a manifest in a directory is reported, not skipped or opened");

    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero here");
    assertEquals("/dev/zero: not a regular file (character device)",
        assertThrows(ManifestException.class, () -> collect(zero)).getMessage());
  }

  @Test
  void aFileOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
    Path big = dir.resolve("big.yaml");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(20L * 1024 * 1024);
    }
    ManifestException e = assertThrows(ManifestException.class, () -> collect(big));
    assertEquals(big + ": 20 MiB is over the input limit of 16 MiB", e.getMessage());
    Path small = write(dir, "small.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
    assertEquals(small + ": 51 bytes is over the input limit of 40 bytes",
        assertThrows(ManifestException.class,
            () -> ManifestCollector.of(List.of(small)).maxFileSize(40).collect()).getMessage());
    assertEquals(1, ManifestCollector.of(List.of(small)).maxFileSize(51).collect().objects()
        .size());
  }

  @Test
  void aByteThatIsNotUtf8FarIntoALargeFileIsReportedAtItsPlaceBeforeASyntaxError()
      throws IOException {
    // Files are decoded as they are parsed, in steps: the place is still that of the file.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns-").append(i)
          .append("}\n");
    }
    int line = (int) text.chars().filter(c -> c == '\n').count() + 1;
    Path file = dir.resolve("late.yaml");
    byte[] start = (text + "  labels: {a: b\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'x', 'y', (byte) 0xff, '\n'};
    byte[] all = new byte[start.length + bad.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(bad, 0, all, start.length, bad.length);
    assertTrue(all.length > 3 * 65536, "past several decoding steps");
    Files.write(file, all);
    ManifestException e = assertThrows(ManifestException.class, () -> collect(file));
    assertEquals(file + ":" + (line + 1) + ":3: not UTF-8 text", e.getMessage());
  }

  @Test
  void filesParsedAtOnceAreKeptInOrderAndTheFirstProblemInOrderIsReported() throws IOException {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    for (int f = 0; f < 6; f++) {
      // The same ConfigMap in every file: the last file's is kept.
      StringBuilder list = new StringBuilder("apiVersion: v1\nitems:\n- apiVersion: v1\n"
          + "  kind: ConfigMap\n  metadata: {name: shared, namespace: a}\n  data: {file: '" + f
          + "'}\n");
      for (int i = 0; i < 50; i++) {
        list.append("- apiVersion: v1\n  kind: Namespace\n  metadata: {name: ns-").append(f)
            .append("-").append(i).append("}\n");
      }
      write(tree, "f" + f + ".yaml", list + "kind: List\n");
    }
    FactBundle bundle = collect(tree);
    assertEquals(301, bundle.objects().size());
    assertEquals(tree.resolve("f5.yaml") + ":3",
        bundle.objectLocations().get("ConfigMap/a/shared"));
    List<String> namespaces = bundle.objects().stream()
        .filter(o -> "Namespace".equals(o.get("kind"))).map(o -> (String) metadata(o).get("name"))
        .toList();
    assertEquals("ns-0-0", namespaces.get(0));
    assertEquals("ns-5-49", namespaces.get(namespaces.size() - 1));

    write(tree, "f2.yaml", "apiVersion: v1\nkind: Namespace\n"); // no metadata.name
    write(tree, "f4.yaml", "apiVersion: v1\nkind: [Namespace\n"); // not YAML
    ManifestException e = assertThrows(ManifestException.class, () -> collect(tree));
    assertEquals(tree.resolve("f2.yaml").toString(), e.file(), e.getMessage());
  }
}
