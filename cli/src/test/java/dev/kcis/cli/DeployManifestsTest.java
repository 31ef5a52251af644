package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The manifests of deploy/ are valid Kubernetes objects and pass kcis's own section 5 rules,
 * except for what collecting a node needs and what node-daemonset.yaml and rbac.yaml document.
 */
class DeployManifestsTest {

  static final Path DEPLOY = Path.of("../deploy");

  /**
   * Every FAIL scanning deploy/ gives, each documented where it is: the node collector's needs
   * (node-daemonset.yaml), the optional nodes/proxy grant (rbac.yaml), and kube-system, where
   * rbac.yaml's Role lives but whose network policies are the cluster's.
   */
  static final Set<String> DOCUMENTED = Set.of(
      "5.1.10 ClusterRoleBinding/kcis-collector",
      "5.2.1 Namespace/kcis-node",
      "5.2.3 DaemonSet/kcis-node/kcis-node",
      "5.2.7 DaemonSet/kcis-node/kcis-node",
      "5.2.9 DaemonSet/kcis-node/kcis-node",
      "5.2.11 DaemonSet/kcis-node/kcis-node",
      // deploy/platforms/node-job.yaml: the same collector as a Job on one node
      "5.2.3 Job/kcis-node/kcis-node-collect",
      "5.2.7 Job/kcis-node/kcis-node-collect",
      "5.2.9 Job/kcis-node/kcis-node-collect",
      "5.2.11 Job/kcis-node/kcis-node-collect",
      "5.3.2 Namespace/kube-system");

  static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(DEPLOY)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void everyManifestIsAKubernetesObject() throws IOException {
    List<Path> files = manifests();
    assertTrue(files.size() >= 5, files.toString());
    Set<String> kinds = new TreeSet<>();
    for (Path file : files) {
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      for (Object document : yaml.loadAll(Files.readString(file))) {
        Map<?, ?> object = (Map<?, ?>) document;
        assertTrue(object.get("apiVersion") instanceof String, file + ": apiVersion");
        assertTrue(object.get("kind") instanceof String, file + ": kind");
        assertTrue(((Map<?, ?>) object.get("metadata")).get("name") instanceof String,
            file + ": metadata.name");
        kinds.add((String) object.get("kind"));
      }
    }
    assertTrue(kinds.containsAll(Set.of("Job", "CronJob", "DaemonSet", "ClusterRole",
        "NetworkPolicy")), kinds.toString());
    assertTrue(Files.isRegularFile(DEPLOY.resolve("Dockerfile")));
  }

  @Test
  void kcisOwnSectionFiveRulesFailOnlyWhatIsDocumented() throws IOException {
    CliRun run = CliRun.of("scan", "--manifests", DEPLOY.toString(), "--benchmark=cis-1.12",
        "--format", "json", "--status", "FAIL,WARN", "--fail-on", "never");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    Set<String> failed = new TreeSet<>();
    for (JsonNode result : CollectAndScanTest.JSON.readTree(run.out()).get("results")) {
      failed.add(result.get("control").asText() + " " + result.get("target").asText());
    }
    assertEquals(new TreeSet<>(DOCUMENTED), failed);
  }

  @Test
  void everyContainerSetsItsLocale() throws IOException {
    for (Path file : manifests()) {
      String text = Files.readString(file);
      int containers = text.split("image: kcis:").length - 1;
      assertEquals(containers, text.split("\\{name: LANG, value: C.UTF-8}").length - 1,
          file + ": LANG");
      assertEquals(containers, text.split("\\{name: LC_ALL, value: C.UTF-8}").length - 1,
          file + ": LC_ALL");
    }
  }
}
