package dev.kcis.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.NodeCollector;
import dev.kcis.collect.NodeRoots;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node fixes on a copy of the kubeadm sample root: flags, kubelet config keys, file modes. */
class NodeFixTest {

  private static final ComplianceEngine ENGINE =
      ComplianceEngine.builder().profile("cis-1.12").build();

  @TempDir
  Path dir;

  private Report scan(Path root) {
    FactBundle bundle = NodeCollector.builder().root(root).build().collect();
    return ENGINE.evaluate(bundle);
  }

  private FixPlan plan(Path root, Report report) {
    FactBundle bundle = NodeCollector.builder().root(root).build().collect();
    String node = bundle.nodes().get(0).name();
    return Fixes.of(ENGINE).withNodes(List.of(bundle), Map.of(node, root))
        .plan(report.results());
  }

  @Test
  void writingTheFixesThenScanningLeavesNoFailAmongFixedResults() throws IOException {
    Path root = NodeRoots.copy("kubeadm-control-plane", dir.resolve("root"));
    Path manifest = root.resolve("etc/kubernetes/manifests/kube-scheduler.yaml");
    Files.setPosixFilePermissions(manifest, NodeRoots.permissions(0644));
    Path kubeconfig = root.resolve("etc/kubernetes/admin.conf");
    String kubeconfigText = Files.readString(kubeconfig);
    Report before = scan(root);
    FixPlan plan = plan(root, before);
    assertFalse(plan.changes().isEmpty(), "some node file is edited");
    List<Result> fixed = new ArrayList<>();
    for (FileChange change : plan.changes()) {
      assertEquals(Files.readString(change.path()), change.before());
      assertFalse(change.file().endsWith(".conf") || change.file().endsWith(".key"),
          "never a kubeconfig or key: " + change.file());
      Files.writeString(change.path(), change.after());
      fixed.addAll(change.results());
    }
    for (FixPlan.Command c : plan.commands()) {
      if (c.operation().equals("chmod") && c.path() != null) {
        Files.setPosixFilePermissions(c.path(),
            NodeRoots.permissions(Integer.parseInt(c.argument(), 8)));
        fixed.addAll(c.results());
      }
    }
    assertTrue(plan.commands().stream().anyMatch(c -> c.command().equals(
        "chmod 600 /etc/kubernetes/manifests/kube-scheduler.yaml")), plan.commands().toString());
    Report after = scan(root);
    Set<String> stillFailing = after.results().stream().filter(r -> r.status() == Status.FAIL)
        .map(r -> r.control() + " " + r.target()).collect(Collectors.toSet());
    List<String> notFixed = fixed.stream().map(r -> r.control() + " " + r.target())
        .filter(stillFailing::contains).toList();
    assertTrue(notFixed.isEmpty(), "still FAIL after the fix: " + notFixed + "\n"
        + plan.changes().stream().map(FileChange::diff).collect(Collectors.joining()));
    assertEquals(kubeconfigText, Files.readString(kubeconfig));
    // Idempotent: a second plan has nothing left to edit.
    assertTrue(plan(root, after).changes().isEmpty());
  }
}
