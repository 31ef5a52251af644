package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.collect.NodeRoots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sample node roots of samples/node-roots laid out as each platform lays out its nodes,
 * collected and evaluated end to end as a user would: {@code collect node}, then {@code eval}
 * without {@code --benchmark}, which must pick the platform's own benchmark. Every control the
 * node's evidence decides is decided (the only INCONCLUSIVE ones need API objects, which a node
 * bundle does not carry), and nothing is PASS without an observation.
 */
class PlatformNodeRootsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource({
      "eks-al2023, eks, eks-1.8.0, worker",
      "eks-al2, eks, eks-1.8.0, worker",
      "gke-cos, gke, gke-1.9.0, worker",
      "aks-ubuntu, aks, aks-1.8, worker",
      "rke2-server, rke2, rke2-cis-1.8, control-plane",
      "k3s-server, k3s, k3s-cis-1.9, control-plane",
      "openshift-master, openshift, rh-1.8, control-plane"})
  void collectedAndEvaluatedWithItsOwnBenchmark(String sample, String platform, String profile,
      String role) throws IOException {
    JsonNode bundle = collect(sample);
    assertEquals(platform, bundle.at("/cluster/platform").asText());
    assertTrue(bundle.at("/cluster/platformEvidence/0").asText().startsWith("layout "),
        "the bundle says why: " + bundle.at("/cluster/platformEvidence"));
    assertEquals(role, bundle.at("/nodes/0/roles/0").asText());
    assertEquals(0, bundle.at("/nodes/0/errors").size(), bundle.at("/nodes/0/errors").toString());
    assertJudged(evaluate(sample, profile));
  }

  @Test
  void k3sComponentsComeFromTheJournalWhenOneIsGiven() throws IOException {
    Path journal = NodeRoots.SAMPLES.resolve("k3s-server.journal").toAbsolutePath();
    JsonNode bundle = collect("k3s-server", "--journal", journal.toString());
    assertEquals("v1.30.6+k3s1", bundle.at("/cluster/kubernetesVersion").asText());
    List<String> sources = new ArrayList<>();
    for (JsonNode c : bundle.at("/nodes/0/components")) {
      sources.add(c.get("kind").asText() + " " + c.at("/source/type").asText());
    }
    assertEquals(List.of("kube-apiserver journal", "kube-controller-manager journal",
        "kube-scheduler journal", "etcd embedded", "kubelet journal", "kube-proxy journal"),
        sources);
    assertJudged(evaluate("k3s-server", "k3s-cis-1.9"));
  }

  @Test
  void k3sWithoutAJournalReadsItsConfigOverItsDocumentedDefaults() throws IOException {
    JsonNode bundle = collect("k3s-server");
    JsonNode apiserver = bundle.at("/nodes/0/components/0");
    assertEquals("embedded", apiserver.at("/source/type").asText());
    List<String> args = new ArrayList<>();
    apiserver.get("args").forEach(a -> args.add(a.asText()));
    assertTrue(args.contains("--authorization-mode=Node,RBAC"), args.toString());
    // From /etc/rancher/k3s/config.yaml: kube-apiserver-arg and secrets-encryption.
    assertTrue(args.contains("--enable-admission-plugins=NodeRestriction,EventRateLimit"),
        args.toString());
    assertTrue(args.contains(
        "--encryption-provider-config=/var/lib/rancher/k3s/server/cred/encryption-config.json"),
        args.toString());
  }

  @Test
  void rke2EtcdSettingsAreReadFromItsConfigFile() throws IOException {
    collect("rke2-server");
    JsonNode report = evaluate("rke2-server", "rke2-cis-1.8");
    for (String id : List.of("1.1.11", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6")) {
      assertEquals("PASS", status(report, id), id);
    }
  }

  /**
   * The RHCOS control-plane root: every control of sections 1-4 is decided from the files, and
   * each verdict that is not PASS is what those files say.
   */
  @Test
  void openShiftControlPlaneIsJudgedFromItsStaticPodsAndTheirConfigFiles() throws IOException {
    JsonNode bundle = collect("openshift-master");
    List<String> kinds = new ArrayList<>();
    for (JsonNode c : bundle.at("/nodes/0/components")) {
      kinds.add(c.get("kind").asText() + " " + c.at("/source/path").asText());
    }
    // The etcd pod's etcd-metrics container runs "etcd grpc-proxy": not a second etcd.
    assertEquals(List.of(
        "kube-apiserver /etc/kubernetes/manifests/kube-apiserver-pod.yaml",
        "kube-controller-manager /etc/kubernetes/manifests/kube-controller-manager-pod.yaml",
        "kube-scheduler /etc/kubernetes/manifests/kube-scheduler-pod.yaml",
        "etcd /etc/kubernetes/manifests/etcd-pod.yaml",
        "kubelet /etc/systemd/system/kubelet.service"), kinds);
    JsonNode anonymous = bundle.at("/nodes/0/components/0/effective/--anonymous-auth");
    assertEquals("config-file", anonymous.get("source").asText());
    assertEquals("/etc/kubernetes/static-pod-resources/kube-apiserver-pod-7/configmaps/config/"
        + "config.yaml apiServerArguments.anonymous-auth", anonymous.get("location").asText());

    JsonNode report = evaluate("openshift-master", "rh-1.8");
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        // RBAC bindings are API objects, not on a node.
        Map.entry("1.2.1", "INCONCLUSIVE"),
        // unsupportedConfigOverrides are in the operator resources, API objects too.
        Map.entry("1.2.31", "INCONCLUSIVE"),
        // apiServerArguments.enable-admission-plugins lists no AlwaysPullImages (OpenShift's
        // default).
        Map.entry("1.2.9", "FAIL"),
        // No kube-proxy: OVN-Kubernetes runs none, and no kube-proxy kubeconfig is on the node.
        Map.entry("4.1.3", "NOT_APPLICABLE"),
        Map.entry("4.1.4", "NOT_APPLICABLE"),
        // /etc/kubernetes/kubelet.conf is mode 0644, as the Machine Config Operator writes it.
        Map.entry("4.1.9", "FAIL")));
    for (String manual : List.of("1.2.17", "1.2.19", "1.2.22", "1.3.1", "1.4.1", "1.4.2",
        "3.1.1", "4.2.1")) {
      expected.put(manual, "MANUAL");
    }
    Map<String, String> actual = new TreeMap<>();
    for (JsonNode c : report.get("controls")) {
      String id = c.get("id").asText();
      if (id.matches("[1-4]\\..*")) {
        actual.put(id, c.get("status").asText());
        expected.putIfAbsent(id, "PASS");
      }
    }
    assertEquals(expected, actual);
  }

  @Test
  void eksAmazonLinux2KubeletArgumentsComeFromBootstrapDropIns() throws IOException {
    JsonNode bundle = collect("eks-al2");
    assertEquals("layout eks-al2 (Amazon EKS (Amazon Linux 2, bootstrap.sh))",
        bundle.at("/cluster/platformEvidence/0").asText());
    JsonNode kubelet = bundle.at("/nodes/0/components/0");
    assertEquals("kubelet", kubelet.get("kind").asText());
    List<String> args = new ArrayList<>();
    kubelet.get("args").forEach(a -> args.add(a.asText()));
    // KUBELET_ARGS of 10-kubelet-args.conf, as bootstrap.sh writes it.
    assertTrue(args.contains("--hostname-override=ip-10-0-2-45.us-west-2.compute.internal"),
        args.toString());
    assertEquals("ip-10-0-2-45.us-west-2.compute.internal", bundle.at("/nodes/0/name").asText());
    assertEquals("/etc/kubernetes/kubelet/kubelet-config.json",
        kubelet.at("/effective/readOnlyPort/location").asText());
    JsonNode report = evaluate("eks-al2", "eks-1.8.0");
    for (JsonNode c : report.get("controls")) {
      if (c.get("id").asText().startsWith("3.")) {
        // Every file at 644 or tighter and every kubelet setting as the AMI writes it.
        assertEquals("PASS", c.get("status").asText(), c.get("id").asText());
      }
    }
  }

  private JsonNode collect(String sample, String... extra) throws IOException {
    Path root = NodeRoots.copy(sample, dir.resolve(sample));
    Path bundle = dir.resolve(sample + ".json");
    List<String> args = new ArrayList<>(List.of("collect", "node", "--root", root.toString(),
        "--out", bundle.toString()));
    args.addAll(List.of(extra));
    CliRun collect = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCode.OK, collect.exit(), collect.err());
    return JSON.readTree(bundle.toFile());
  }

  private JsonNode evaluate(String sample, String profile) throws IOException {
    CliRun eval = CliRun.of("eval", dir.resolve(sample + ".json").toString(), "--format", "json",
        "--fail-on", "never");
    assertEquals(ExitCode.OK, eval.exit(), eval.err());
    assertTrue(eval.err().startsWith("kcis: benchmark " + profile + ": platform "), eval.err());
    return JSON.readTree(eval.out());
  }

  private static String status(JsonNode report, String control) {
    for (JsonNode c : report.get("controls")) {
      if (c.get("id").asText().equals(control)) {
        return c.get("status").asText();
      }
    }
    return "absent";
  }

  /** Open only for want of API objects; every PASS names what it observed. */
  private static void assertJudged(JsonNode report) {
    List<String> open = new ArrayList<>();
    List<String> unobserved = new ArrayList<>();
    for (JsonNode r : report.get("results")) {
      String status = r.get("status").asText();
      String message = r.path("message").asText();
      if (status.equals("INCONCLUSIVE") && !message.startsWith("the evidence holds no ")) {
        open.add(r.get("control").asText() + ": " + message);
      }
      if (status.equals("PASS") && r.at("/evidence/observed").isEmpty()) {
        unobserved.add(r.get("control").asText());
      }
    }
    assertEquals(List.of(), open, "node controls left INCONCLUSIVE");
    assertEquals(List.of(), unobserved, "PASS without an observation");
    assertFalse(report.get("results").isEmpty());
  }
}
