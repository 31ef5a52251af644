package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.collect.NodeRoots;
import dev.kcis.fix.FileChange;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kcis fix} on copies of the samples: the diff, --write, and what is never touched. */
class FixCommandTest {

  @TempDir
  Path dir;

  private Path copyManifests() throws IOException {
    Path copy = dir.resolve("manifests");
    NodeRoots.copyTree(Path.of("../samples/manifests"), copy);
    return copy;
  }

  private static Map<String, String> texts(Path dir) throws IOException {
    Map<String, String> out = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        out.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    return out;
  }

  /** FAIL results by control and target, from kcis scan --format json. */
  private static Set<String> failing(String... scanArgs) throws IOException {
    CliRun run = CliRun.of(Stream.concat(Stream.of("scan", "--benchmark=cis-1.12",
        "--format", "json", "--fail-on", "never"), Stream.of(scanArgs)).toArray(String[]::new));
    assertEquals(0, run.exit(), run.err());
    Set<String> out = new HashSet<>();
    for (JsonNode r : new ObjectMapper().readTree(run.out()).get("results")) {
      if (r.get("status").asText().equals("FAIL")) {
        out.add(r.get("control").asText() + " " + r.get("target").asText());
      }
    }
    return out;
  }

  @Test
  void dryRunPrintsTheDiffAndChangesNothing() throws IOException {
    Path copy = copyManifests();
    Map<String, String> before = texts(copy);
    CliRun run = CliRun.of("fix", "--manifests", copy.toString(), "--benchmark=cis-1.12");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("+            allowPrivilegeEscalation: false\n"), run.out());
    assertTrue(run.out().contains("-      hostPID: true\n"), run.out());
    assertTrue(run.out().contains("+      hostPID: false\n"), run.out());
    assertTrue(run.err().contains("kcis: needs a decision: 5.4.1 Deployment/legacy/billing-worker"),
        run.err());
    assertEquals(before, texts(copy));
  }

  @Test
  void writeThenScanLeavesNoFailAmongAutomaticFixesAndKeepsTheRestByteIdentical()
      throws IOException {
    Path copy = copyManifests();
    Map<String, String> before = texts(copy);
    Set<String> failingBefore = failing("--manifests", copy.toString());
    CliRun dry = CliRun.of("fix", "--manifests", copy.toString(), "--benchmark=cis-1.12");
    CliRun run = CliRun.of("fix", "--manifests", copy.toString(), "--benchmark=cis-1.12",
        "--write");
    assertEquals(0, run.exit(), run.err());
    assertEquals(dry.out(), run.out(), "--write applies exactly the diff --dry-run shows");
    Map<String, String> after = texts(copy);
    assertEquals(before.get("rbac.yaml"), after.get("rbac.yaml"));
    // Comments and untouched documents are byte-identical.
    String[] docsBefore = before.get("workloads.yaml").split("\n---\n");
    String[] docsAfter = after.get("workloads.yaml").split("\n---\n");
    assertEquals(docsBefore.length, docsAfter.length);
    assertEquals(docsBefore[0], docsAfter[0], "payments/api needed nothing");
    assertEquals(docsBefore[4], docsAfter[4]);
    assertTrue(after.get("workloads.yaml").startsWith("# payments/api follows the restricted"));
    Set<String> failingAfter = failing("--manifests", copy.toString());
    assertTrue(failingAfter.size() < failingBefore.size());
    // What is still FAIL is what the fix listed as needing a decision, and nothing new.
    CliRun again = CliRun.of("fix", "--manifests", copy.toString(), "--benchmark=cis-1.12");
    assertEquals("", again.out(), "nothing automatic is left");
    for (String f : failingAfter) {
      assertTrue(failingBefore.contains(f), "new failure " + f);
      assertTrue(again.err().contains("needs a decision: " + f), f + "\n" + again.err());
    }
  }

  @Test
  void aFileChangedSinceEvaluationIsNotOverwritten() throws IOException {
    Path file = dir.resolve("pod.yaml");
    Files.writeString(file, "kind: Pod # edited meanwhile\n");
    FileChange change = new FileChange(file.toString(), file, "kind: Pod\n",
        "kind: Pod\nspec: {}\n", List.of(), List.of("set spec"));
    StringWriter err = new StringWriter();
    assertFalse(FixCommand.writeChange(change, true, new PrintWriter(err, true)));
    assertEquals("kind: Pod # edited meanwhile\n", Files.readString(file));
    assertTrue(err.toString().contains("changed since it was evaluated: not written"), err.toString());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no backup and no temporary file left");
    }
  }

  @Test
  void nodeRootWriteFixesAManifestModeAndAFlagOnACopiedTree() throws IOException {
    Path root = NodeRoots.copy("kubeadm-control-plane", dir.resolve("root"));
    Path scheduler = root.resolve("etc/kubernetes/manifests/kube-scheduler.yaml");
    Files.setPosixFilePermissions(scheduler, NodeRoots.permissions(0644));
    Path adminConf = root.resolve("etc/kubernetes/admin.conf");
    String kubeconfig = Files.readString(adminConf);
    Set<String> failingBefore = failing("--root", root.toString());
    assertTrue(failingBefore.contains("1.1.5 node/cp-1:/etc/kubernetes/manifests/kube-scheduler"
        + ".yaml") || failingBefore.stream().anyMatch(f -> f.startsWith("1.1.5 ")), failingBefore
        .toString());
    CliRun dry = CliRun.of("fix", "--root", root.toString(), "--benchmark=cis-1.12",
        "--dry-run");
    assertEquals(0, dry.exit(), dry.err());
    assertTrue(dry.err().contains("would run: chmod 600 /etc/kubernetes/manifests/kube-scheduler"
        + ".yaml"), dry.err());
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(scheduler)));
    CliRun run = CliRun.of("fix", "--root", root.toString(), "--benchmark=cis-1.12", "--write",
        "--backup");
    Set<String> failingAfter = failing("--root", root.toString());
    assertFalse(failingAfter.stream().anyMatch(f -> f.startsWith("1.1.5 ")), run.err());
    for (String f : failingAfter) {
      assertTrue(failingBefore.contains(f), "new failure " + f);
    }
    assertTrue(failingAfter.size() < failingBefore.size(), run.err());
    assertEquals(kubeconfig, Files.readString(adminConf));
  }
}
