package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kcis bench generate}: deterministic synthetic clusters that kcis evaluates. */
class BenchGenerateTest {

  @TempDir
  Path dir;

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Path c = dir.resolve("c.json");
    for (String[] run : new String[][] {{a.toString(), "7"}, {b.toString(), "7"},
        {c.toString(), "8"}}) {
      CliRun generated = CliRun.of("bench", "generate", "--nodes", "12", "--objects", "800",
          "--seed", run[1], "--out", run[0]);
      assertEquals(ExitCode.OK, generated.exit(), generated.err());
    }
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    JsonNode bundle = new ObjectMapper().readTree(a.toFile());
    assertEquals(12, bundle.get("nodes").size());
    assertTrue(bundle.get("objects").size() >= 800, "about the objects asked for");
    Set<String> kinds = new TreeSet<>();
    bundle.get("objects").forEach(o -> kinds.add(o.get("kind").asText()));
    assertTrue(kinds.containsAll(Set.of("Namespace", "NetworkPolicy", "Deployment", "DaemonSet",
        "StatefulSet", "Job", "CronJob", "ClusterRole", "ClusterRoleBinding", "Role",
        "RoleBinding", "ServiceAccount")), kinds.toString());
  }

  @Test
  void aGeneratedClusterHasFindingsInSeveralSections() throws Exception {
    Path bundle = dir.resolve("cluster.json");
    Path report = dir.resolve("report.json");
    assertEquals(ExitCode.OK, CliRun.of("bench", "generate", "--nodes", "31", "--objects", "600",
        "--seed", "3", "--out", bundle.toString()).exit());
    CliRun eval = CliRun.of("eval", bundle.toString(), "--benchmark=cis-1.12", "--format", "json",
        "--output", report.toString());
    assertEquals(ExitCode.FINDINGS, eval.exit(), eval.err());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    Set<String> failing = new TreeSet<>();
    json.get("results").forEach(r -> {
      if (r.get("status").asText().equals("FAIL")) {
        failing.add(r.get("control").asText().split("\\.")[0]);
      }
    });
    assertEquals(Set.of("1", "4", "5"), failing, "findings on control planes, kubelets and "
        + "policies");
    assertTrue(json.get("summary").get("controls").get("PASS").asInt() > 50,
        "most of a generated cluster is hardened: " + json.get("summary"));
  }

  @Test
  void refusesAClusterWithoutNodes() {
    CliRun run = CliRun.of("bench", "generate", "--nodes", "0", "--out",
        dir.resolve("x.json").toString());
    assertEquals(ExitCode.USAGE, run.exit());
    assertTrue(run.err().startsWith("kcis: --nodes must be between 1 and 100000: 0"), run.err());
    assertFalse(Files.exists(dir.resolve("x.json")));
  }

  @Test
  void manifestsAreKubectlDumpsThatCollectManifestsReadsWhole() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    for (Path out : new Path[] {a, b}) {
      CliRun generated = CliRun.of("bench", "generate", "--objects", "400", "--files", "4",
          "--seed", "5", "--manifests", out.toString());
      assertEquals(ExitCode.OK, generated.exit(), generated.err());
      assertTrue(generated.err().contains("in 4 files"), generated.err());
    }
    for (int i = 0; i < 4; i++) {
      String name = String.format("manifests-%02d.yaml", i);
      assertArrayEquals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)));
    }
    String list = Files.readString(a.resolve("manifests-00.yaml"));
    assertTrue(list.startsWith("apiVersion: v1\nitems:\n- ") && list.endsWith("kind: List\n"
        + "metadata:\n  resourceVersion: \"\"\n"), "a kubectl List");
    String stream = Files.readString(a.resolve("manifests-01.yaml"));
    assertTrue(stream.startsWith("---\n") && stream.contains("managedFields:")
        && stream.contains("kubectl.kubernetes.io/last-applied-configuration: |"), "a stream");

    Path bundle = dir.resolve("bundle.json");
    CliRun collected = CliRun.of("collect", "manifests", a.toString(), "--output",
        bundle.toString());
    assertEquals(ExitCode.OK, collected.exit(), collected.err());
    JsonNode json = new ObjectMapper().readTree(bundle.toFile());
    assertTrue(json.get("objects").size() >= 400, collected.err());
    assertEquals(0, json.path("errors").size(), json.path("errors").toString());
    String text = Files.readString(bundle);
    assertFalse(text.contains("managedFields") || text.contains("dashboard.json"),
        "what the bundle never keeps is dropped");
  }
}
