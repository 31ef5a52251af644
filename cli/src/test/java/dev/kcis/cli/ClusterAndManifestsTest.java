package dev.kcis.cli;

import static dev.kcis.cli.CollectAndScanTest.JSON;
import static dev.kcis.cli.CollectAndScanTest.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import dev.kcis.collect.NodeRoots;
import dev.kcis.collect.OpenShiftApi;
import dev.kcis.collect.SampleCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ClusterAndManifestsTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir
  Path dir;

  /** A directory of manifests: a cluster-admin binding (5.1.1 fails), a service account. */
  Path manifests() throws IOException {
    Path m = dir.resolve("manifests");
    Files.createDirectories(m.resolve("rbac"));
    Files.writeString(m.resolve("rbac/admin.yaml"), """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ops-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
        """);
    Files.writeString(m.resolve("app.json"), """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "web"}}]}
        """);
    return m;
  }

  Path kubeconfig() throws IOException {
    return Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        current-context: sample
        clusters: [{name: sample, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: auditor, user: {token: SECRET-kubeconfig-token}}]
        contexts: [{name: sample, context: {cluster: sample, user: auditor}}]
        """.formatted(server.url("/").replaceAll("/$", "")));
  }

  static JsonNode report(CliRun run) throws IOException {
    assertEquals(ExitCode.OK, run.exit(), run.err());
    return JSON.readTree(run.out());
  }

  static void assertSameResults(CliRun expected, CliRun actual) throws IOException {
    JsonNode e = report(expected);
    JsonNode a = report(actual);
    assertEquals(results(e), results(a));
    assertEquals(e.get("results"), a.get("results"), "evidence too");
  }

  static final List<String> EVAL = List.of("--format", "json", "--fail-on", "never");

  static String[] args(List<String> head, List<String> tail) {
    return java.util.stream.Stream.concat(head.stream(), tail.stream()).toArray(String[]::new);
  }

  @Test
  void scanManifestsGivesTheReportOfCollectThenEval() throws IOException {
    Path m = manifests();
    Path bundle = dir.resolve("out/objects.json");

    CliRun collect = CliRun.of("collect", "manifests", m.toString(), "--out", bundle.toString());
    assertEquals(ExitCode.OK, collect.exit(), collect.err());
    assertEquals(List.of("kcis: wrote the manifests bundle to " + bundle
        + ": 2 objects from 2 files, 0 components, 1 note (files skipped, namespaces assumed)"),
        collect.errLines());
    Set<ValidationMessage> problems = EvalCommandTest.schema("fact-bundle-v1.schema.json")
        .validate(JSON.readTree(bundle.toFile()));
    assertTrue(problems.isEmpty(), problems.toString());
    assertEquals(m.resolve("rbac/admin.yaml") + ":1", JSON.readTree(bundle.toFile())
        .at("/objectLocations/ClusterRoleBinding~1ops-admin").asText());

    CliRun eval = CliRun.of(args(List.of("eval", bundle.toString()), EVAL));
    CliRun scan = CliRun.of(args(List.of("scan", "--manifests", m.toString()), EVAL));
    assertSameResults(eval, scan);
    List<String> results = results(report(scan));
    assertTrue(results.stream().anyMatch(r -> r.startsWith(
        "5.1.1 ClusterRoleBinding/ops-admin FAIL")), String.join("\n", results));
    assertTrue(results.stream().noneMatch(r -> r.contains(" node/")),
        "scan --manifests scans no node root");
  }

  @Test
  void scanRootAndManifestsGivesTheReportOfBothCollectsThenEval() throws IOException {
    Path root = NodeRoots.copy("kubeadm-control-plane", dir.resolve("cp"));
    Path m = manifests();
    Path node = dir.resolve("node.json");
    Path objects = dir.resolve("objects.json");
    assertEquals(ExitCode.OK, CliRun.of("collect", "node", "--root", root.toString(), "-o",
        node.toString()).exit());
    assertEquals(ExitCode.OK, CliRun.of("collect", "manifests", m.toString(), "-o",
        objects.toString()).exit());

    CliRun eval = CliRun.of(args(List.of("eval", node.toString(), objects.toString()), EVAL));
    CliRun scan = CliRun.of(args(List.of("scan", "--root", root.toString(), "--manifests",
        m.toString()), EVAL));
    assertSameResults(eval, scan);
    List<String> results = results(report(scan));
    assertTrue(results.stream().anyMatch(r -> r.startsWith("1.2.1 node/cp-1/kube-apiserver FAIL")));
    assertTrue(results.stream().anyMatch(r -> r.startsWith(
        "5.1.1 ClusterRoleBinding/ops-admin FAIL")));
  }

  @Test
  void aManifestThatCannotBeParsedIsInvalidInputInOneLine() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n");
    for (String[] command : List.of(new String[] {"collect", "manifests", bad.toString()},
        new String[] {"scan", "--manifests", bad.toString()})) {
      CliRun run = CliRun.of(command);
      assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.err());
      assertEquals(1, run.errLines().size(), run.err());
      assertTrue(run.err().matches("kcis: " + java.util.regex.Pattern.quote(bad.toString())
          + ":5:1: malformed YAML: .+\\s*"), run.err());
      assertEquals("", run.out());
    }
    CliRun verbose = CliRun.of("collect", "manifests", bad.toString(), "--verbose");
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");
  }

  @Test
  void collectClusterThenEvalGivesTheReportOfScanAndCarriesNoSecret() throws IOException {
    SampleCluster.create(server, client);
    Path kubeconfig = kubeconfig();
    Path bundle = dir.resolve("cluster.json");

    CliRun collect = CliRun.of("collect", "cluster", "--kubeconfig", kubeconfig.toString(),
        "--out", bundle.toString(), "--verbose");
    assertEquals(ExitCode.OK, collect.exit(), collect.err());
    assertEquals(List.of(
        "kcis: not collected: node w-1: /api/v1/nodes/w-1/proxy/configz (kubelet): forbidden "
            + "(403): nodes/proxy \"w-1\" is forbidden: User "
            + "\"system:serviceaccount:kcis:kcis\" cannot get resource \"nodes/proxy\"",
        "kcis: wrote the cluster bundle of sample to " + bundle + ": 24 objects of 19 kinds, "
            + "2 nodes, 4 components, 1 collection error"), collect.errLines());
    JsonNode written = JSON.readTree(bundle.toFile());
    Set<ValidationMessage> problems = EvalCommandTest.schema("fact-bundle-v1.schema.json")
        .validate(written);
    assertTrue(problems.isEmpty(), problems.toString());

    CliRun eval = CliRun.of(args(List.of("eval", bundle.toString()), EVAL));
    CliRun scan = CliRun.of(args(List.of("scan", "--cluster", "--kubeconfig",
        kubeconfig.toString()), EVAL));
    assertSameResults(eval, scan);
    CliRun table = CliRun.of("eval", bundle.toString(), "--fail-on", "never", "--verbose");

    Set<String> secrets = SampleCluster.secrets();
    secrets.add("SECRET-kubeconfig-token");
    for (String secret : secrets) {
      assertFalse(Files.readString(bundle).contains(secret), secret + " in the bundle");
      assertFalse(eval.out().contains(secret), secret + " in the JSON report");
      assertFalse(table.out().contains(secret), secret + " in the table report");
    }
    List<String> results = results(report(eval));
    assertTrue(results.stream().anyMatch(r -> r.startsWith("1.2.1 node/cp-1/kube-apiserver PASS")),
        String.join("\n", results));
    assertTrue(results.stream().anyMatch(r -> r.startsWith("4.2.1 node/cp-1/kubelet PASS")),
        "the kubelet judged from its live configuration");
    assertTrue(results.stream().anyMatch(r -> r.startsWith(
        "5.1.1 ClusterRoleBinding/ops-admin FAIL")));
  }

  @Test
  void onOpenShiftTheListedSccsAndOperatorsDecide52And1231OfRh18() throws IOException {
    SampleCluster.create(server, client);
    OpenShiftApi.serve(server);
    Path bundle = dir.resolve("openshift.json");

    CliRun collect = CliRun.of("collect", "cluster", "--kubeconfig", kubeconfig().toString(),
        "--out", bundle.toString());
    assertEquals(ExitCode.OK, collect.exit(), collect.err());
    CliRun eval = CliRun.of(args(List.of("eval", bundle.toString(), "--benchmark", "rh-1.8"),
        EVAL));

    assertFalse(Files.readString(bundle).contains(OpenShiftApi.OBSERVED_SECRET));
    assertFalse(eval.out().contains(OpenShiftApi.OBSERVED_SECRET));
    List<String> results = results(report(eval));
    String all = String.join("\n", results);
    // restricted-v2 restricts what 5.2.1-5.2.5, 5.2.7 and 5.2.9 ask about, and restricted has no
    // added capabilities (5.2.8): the SCCs are listed in full, so these pass.
    for (String control : List.of("5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.7",
        "5.2.8", "5.2.9")) {
      List<String> of = results.stream().filter(r -> r.startsWith(control + " ")).toList();
      assertEquals(1, of.size(), all);
      assertTrue(of.get(0).contains(" PASS"), of.get(0));
    }
    // The operator resources are listed in full and none sets unsupportedConfigOverrides.
    assertTrue(results.stream().anyMatch(r -> r.startsWith("1.2.31 cluster PASS")), all);
    // No SCC admits only non-root users: each SCC fails 5.2.6.
    assertEquals(List.of("privileged", "restricted", "restricted-v2"), results.stream()
        .filter(r -> r.startsWith("5.2.6 ")).peek(r -> assertTrue(r.contains(" FAIL "), r))
        .map(r -> r.split(" ")[1].replace("SecurityContextConstraints/", "")).sorted()
        .toList(), all);
  }

  @Test
  void onOpenShiftSccsThatCannotBeListedLeaveSection52Inconclusive() throws IOException {
    SampleCluster.create(server, client);
    server.expect().get() // before serve(): the first expectation that matches answers
        .withPath("/apis/security.openshift.io/v1/securitycontextconstraints?limit=500")
        .andReturn(403, SampleCluster.forbidden("securitycontextconstraints", null)).always();
    OpenShiftApi.serve(server);
    Path bundle = dir.resolve("openshift.json");

    CliRun collect = CliRun.of("collect", "cluster", "--kubeconfig", kubeconfig().toString(),
        "--out", bundle.toString());
    assertEquals(ExitCode.OK, collect.exit(), collect.err());
    List<String> results = results(report(CliRun.of(args(List.of("eval", bundle.toString(),
        "--benchmark", "rh-1.8"), EVAL))));

    List<String> of = results.stream().filter(r -> r.startsWith("5.2.1 ")).toList();
    assertEquals(1, of.size(), String.join("\n", results));
    assertTrue(of.get(0).startsWith("5.2.1 cluster INCONCLUSIVE")
        && of.get(0).contains("SecurityContextConstraints"), of.get(0));
  }

  @Test
  void clusterOptionsNeedCluster() {
    CliRun run = CliRun.of("scan", "--kubeconfig", "x", "--manifests", "y");
    assertEquals(ExitCode.USAGE, run.exit());
    assertTrue(run.err().contains("add --cluster"), run.err());
    CliRun help = CliRun.of("scan", "--help");
    assertTrue(help.out().contains("--manifests") && help.out().contains("--cluster")
        && help.out().contains("--kubeconfig"), help.out());
    for (String sub : List.of("cluster", "manifests")) {
      CliRun subHelp = CliRun.of("collect", sub, "--help");
      assertEquals(0, subHelp.exit());
      assertTrue(subHelp.out().contains("Exit codes:"), subHelp.out());
    }
  }
}
