package dev.kcis.collect;

import static dev.kcis.collect.Trees.cmdline;
import static dev.kcis.collect.Trees.link;
import static dev.kcis.collect.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class NodeCollectorTest {

  @TempDir
  Path dir;

  static FactBundle collect(Path root) {
    return NodeCollector.builder().root(root).build().collect();
  }

  static FactBundle.Node node(FactBundle bundle) {
    assertEquals(1, bundle.nodes().size());
    return bundle.nodes().get(0);
  }

  static List<FactBundle.Component> components(FactBundle bundle, String kind) {
    return node(bundle).components().stream().filter(c -> c.kind().equals(kind)).toList();
  }

  static FactBundle.Component component(FactBundle bundle, String kind) {
    List<FactBundle.Component> found = components(bundle, kind);
    assertEquals(1, found.size(), kind + ": " + found);
    return found.get(0);
  }

  static FactBundle.FileStat file(FactBundle bundle, String role, String path) {
    return node(bundle).files().stream()
        .filter(f -> f.role().equals(role) && f.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + role + " " + path + " in "
            + node(bundle).files()));
  }

  static List<FactBundle.FileStat> files(FactBundle bundle, String role) {
    return node(bundle).files().stream().filter(f -> role.equals(f.role())).toList();
  }

  static FactBundle.Issue error(FactBundle bundle, String item) {
    return node(bundle).errors().stream().filter(e -> e.item().equals(item)).findFirst()
        .orElseThrow(() -> new AssertionError("no error for " + item + " in "
            + node(bundle).errors()));
  }

  static String json(FactBundle bundle) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bundle.writeJson(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static void pod(Path root, String file, String text) {
    write(root, "etc/kubernetes/manifests/" + file, text);
  }

  // ---- the sample node roots --------------------------------------------------------------

  @Test
  void kubeadmControlPlaneSample() throws IOException {
    FactBundle bundle = collect(NodeRoots.copy("kubeadm-control-plane", dir.resolve("cp")));
    FactBundle.Node node = node(bundle);
    assertEquals("cp-1", node.name());
    assertEquals(List.of("control-plane"), node.roles());
    assertEquals(new FactBundle.Cluster(null, "v1.31.4", "kubeadm", List.of(
        "layout kubeadm (kubeadm)", "/var/lib/kubelet/kubeadm-flags.env exists")),
        bundle.cluster());
    assertEquals(new FactBundle.Collector("kcis collect node", Version.get()),
        bundle.metadata().collector());
    assertNotNull(bundle.metadata().collectedAt());
    assertEquals(List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd",
        "kubelet", "kube-proxy"), node.components().stream().map(FactBundle.Component::kind).toList());
    assertEquals(List.of(), node.errors(), "a complete sample collects without errors");

    FactBundle.Component apiserver = component(bundle, "kube-apiserver");
    assertEquals("static-pod-manifest", apiserver.source().type());
    assertEquals("/etc/kubernetes/manifests/kube-apiserver.yaml", apiserver.source().path());
    assertEquals("/spec/containers/0", apiserver.source().pointer());
    assertEquals(apiserver.args().size(), apiserver.source().lines().size());
    List<String> written = Files.readAllLines(dir.resolve(
        "cp/etc/kubernetes/manifests/kube-apiserver.yaml"));
    for (int i = 0; i < apiserver.args().size(); i++) {
      assertTrue(written.get(apiserver.source().line(i) - 1).contains(apiserver.args().get(i)),
          apiserver.args().get(i));
    }
    assertTrue(apiserver.args().contains("--authorization-mode=Node,RBAC"));
    assertEquals(List.of("--encryption-provider-config", "--audit-policy-file"),
        apiserver.configFiles().stream().map(FactBundle.ConfigFile::flag).toList());
    assertEquals(Map.of(), apiserver.env());

    FactBundle.Component etcd = component(bundle, "etcd");
    assertEquals(Map.of("ETCD_INITIAL_CLUSTER_TOKEN", "<redacted>", "ETCD_UNSUPPORTED_ARCH", ""),
        etcd.env(), "ETCD_* literals only, credentials redacted, valueFrom skipped");

    FactBundle.Component kubelet = component(bundle, "kubelet");
    assertEquals(new FactBundle.Source("process", "/proc/1042/cmdline", null), kubelet.source());
    assertEquals("/usr/bin/kubelet", kubelet.args().get(0));
    assertEquals(new FactBundle.EffectiveValue("false", "config-file",
        "/var/lib/kubelet/config.yaml"), kubelet.effective().get("authentication.anonymous.enabled"));
    assertEquals("/var/lib/kubelet/config.yaml", kubelet.configFiles().get(0).path());

    FactBundle.FileStat manifest = file(bundle, "kube-apiserver-manifest",
        "/etc/kubernetes/manifests/kube-apiserver.yaml");
    assertEquals(0600, manifest.mode());
    assertEquals("found", manifest.via());
    assertEquals("kube-apiserver", manifest.component());
    assertEquals("file", manifest.type());
    assertEquals(0700, file(bundle, "etcd-data-dir", "/var/lib/etcd").mode());
    assertEquals("flag --data-dir", file(bundle, "etcd-data-dir", "/var/lib/etcd").via());
    assertEquals("flag --kubeconfig", file(bundle, "kube-scheduler-kubeconfig",
        "/etc/kubernetes/scheduler.conf").via());
    assertEquals(0644, file(bundle, "kubelet-config", "/var/lib/kubelet/config.yaml").mode());
    assertEquals("config authentication.x509.clientCAFile",
        file(bundle, "kubelet-client-ca", "/etc/kubernetes/pki/ca.crt").via());
    assertEquals(0644, file(bundle, "pki-cert", "/etc/kubernetes/pki/etcd/server.crt").mode());
    assertEquals(0600, file(bundle, "pki-key", "/etc/kubernetes/pki/apiserver.key").mode());
    assertEquals("pki-file", file(bundle, "pki-file", "/etc/kubernetes/pki/sa.pub").role());
    assertEquals("directory", file(bundle, "pki-dir", "/etc/kubernetes/pki/etcd").type());
    assertEquals(2, files(bundle, "kubelet-service").size());
    assertEquals(5, files(bundle, "cni-config").size());
    assertEquals("config clientConnection.kubeconfig",
        file(bundle, "kube-proxy-kubeconfig", "/var/lib/kube-proxy/kubeconfig.conf").via(),
        "kube-proxy runs in a pod: its kubeconfig is read inside its mount namespace");
    assertEquals("root", file(bundle, "admin-kubeconfig", "/etc/kubernetes/admin.conf").group());
  }

  @Test
  void hardenedWorkerSampleReadsKubeProxyInsideItsMountNamespace() throws IOException {
    FactBundle bundle = collect(NodeRoots.copy("hardened-worker", dir.resolve("w")));
    FactBundle.Node node = node(bundle);
    assertEquals("w-1", node.name());
    assertEquals(List.of("worker"), node.roles());
    assertEquals(List.of(), node.errors());
    assertEquals("kubeadm", bundle.cluster().platform());

    FactBundle.Component proxy = component(bundle, "kube-proxy");
    assertEquals("/proc/3120/cmdline", proxy.source().path());
    FactBundle.ConfigFile config = proxy.configFiles().get(0);
    assertEquals("/var/lib/kube-proxy/config.conf", config.path());
    assertEquals("127.0.0.1:10249", ((Map<?, ?>) config.content()).get("metricsBindAddress"));
    assertEquals("config clientConnection.kubeconfig", file(bundle, "kube-proxy-kubeconfig",
        "/var/lib/kube-proxy/kubeconfig.conf").via());
    assertEquals(0600, file(bundle, "kube-proxy-config", "/var/lib/kube-proxy/config.conf")
        .mode());

    assertTrue(file(bundle, "admin-kubeconfig", "/etc/kubernetes/admin.conf").missing());
    assertTrue(file(bundle, "super-admin-kubeconfig", "/etc/kubernetes/super-admin.conf")
        .missing());
    assertTrue(files(bundle, "etcd-data-dir").isEmpty(), "no etcd, no data directory");
    assertTrue(files(bundle, "kube-scheduler-kubeconfig").isEmpty());
    assertEquals(0600, file(bundle, "kubelet-service",
        "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf").mode());
    assertEquals(0700, file(bundle, "cni-config-dir", "/etc/cni/net.d").mode());
  }

  @Test
  void bundlesFromTreesWithKeysAndKubeconfigsHoldNoneOfTheirSecrets() throws IOException {
    for (String sample : List.of("kubeadm-control-plane", "hardened-worker")) {
      Path root = NodeRoots.copy(sample, dir.resolve(sample));
      String json = json(collect(root));
      Set<String> secrets = FakeSecrets.in(root);
      assertTrue(secrets.size() > 10, sample + ": the sample holds fake secrets: " + secrets);
      for (String secret : secrets) {
        assertFalse(json.contains(secret), sample + ": the bundle holds " + secret);
      }
      assertFalse(json.contains("-----BEGIN"), sample);
      assertFalse(json.contains("client-key-data"), sample);
      assertFalse(json.contains("KCIS-FAKE"), sample);
    }
  }

  @Test
  void aCollectedBundleReadsBackAsTheSameBundle() throws IOException {
    FactBundle bundle = collect(NodeRoots.copy("kubeadm-control-plane", dir.resolve("cp")));
    FactBundle read = FactBundle.parse(json(bundle), "cp.json");
    assertEquals(bundle.nodes(), read.nodes());
    assertEquals(bundle.cluster(), read.cluster());
    assertEquals(bundle.metadata(), read.metadata());
  }

  // ---- recognising components -------------------------------------------------------------

  static final String ETCD_IN_A_POD_NAMED_APISERVER = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kube-apiserver-cp-1
        namespace: kube-system
      spec:
        containers:
        - name: kube-apiserver
          image: registry.k8s.io/etcd:3.5.15-0
          command: [etcd]
          args: [--data-dir=/data, --client-cert-auth=true]
          volumeMounts:
          - {name: data, mountPath: /data}
        volumes:
        - {name: data, hostPath: {path: /var/lib/etcd-main}}
      """;

  @Test
  void componentsAreRecognisedByCommandNotByPodOrContainerName() {
    Path root = dir.resolve("root");
    pod(root, "kube-apiserver.yaml", ETCD_IN_A_POD_NAMED_APISERVER);
    write(root, "var/lib/etcd-main/member/snap/db", "x");
    FactBundle bundle = collect(root);
    assertTrue(components(bundle, "kube-apiserver").isEmpty());
    FactBundle.Component etcd = component(bundle, "etcd");
    assertEquals(List.of("etcd", "--data-dir=/data", "--client-cert-auth=true"), etcd.args(),
        "flags from command and args");
    FactBundle.FileStat manifest = file(bundle, "etcd-manifest",
        "/etc/kubernetes/manifests/kube-apiserver.yaml");
    assertEquals("etcd", manifest.component());
    assertEquals("flag --data-dir", file(bundle, "etcd-data-dir", "/var/lib/etcd-main").via(),
        "the container path /data is the hostPath volume /var/lib/etcd-main");
    assertEquals(List.of("control-plane"), node(bundle).roles());
  }

  @Test
  void imagesRecogniseContainersWithoutACommandAndShellWrappersAreUnwrapped() {
    Path root = dir.resolve("root");
    pod(root, "pods.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: scheduler}
        spec:
          containers:
          - name: main
            image: registry.k8s.io/kube-scheduler:v1.31.4
            args: [--profiling=false]
        ---
        # a comment between documents
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: cm}
        spec:
          initContainers:
          - {name: init, image: registry.k8s.io/kube-controller-manager:v1.31.4}
          containers:
          - name: sidecar
            image: busybox
            command: [sleep, infinity]
          - name: main
            image: example.com/wrapped:1
            command: [/bin/sh, -c]
            args: ["exec /usr/local/bin/kube-controller-manager --profiling=false --v=2"]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: not-a-pod}
        data: {command: kube-apiserver}
        """);
    FactBundle bundle = collect(root);
    FactBundle.Component scheduler = component(bundle, "kube-scheduler");
    assertEquals(List.of("kube-scheduler", "--profiling=false"), scheduler.args());
    assertEquals("/0/spec/containers/0", scheduler.source().pointer(),
        "a multi-document file is addressed as the array of its documents");
    FactBundle.Component cm = component(bundle, "kube-controller-manager");
    assertEquals(List.of("/usr/local/bin/kube-controller-manager", "--profiling=false", "--v=2"),
        cm.args());
    assertEquals("/2/spec/containers/1", cm.source().pointer());
    assertEquals(2, node(bundle).components().size(), "init containers are not components");
  }

  @Test
  void aComponentInAManifestAndAsAProcessIsRecordedTwiceAndFilesOnce() {
    Path root = dir.resolve("root");
    pod(root, "kube-scheduler.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-scheduler}
        spec:
          containers:
          - name: kube-scheduler
            image: registry.k8s.io/kube-scheduler:v1.31.4
            command: [kube-scheduler, --kubeconfig=/etc/kubernetes/scheduler.conf]
            volumeMounts:
            - {name: kubeconfig, mountPath: /etc/kubernetes/scheduler.conf}
          volumes:
          - {name: kubeconfig, hostPath: {path: /etc/kubernetes/scheduler.conf, type: File}}
        """);
    cmdline(root, 4000, "kube-scheduler", "--kubeconfig=/etc/kubernetes/scheduler.conf",
        "--profiling=false");
    write(root, "etc/kubernetes/scheduler.conf", "kubeconfig");
    FactBundle bundle = collect(root);
    List<FactBundle.Component> schedulers = components(bundle, "kube-scheduler");
    assertEquals(List.of("static-pod-manifest", "process"),
        schedulers.stream().map(c -> c.source().type()).toList());
    assertEquals("/proc/4000/cmdline", schedulers.get(1).source().path());
    assertEquals(1, files(bundle, "kube-scheduler-kubeconfig").size());
    assertEquals(1, files(bundle, "kube-scheduler-manifest").size());
  }

  @Test
  void aControlPlaneProcessWithoutAManifestGetsTheDefaultManifestPathRecorded() {
    Path root = dir.resolve("root");
    cmdline(root, 50, "/usr/local/bin/kube-apiserver", "--anonymous-auth=false");
    FactBundle bundle = collect(root);
    FactBundle.FileStat manifest = file(bundle, "kube-apiserver-manifest",
        "/etc/kubernetes/manifests/kube-apiserver.yaml");
    assertTrue(manifest.missing());
    assertEquals("default", manifest.via());
    assertEquals(List.of("control-plane"), node(bundle).roles());
  }

  @Test
  void processConfigFilesAreReadInTheProcessMountNamespace() {
    Path root = dir.resolve("root");
    cmdline(root, 77, "/usr/local/bin/etcd", "--config-file=/etc/etcd/etcd.conf.yml",
        "--data-dir=/ignored-with-a-config-file");
    write(root, "proc/77/root/etc/etcd/etcd.conf.yml",
        "name: cp-1\ndata-dir: /var/lib/etcd/data\nclient-transport-security:\n"
            + "  client-cert-auth: true\n");
    write(root, "proc/77/root/var/lib/etcd/data/member/snap/db", "x");
    write(root, "etc/etcd/etcd.conf.yml", "data-dir: /host-copy-must-not-be-read\n");
    FactBundle bundle = collect(root);
    FactBundle.Component etcd = component(bundle, "etcd");
    assertEquals("/var/lib/etcd/data",
        ((Map<?, ?>) etcd.configFiles().get(0).content()).get("data-dir"));
    FactBundle.FileStat dataDir = file(bundle, "etcd-data-dir", "/var/lib/etcd/data");
    assertEquals("config data-dir", dataDir.via());
    assertFalse(dataDir.missing(), "found in the process's namespace");
  }

  @Test
  void etcdReadsItsEnvironmentFromTheProcess() throws IOException {
    Path root = dir.resolve("root");
    cmdline(root, 90, "etcd");
    Files.write(root.resolve("proc/90/environ"), ("PATH=/bin\0ETCD_DATA_DIR=/srv/etcd\0"
        + "ETCD_PEER_KEY_FILE=/etc/etcd/peer.key\0ETCD_INITIAL_CLUSTER_TOKEN=tok-42\0")
        .getBytes(StandardCharsets.UTF_8));
    FactBundle bundle = collect(root);
    assertEquals(Map.of("ETCD_DATA_DIR", "/srv/etcd", "ETCD_PEER_KEY_FILE", "/etc/etcd/peer.key",
        "ETCD_INITIAL_CLUSTER_TOKEN", "<redacted>"), component(bundle, "etcd").env());
    FactBundle.FileStat dataDir = file(bundle, "etcd-data-dir", "/srv/etcd");
    assertEquals("env ETCD_DATA_DIR", dataDir.via());
    assertTrue(dataDir.missing());
  }

  @Test
  void aStaticPodKeepsTheLineOfEveryArgumentAndTheEngineReportsIt() throws IOException {
    pod(dir, "kube-apiserver.yaml", """
        # kubeadm writes this file
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver, namespace: kube-system}
        spec:
          containers:
            - name: kube-apiserver
              image: registry.k8s.io/kube-apiserver:v1.31.4
              command:
                - kube-apiserver
                - --authorization-mode=Node,RBAC

                - --anonymous-auth=true
              args: [--profiling=false]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: etcd, namespace: kube-system}
        spec:
          containers:
            - name: etcd
              image: registry.k8s.io/etcd:3.5.15-0
              args:
                - --client-cert-auth=false
        """);
    FactBundle bundle = collect(dir);
    FactBundle.Component apiserver = component(bundle, "kube-apiserver");
    assertEquals(java.util.Arrays.asList(10, 11, 13, 14), apiserver.source().lines());
    // etcd's executable comes from its image: written on no line.
    assertEquals(java.util.Arrays.asList(null, 24), component(bundle, "etcd").source().lines());

    // The lines survive the bundle file and reach the settings rules read as FILE:LINE.
    Path file = Files.writeString(dir.resolve("bundle.json"), json(bundle));
    FactBundle read = FactBundle.read(file);
    assertEquals(apiserver.source(), component(read, "kube-apiserver").source());
    dev.kcis.facts.Setting anonymous = dev.kcis.core.internal.SettingResolver.resolve("cp-1",
        component(read, "kube-apiserver"), new java.util.ArrayList<>()).stream()
        .filter(x -> x.getName().equals("--anonymous-auth")).findFirst().orElseThrow();
    assertEquals("/etc/kubernetes/manifests/kube-apiserver.yaml:13", anonymous.getLocation());
  }

  @Test
  void aWordOfAShellScriptTakesTheScriptsLine() throws IOException {
    pod(dir, "kube-scheduler.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-scheduler}
        spec:
          containers:
            - name: kube-scheduler
              image: registry.k8s.io/kube-scheduler:v1.31.4
              command: [/bin/sh, -c]
              args:
                - exec kube-scheduler --profiling=true
        """);
    FactBundle.Component scheduler = component(collect(dir), "kube-scheduler");
    int at = scheduler.args().indexOf("--profiling=true");
    assertEquals(10, scheduler.source().line(at), scheduler.source().lines().toString());
  }

  // ---- the kubelet ------------------------------------------------------------------------

  static final String KUBELET_UNIT = "[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n";

  @Test
  void withoutAKubeletProcessTheSystemdUnitIsTheKubelet() {
    Path root = dir.resolve("root");
    write(root, "lib/systemd/system/kubelet.service", KUBELET_UNIT);
    write(root, "etc/systemd/system/kubelet.service.d/10-kubeadm.conf", """
        [Service]
        Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
        EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
        EnvironmentFile=-/etc/default/kubelet
        ExecStart=
        ExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
        """);
    write(root, "etc/systemd/system/kubelet.service.d/20-extra.conf",
        "[Service]\nEnvironment=\"KUBELET_EXTRA_ARGS=--hostname-override=Node-A --v=2\"\n");
    write(root, "var/lib/kubelet/kubeadm-flags.env",
        "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd.sock\"\n");
    write(root, "var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n"
        + "authorization: {mode: Webhook}\nstaticPodPath: manifests\n");
    write(root, "var/lib/kubelet/manifests/sched.yaml", "kind: Pod\nspec:\n  containers:\n"
        + "  - {name: s, command: [kube-scheduler]}\n");
    FactBundle bundle = collect(root);
    FactBundle.Component kubelet = component(bundle, "kubelet");
    assertEquals(new FactBundle.Source("systemd-unit",
        "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", null), kubelet.source());
    assertEquals(List.of("/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml",
        "--container-runtime-endpoint=unix:///run/containerd.sock", "--hostname-override=Node-A",
        "--v=2"), kubelet.args());
    assertEquals("node-a", node(bundle).name(), "--hostname-override, lowercased as the kubelet does");
    assertEquals("/var/lib/kubelet/manifests/sched.yaml",
        component(bundle, "kube-scheduler").source().path(),
        "staticPodPath resolves against the config file's directory");
    assertEquals(3, files(bundle, "kubelet-service").size());
  }

  @Test
  void aRunningKubeletWinsOverItsUnitAndNoUnitRecordsTheKubeadmDropInMissing() {
    Path root = dir.resolve("root");
    cmdline(root, 1042, "/usr/bin/kubelet", "--anonymous-auth=false");
    write(root, "etc/hostname", "Worker-7\n");
    FactBundle bundle = collect(root);
    assertEquals("process", component(bundle, "kubelet").source().type());
    assertEquals("worker-7", node(bundle).name());
    FactBundle.FileStat service = file(bundle, "kubelet-service",
        "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf");
    assertTrue(service.missing());
    assertEquals("default", service.via());
    FactBundle.FileStat kubeconfig = file(bundle, "kubelet-kubeconfig",
        "/etc/kubernetes/kubelet.conf");
    assertEquals("default", kubeconfig.via());
    assertTrue(files(bundle, "kubelet-config").isEmpty(), "no --config, no kubelet-config");
    assertTrue(files(bundle, "kubelet-client-ca").isEmpty());
    assertEquals(List.of("worker"), node(bundle).roles());
  }

  @Test
  void effectiveKubeletValuesGoFlagOverConfigFileOverDefault() {
    Path root = dir.resolve("root");
    cmdline(root, 10, "kubelet", "--config=/etc/kubelet.yaml", "--anonymous-auth=true",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt");
    write(root, "etc/kubelet.yaml", "kind: KubeletConfiguration\n"
        + "authentication:\n  anonymous: {enabled: false}\n"
        + "  x509: {clientCAFile: /ignored/because/the/flag/wins.crt}\n");
    FactBundle bundle = collect(root);
    Map<String, FactBundle.EffectiveValue> effective = component(bundle, "kubelet").effective();
    assertEquals(new FactBundle.EffectiveValue("true", "flag", "/proc/10/cmdline"),
        effective.get("authentication.anonymous.enabled"));
    assertFalse(effective.containsKey("authorization.mode"),
        "a default is kcis's knowledge, not evidence: the engine that reads the bundle applies it");
    assertEquals("Webhook", resolved(bundle, "kubelet", "authorization.mode").getValue(),
        "the config file's default, since a config file is used");
    assertEquals("flag --client-ca-file", file(bundle, "kubelet-client-ca",
        "/etc/kubernetes/pki/ca.crt").via());

    Path noConfig = dir.resolve("no-config");
    cmdline(noConfig, 10, "kubelet");
    assertEquals("AlwaysAllow",
        resolved(collect(noConfig), "kubelet", "authorization.mode").getValue(),
        "without a config file the kubelet authorizes everything");
  }

  @Test
  void kubeletDropInsMergeOverTheConfigFileInNameOrder() {
    Path root = dir.resolve("root");
    cmdline(root, 10, "kubelet", "--config=/var/lib/kubelet/config.yaml",
        "--config-dir=/etc/kubernetes/kubelet.conf.d");
    write(root, "var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n"
        + "authentication:\n  anonymous: {enabled: false}\n"
        + "  x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}\n"
        + "readOnlyPort: 0\n");
    write(root, "etc/kubernetes/kubelet.conf.d/20-debug.conf", "kind: KubeletConfiguration\n"
        + "authentication:\n  anonymous: {enabled: true}\n");
    write(root, "etc/kubernetes/kubelet.conf.d/10-ca.conf", "kind: KubeletConfiguration\n"
        + "authentication:\n  anonymous: {enabled: false}\n"
        + "  x509: {clientCAFile: /etc/kubernetes/pki/kubelet-ca.crt}\n");
    write(root, "etc/kubernetes/kubelet.conf.d/README", "not a drop-in: no .conf suffix");
    FactBundle bundle = collect(root);

    Map<String, FactBundle.EffectiveValue> effective = component(bundle, "kubelet").effective();
    assertEquals(new FactBundle.EffectiveValue("true", "config-file",
        "/etc/kubernetes/kubelet.conf.d/20-debug.conf"),
        effective.get("authentication.anonymous.enabled"), "the last drop-in wins");
    assertEquals(new FactBundle.EffectiveValue("/etc/kubernetes/pki/kubelet-ca.crt",
        "config-file", "/etc/kubernetes/kubelet.conf.d/10-ca.conf"),
        effective.get("authentication.x509.clientCAFile"), "nested keys merge one by one");
    assertEquals(new FactBundle.EffectiveValue("0", "config-file", "/var/lib/kubelet/config.yaml"),
        effective.get("readOnlyPort"), "what no drop-in sets stays the config file's");
    assertEquals("config authentication.x509.clientCAFile",
        file(bundle, "kubelet-client-ca", "/etc/kubernetes/pki/kubelet-ca.crt").via());
    assertEquals(List.of("/etc/kubernetes/kubelet.conf.d/10-ca.conf",
        "/etc/kubernetes/kubelet.conf.d/20-debug.conf", "/var/lib/kubelet/config.yaml"),
        files(bundle, "kubelet-config").stream().map(FactBundle.FileStat::path).sorted().toList());

    Path unreadable = dir.resolve("unlisted");
    cmdline(unreadable, 10, "kubelet", "--config-dir=/etc/kubernetes/kubelet.conf.d");
    FactBundle missing = collect(unreadable);
    assertFalse(component(missing, "kubelet").effective()
        .containsKey("authentication.anonymous.enabled"), "a directory not read decides nothing");
    assertTrue(node(missing).errors().stream()
        .anyMatch(e -> e.item().equals("/etc/kubernetes/kubelet.conf.d")), node(missing).errors()
        .toString());
  }

  @Test
  void aRelativeConfigResolvesAgainstTheProcessWorkingDirectory() {
    Path root = dir.resolve("root");
    cmdline(root, 20, "kubelet", "--config=config.yaml");
    link(root, "proc/20/cwd", "/var/lib/kubelet");
    write(root, "var/lib/kubelet/config.yaml", "authorization: {mode: AlwaysAllow}\n");
    FactBundle bundle = collect(root);
    FactBundle.Component kubelet = component(bundle, "kubelet");
    assertEquals("/var/lib/kubelet/config.yaml", kubelet.configFiles().get(0).path());
    assertEquals("config-file", kubelet.effective().get("authorization.mode").source());
    assertEquals("flag --config", file(bundle, "kubelet-config", "/var/lib/kubelet/config.yaml")
        .via());
  }

  @Test
  void aRelativeConfigThatDoesNotResolveFallsBackToTheOnlyConventionalLocation() {
    Path root = dir.resolve("root");
    cmdline(root, 20, "kubelet", "--config=kubelet.yaml");
    write(root, "etc/kubernetes/kubelet-config.yaml", "readOnlyPort: 0\n");
    FactBundle bundle = collect(root);
    FactBundle.FileStat config = file(bundle, "kubelet-config",
        "/etc/kubernetes/kubelet-config.yaml");
    assertEquals("conventional location; --config=kubelet.yaml did not resolve", config.via());
    assertEquals("/etc/kubernetes/kubelet-config.yaml",
        component(bundle, "kubelet").configFiles().get(0).path());
  }

  // ---- files, owners, errors --------------------------------------------------------------

  @Test
  void ownersAndGroupsAreNamedByTheNodesOwnPasswdAndGroup() throws IOException {
    Path root = dir.resolve("root");
    write(root, "etc/kubernetes/admin.conf", "kubeconfig");
    long uid = ((Number) Files.getAttribute(root.resolve("etc/kubernetes/admin.conf"),
        "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(root.resolve("etc/kubernetes/admin.conf"),
        "unix:gid")).longValue();
    write(root, "etc/passwd", "first-name:x:" + uid + ":" + gid + "::/:/bin/sh\n"
        + "second-name:x:" + uid + ":" + gid + "::/:/bin/sh\n");
    write(root, "etc/group", "node-group:x:" + gid + ":\n");
    Files.setPosixFilePermissions(root.resolve("etc/kubernetes/admin.conf"),
        NodeRoots.permissions(0640));
    FactBundle.FileStat admin = file(collect(root), "admin-kubeconfig",
        "/etc/kubernetes/admin.conf");
    assertEquals("first-name", admin.owner(), "the first entry for an id wins");
    assertEquals("node-group", admin.group());
    assertEquals(uid, admin.uid());
    assertEquals(0640, admin.mode());

    write(root, "etc/passwd", "someone-else:x:4242:4242::/:/bin/sh\n");
    FactBundle.FileStat unnamed = file(collect(root), "admin-kubeconfig",
        "/etc/kubernetes/admin.conf");
    assertNull(unnamed.owner(), "an id the node does not list has no name");
    assertEquals(uid, unnamed.uid());
  }

  @Test
  void withoutPasswdNamesAreUnknownAndSaidSo() {
    Path root = dir.resolve("root");
    write(root, "etc/hostname", "n\n");
    FactBundle bundle = collect(root);
    assertTrue(error(bundle, "/etc/passwd").message().contains("cannot be resolved"));
    assertEquals("n", node(bundle).name());
  }

  @Test
  void aSymlinkEscapingTheRootIsACollectionErrorAndNeverFollowed() {
    Path root = dir.resolve("root");
    write(dir, "outside/admin.conf", "the collecting machine's file");
    link(root, "etc/kubernetes/admin.conf", "../../../outside/admin.conf");
    write(root, "srv/super-admin.conf", "inside");
    link(root, "etc/kubernetes/super-admin.conf", "/srv/super-admin.conf");
    FactBundle bundle = collect(root);
    FactBundle.Issue escape = error(bundle, "/etc/kubernetes/admin.conf");
    assertTrue(escape.message().contains("outside the node root"), escape.message());
    assertTrue(files(bundle, "admin-kubeconfig").isEmpty(), "no record of what was not examined");
    FactBundle.FileStat superAdmin = file(bundle, "super-admin-kubeconfig",
        "/etc/kubernetes/super-admin.conf");
    assertFalse(superAdmin.missing(), "an absolute link is followed inside the root");
    assertEquals("file", superAdmin.type());
  }

  @Test
  void anUnreadableConfigIsACollectionErrorAndLeavesItsSettingsUnknown() throws IOException {
    Path root = dir.resolve("root");
    cmdline(root, 30, "kubelet", "--config=/var/lib/kubelet/config.yaml");
    Files.createDirectories(root.resolve("var/lib/kubelet/config.yaml"));
    FactBundle bundle = collect(root);
    FactBundle.Component kubelet = component(bundle, "kubelet");
    assertEquals(List.of(), kubelet.configFiles());
    FactBundle.Issue issue = error(bundle, "/var/lib/kubelet/config.yaml");
    assertEquals("is a directory", issue.message());
    assertEquals("kubelet", issue.component());
    assertFalse(kubelet.effective().containsKey("authentication.anonymous.enabled"),
        "a key the config file may set is unknown, not defaulted");
    assertTrue(node(bundle).errors().stream().anyMatch(e -> e.message().contains("unknown")));
  }

  @Test
  void aFileWithoutReadPermissionIsACollectionError() throws IOException {
    Path root = dir.resolve("root");
    cmdline(root, 30, "kubelet", "--config=/var/lib/kubelet/config.yaml");
    Path config = write(root, "var/lib/kubelet/config.yaml", "readOnlyPort: 0\n");
    Files.setPosixFilePermissions(config, NodeRoots.permissions(0));
    assumeFalse(Files.isReadable(config), "root reads files whatever their mode");
    assertEquals("permission denied",
        error(collect(root), "/var/lib/kubelet/config.yaml").message());
  }

  @Test
  void vanishedAndUnreadableProcessesNeverStopTheCollection() throws IOException {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("proc/70"));          // exited: no cmdline any more
    Files.createDirectories(root.resolve("proc/71/cmdline"));  // cannot be read as a file
    Files.createDirectories(root.resolve("proc/self"));
    cmdline(root, 72, "/usr/bin/kubelet");
    FactBundle bundle = collect(root);
    assertEquals(1, node(bundle).components().size());
    assertTrue(node(bundle).errors().stream().noneMatch(e -> e.item().startsWith("/proc/70")),
        "a process that exited runs nothing to judge");
    assertEquals("is a directory", error(bundle, "/proc/71/cmdline").message());
  }

  @Test
  void aConfigPathOutsideThePodsHostPathVolumesIsNotOnTheNode() {
    Path root = dir.resolve("root");
    pod(root, "kube-apiserver.yaml", """
        kind: Pod
        spec:
          containers:
          - name: a
            command: [kube-apiserver, --encryption-provider-config=/etc/enc/enc.yaml,
                      --audit-policy-file=/policy/audit.yaml]
            volumeMounts:
            - {name: policy, mountPath: /policy}
          volumes:
          - {name: policy, configMap: {name: audit}}
        """);
    write(root, "etc/enc/enc.yaml", "a node file the container does not see");
    FactBundle bundle = collect(root);
    assertTrue(error(bundle, "/etc/enc/enc.yaml").message()
        .contains("in the container's image, not on a hostPath volume"));
    assertTrue(error(bundle, "/policy/audit.yaml").message()
        .contains("configMap volume 'policy'"));
    assertEquals(List.of(), component(bundle, "kube-apiserver").configFiles());
  }

  @Test
  void malformedManifestsAreCollectionErrors() {
    Path root = dir.resolve("root");
    pod(root, "broken.yaml", "kind: Pod\nspec: [unclosed\n");
    pod(root, "dup.yaml", "kind: Pod\nkind: Pod\n");
    FactBundle bundle = collect(root);
    assertTrue(error(bundle, "/etc/kubernetes/manifests/broken.yaml").message()
        .startsWith("malformed YAML"));
    assertTrue(error(bundle, "/etc/kubernetes/manifests/dup.yaml").message()
        .contains("duplicate key"));
  }

  @Test
  void cniFilesAreCappedWithAnError() throws IOException {
    Path root = dir.resolve("root");
    Path net = Files.createDirectories(root.resolve("var/lib/cni/networks/pods"));
    for (int i = 0; i < 1005; i++) {
      Files.writeString(net.resolve("10.0." + (i / 250) + "." + (i % 250)), "id");
    }
    FactBundle bundle = collect(root);
    assertEquals(1000, files(bundle, "cni-config").size());
    assertTrue(error(bundle, "/var/lib/cni/networks/pods").message().contains("more than 1000"));
    assertTrue(file(bundle, "cni-config-dir", "/etc/cni/net.d").missing());
  }

  @Test
  void nodeNameComesFromTheCallerFirstAndUnknownLast() {
    Path root = dir.resolve("root");
    Trees.write(root, "etc/motd", "");
    assertEquals("unknown", node(collect(root)).name());
    assertEquals("Given-Name", node(NodeCollector.builder().root(root).nodeName("Given-Name")
        .build().collect()).name());
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fifosAnywhereInTheRootAreCollectionErrorsNeverOpened() {
    Path root = dir.resolve("root");
    Trees.fifo(root, "proc/50/cmdline");
    cmdline(root, 51, "kubelet", "--config=/var/lib/kubelet/config.yaml");
    Trees.fifo(root, "proc/51/environ"); // read for etcd only: must not be touched
    Trees.fifo(root, "var/lib/kubelet/config.yaml");
    Trees.fifo(root, "etc/kubernetes/manifests/kube-apiserver.yaml");
    Trees.fifo(root, "etc/passwd");
    cmdline(root, 52, "etcd", "--data-dir=/var/lib/etcd");
    Trees.fifo(root, "proc/52/environ");
    FactBundle bundle = collect(root);
    String fifo = "not a regular file (fifo)";
    assertEquals(fifo, error(bundle, "/proc/50/cmdline").message());
    FactBundle.Issue config = error(bundle, "/var/lib/kubelet/config.yaml");
    assertEquals(fifo, config.message());
    assertEquals("kubelet", config.component());
    assertEquals(fifo, error(bundle, "/etc/kubernetes/manifests/kube-apiserver.yaml").message());
    assertTrue(error(bundle, "/etc/passwd").message().startsWith(fifo), "owner names unknown");
    assertEquals(fifo, error(bundle, "/proc/52/environ").message());
    assertEquals(2, node(bundle).components().size(), "the kubelet and etcd are still judged");
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoEnvironmentFileOfTheKubeletUnitIsACollectionError() {
    Path root = dir.resolve("root");
    write(root, "lib/systemd/system/kubelet.service", KUBELET_UNIT);
    write(root, "etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
        "[Service]\nEnvironmentFile=/var/lib/kubelet/kubeadm-flags.env\n");
    Trees.fifo(root, "var/lib/kubelet/kubeadm-flags.env");
    FactBundle bundle = collect(root);
    String message = error(bundle, "/var/lib/kubelet/kubeadm-flags.env").message();
    assertTrue(message.startsWith("not a regular file (fifo); "), message);
    assertTrue(message.contains("command line under systemd is unknown"), message);
  }

  @Test
  void theCollectorTellsWhatItReadSoThatOutputCanStayClearOfIt() {
    Path root = dir.resolve("root");
    write(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    pod(root, "etcd.yaml", "kind: Pod\nspec:\n  containers:\n  - {name: e, command: [etcd]}\n");
    Set<Path> evidence = new java.util.HashSet<>();
    NodeCollector.builder().root(root).build().collect(evidence::add);
    assertTrue(evidence.contains(root.resolve("etc/passwd").toAbsolutePath()), evidence.toString());
    assertTrue(evidence.contains(root.resolve("etc/kubernetes/manifests").toAbsolutePath()),
        "listed directories too: " + evidence);
    assertTrue(evidence.contains(root.resolve("etc/kubernetes/manifests/etcd.yaml")
        .toAbsolutePath()), evidence.toString());
  }

  @Test
  void theRootMustBeADirectory() {
    CollectionException e = assertThrows(CollectionException.class,
        () -> NodeCollector.builder().root(dir.resolve("nonexistent")).build());
    assertTrue(e.getMessage().endsWith("is not a directory"), e.getMessage());
  }

  @Test
  void platformMarks() {
    Path root = dir.resolve("root");
    Trees.write(root, "var/lib/minikube/binaries/v1.30.2/kubelet", "");
    Trees.write(root, "var/lib/kubelet/kubeadm-flags.env", "");
    cmdline(root, 5, "/var/lib/minikube/binaries/v1.30.2/kubelet");
    FactBundle bundle = collect(root);
    assertEquals(new FactBundle.Cluster(null, "v1.30.2", "minikube", List.of(
        "layout minikube (minikube)", "/var/lib/minikube exists",
        "/var/lib/kubelet/kubeadm-flags.env exists")), bundle.cluster());
    // The layout with the most marks wins: a k3s server running beside minikube's leftovers.
    Trees.write(root, "etc/rancher/k3s/config.yaml", "");
    Trees.write(root, "var/lib/rancher/k3s/server/token", "");
    assertEquals("minikube", collect(root).cluster().platform(), "two marks each: a tie");
    cmdline(root, 7, "/usr/local/bin/k3s", "server");
    FactBundle k3s = collect(root);
    assertEquals("k3s", k3s.cluster().platform());
    assertEquals(List.of("layout k3s (K3s)", "/etc/rancher/k3s exists",
        "/var/lib/rancher/k3s/server exists", "process 7 runs /usr/local/bin/k3s server"),
        k3s.cluster().platformEvidence());
  }

  @Test
  void openShiftApiServerArgumentsComeFromItsConfigFileWithTheirSource() throws IOException {
    Path root = dir.resolve("root");
    write(root, "etc/kubernetes/static-pod-resources/kube-apiserver-certs/ca.crt", "x");
    write(root, "etc/machine-config-daemon/node-annotations.json", "{}");
    pod(root, "kube-apiserver-pod.yaml", """
        kind: Pod
        spec:
          containers:
          - name: kube-apiserver
            command: ["/bin/bash", "-ec"]
            args:
            - |
              exec watch-termination --termination-touch-file=/var/log/.terminating -- \\
                hyperkube kube-apiserver --openshift-config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml \\
                --audit-log-maxage=7
            volumeMounts:
            - {name: resource-dir, mountPath: /etc/kubernetes/static-pod-resources}
          volumes:
          - {name: resource-dir, hostPath: {path: /etc/kubernetes/static-pod-resources/kube-apiserver-pod-7}}
        """);
    String config = "/etc/kubernetes/static-pod-resources/kube-apiserver-pod-7/configmaps/config/"
        + "config.yaml";
    write(root, config.substring(1), """
        {"apiVersion":"kubecontrolplane.config.openshift.io/v1","kind":"KubeAPIServerConfig",
         "apiServerArguments":{"authorization-mode":["Scope","SystemMasters","RBAC","Node"],
           "audit-log-maxage":["1"],"oidc-client-secret":["s3cr3t-value"]},
         "serviceAccountPublicKeyFiles":["/etc/kubernetes/static-pod-resources/configmaps/sa"],
         "servingInfo":{"minTLSVersion":"VersionTLS12"}}
        """);
    FactBundle bundle = collect(root);
    assertEquals("openshift", bundle.cluster().platform());
    FactBundle.Component apiserver = component(bundle, "kube-apiserver");
    assertEquals(List.of("hyperkube", "kube-apiserver",
        "--authorization-mode=Scope", "--authorization-mode=SystemMasters",
        "--authorization-mode=RBAC", "--authorization-mode=Node", "--audit-log-maxage=1",
        "--oidc-client-secret=<redacted>",
        "--tls-min-version=VersionTLS12",
        "--service-account-key-file=/etc/kubernetes/static-pod-resources/configmaps/sa",
        "--openshift-config=/etc/kubernetes/static-pod-resources/configmaps/config/config.yaml",
        "--audit-log-maxage=7"), apiserver.args());
    // Each value the file gives is recorded with the file and key it came from; a flag of the
    // command line itself is not (it is the args' own).
    assertEquals(new FactBundle.EffectiveValue("Scope,SystemMasters,RBAC,Node", "config-file",
        config + " apiServerArguments.authorization-mode"),
        apiserver.effective().get("--authorization-mode"));
    assertEquals(new FactBundle.EffectiveValue(
        "/etc/kubernetes/static-pod-resources/configmaps/sa", "config-file",
        config + " serviceAccountPublicKeyFiles"),
        apiserver.effective().get("--service-account-key-file"));
    assertFalse(apiserver.effective().containsKey("--audit-log-maxage"));
    assertFalse(json(bundle).contains("s3cr3t-value"), "a credential never enters the bundle");
    assertEquals(config, apiserver.configFiles().get(0).path());
    assertTrue(node(bundle).errors().stream().noneMatch(e -> "kube-apiserver".equals(
        e.component())), node(bundle).errors().toString());
  }

  /** A setting of the bundle's {@code kind} component as the engine resolves it. */
  private static dev.kcis.facts.Setting resolved(FactBundle bundle, String kind, String name) {
    FactBundle.Node node = bundle.nodes().get(0);
    return dev.kcis.core.internal.SettingResolver.resolve(node.name(), component(bundle, kind),
        new java.util.ArrayList<>()).stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow();
  }
}
