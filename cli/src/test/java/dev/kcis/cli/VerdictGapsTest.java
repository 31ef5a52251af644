package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fail-closed verdicts from the command line: evidence that decides nothing is never green. */
class VerdictGapsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void anEmptyBundleWarnsAndExitsFive() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.json"),
        "{\"apiVersion\": \"kcis.dev/v1\", \"kind\": \"FactBundle\"}");
    CliRun run = CliRun.of("eval", empty.toString(), "--benchmark=cis-1.12", "--format", "json");
    assertEquals(ExitCode.NOTHING_EVALUATED, run.exit(), run.err());
    assertTrue(run.err().startsWith("kcis: warning: nothing was evaluated: the evidence decided "
        + "no control ("), run.err());
    assertTrue(run.err().contains("--allow-empty accepts it"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    // The report is still written: every control is there, none decided.
    assertTrue(JSON.readTree(run.out()).get("controls").size() > 100, run.out());
  }

  @Test
  void allowEmptyWarnsAndExitsAsFailOnSays() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.json"),
        "{\"apiVersion\": \"kcis.dev/v1\", \"kind\": \"FactBundle\"}");
    CliRun run = CliRun.of("eval", empty.toString(), "--benchmark=cis-1.12", "--format", "json",
        "--allow-empty");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.err().startsWith("kcis: warning: nothing was evaluated"), run.err());
    CliRun strict = CliRun.of("eval", empty.toString(), "--benchmark=cis-1.12", "--format",
        "json", "--allow-empty", "--fail-on", "inconclusive");
    assertEquals(ExitCode.FINDINGS, strict.exit(), strict.err());
  }

  @Test
  void aScanOfARootWithoutKubernetesWarnsAndExitsFive() throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hostname"), "laptop\n");
    CliRun run = CliRun.of("scan", "--root", root.toString(), "--benchmark=cis-1.12",
        "--format", "json");
    assertEquals(ExitCode.NOTHING_EVALUATED, run.exit(), run.err());
    assertTrue(run.err().contains("kcis: warning: nothing was evaluated"), run.err());
  }

  @Test
  void aBundleThatDecidesSomethingIsNotEmpty() {
    CliRun run = CliRun.of("eval", EvalCommandTest.HARDENED.toString(), "--format", "json");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(!run.err().contains("nothing was evaluated"), run.err());
  }

  @Test
  void aKustomizeTreeIsScannedAndNothingOverItsPatchedDeploymentPasses() throws IOException {
    write("app/base/kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [deploy.yaml]
        """);
    write("app/base/deploy.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers: [{name: web, image: nginx}]
        """);
    write("app/overlays/prod/kustomization.yaml", "resources: [../../base]\n");
    write("app/overlays/prod/patch.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {replicas: 3}
        """);
    CliRun run = CliRun.of("scan", "--manifests", dir.resolve("app").toString(),
        "--benchmark=cis-1.12", "--format", "json", "--fail-on", "never");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    // The whole base Deployment is judged (its findings stand), and nothing over Deployments
    // passes: the cluster result names the object defined twice.
    for (String control : new String[] {"5.2.2", "5.2.3", "5.2.5", "5.6.2", "5.6.3"}) {
      JsonNode results = results(run, control);
      JsonNode cluster = null;
      for (JsonNode result : results) {
        assertTrue(!result.get("status").asText().equals("PASS"), control + ": " + result);
        if (result.get("target").asText().equals("cluster")) {
          cluster = result;
        }
      }
      assertTrue(cluster != null, control + ": " + results);
      assertEquals("INCONCLUSIVE", cluster.get("status").asText(), control);
      assertTrue(cluster.get("message").asText().contains("Deployment/shop/web: defined twice: "
          + "at " + dir.resolve("app/base/deploy.yaml") + ":1 and at "
          + dir.resolve("app/overlays/prod/patch.yaml") + ":1"), control + ": " + cluster);
    }
    assertEquals("FAIL", results(run, "5.6.2").get(0).get("status").asText(),
        "the base Deployment's missing seccomp profile is still found");
  }

  @Test
  void aPatchAloneIsInvalidEvidenceNamedInTheReason() throws IOException {
    write("patch.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              serviceAccountName: web
        """);
    CliRun run = CliRun.of("scan", "--manifests", dir.resolve("patch.yaml").toString(),
        "--benchmark=cis-1.12", "--format", "json", "--fail-on", "never");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode privileged = results(run, "5.2.2");
    assertEquals("INCONCLUSIVE", privileged.get(0).get("status").asText(), privileged.toString());
    assertTrue(privileged.get(0).get("message").asText().contains("Deployment/shop/web: invalid "
        + "evidence: it has no containers (/spec/template/spec/containers)"), privileged.toString());
  }

  @Test
  void objectsWithoutANamespaceFailDefaultNamespaceSayingItWasAssumed() throws IOException {
    Path install = write("install.yaml", """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: argocd-server}
        automountServiceAccountToken: false
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: argocd-server}
        spec:
          template:
            spec:
              serviceAccountName: argocd-server
              containers: [{name: server, image: argocd}]
        """);
    CliRun assumed = CliRun.of("scan", "--manifests", install.toString(), "--benchmark=cis-1.12",
        "--format", "json", "--fail-on", "never");
    assertEquals(ExitCode.OK, assumed.exit(), assumed.err());
    JsonNode failures = results(assumed, "5.6.4");
    assertEquals(2, failures.size(), failures.toString());
    for (JsonNode failure : failures) {
      assertEquals("FAIL", failure.get("status").asText());
      assertTrue(failure.get("evidence").get("expected").asText().contains("names no "
          + "metadata.namespace: assumed default"), failure.toString());
    }
    assertTrue(failures.toString().contains("Deployment/default/argocd-server (no "
        + "metadata.namespace: assumed default)"), failures.toString());

    CliRun placed = CliRun.of("scan", "--manifests", install.toString(), "--namespace", "argocd",
        "--benchmark=cis-1.12", "--format", "json", "--fail-on", "never");
    assertEquals(ExitCode.OK, placed.exit(), placed.err());
    JsonNode passed = results(placed, "5.6.4");
    assertEquals(1, passed.size(), passed.toString());
    assertEquals("PASS", passed.get(0).get("status").asText(), passed.toString());
    assertTrue(passed.get(0).get("message").asText().startsWith("covers the manifests given: "
        + "Deployment, ServiceAccount; they hold no Pod"), passed.toString());
  }

  @Test
  void collectManifestsRecordsTheNamespaceGivenAndTheNotes() throws IOException {
    Path install = write("m/install.yaml", "apiVersion: v1\nkind: ServiceAccount\n"
        + "metadata: {name: app}\n");
    write("m/kustomization.yaml", "resources: [install.yaml]\n");
    Path out = dir.resolve("bundle.json");
    CliRun run = CliRun.of("collect", "manifests", dir.resolve("m").toString(), "-n", "apps",
        "--output", out.toString());
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.err().endsWith("1 note (files skipped, namespaces assumed)\n"), run.err());
    JsonNode bundle = JSON.readTree(out.toFile());
    assertEquals("apps", bundle.get("objects").get(0).get("metadata").get("namespace").asText());
    assertEquals(dir.resolve("m/kustomization.yaml").toString(),
        bundle.get("notes").get(0).get("item").asText());
    assertEquals(install + ":1", bundle.get("objectLocations").get("ServiceAccount/apps/app")
        .asText());
    // The bundle reads back, notes included, and validates against the bundle schema.
    assertTrue(EvalCommandTest.schema("fact-bundle-v1.schema.json").validate(bundle).isEmpty());
    CliRun eval = CliRun.of("eval", out.toString(), "--benchmark=cis-1.12", "--format", "json",
        "--fail-on", "never");
    assertEquals(ExitCode.OK, eval.exit(), eval.err());

    CliRun bad = CliRun.of("collect", "manifests", dir.resolve("m").toString(), "--namespace",
        "Bad_Name");
    assertEquals(ExitCode.USAGE, bad.exit(), bad.err());
    assertTrue(bad.err().contains("--namespace: 'Bad_Name' is not a namespace name"), bad.err());
    CliRun noManifests = CliRun.of("scan", "--namespace", "apps", "--root", dir.toString());
    assertEquals(ExitCode.USAGE, noManifests.exit(), noManifests.err());
  }

  @Test
  void aBundleListingOnlyBindingsPassesNoRuleOverKindsItNeverListed() {
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--benchmark=cis-1.12",
        "--format", "json", "--fail-on", "never");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode defaultNamespace;
    try {
      defaultNamespace = results(run, "5.6.4");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertEquals(1, defaultNamespace.size(), defaultNamespace.toString());
    assertEquals("INCONCLUSIVE", defaultNamespace.get(0).get("status").asText());
    assertTrue(defaultNamespace.get(0).get("message").asText().contains("Pod, Deployment, "
        + "StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Service, "
        + "ConfigMap, Secret, ServiceAccount, Role, PersistentVolumeClaim, Ingress objects were "
        + "not collected"), defaultNamespace.toString());
  }

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  static JsonNode results(CliRun run, String control) throws IOException {
    JsonNode all = JSON.readTree(run.out()).get("results");
    com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
    all.forEach(r -> {
      if (r.get("control").asText().equals(control)) {
        out.add(r);
      }
    });
    return out;
  }
}
