package dev.kcis.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {

  static final Path KUBEADM = Path.of("bundles/kubeadm-control-plane.json");
  static final Path HARDENED = Path.of("bundles/hardened-control-plane.json");

  @Test
  void exampleMapsFailuresOntoNistControls() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, TreeSet<String>> nist = EmbeddingExample.run(List.of(KUBEADM, HARDENED),
        new PrintStream(out, true));
    assertTrue(nist.get("AC-14 (derived)").contains("CIS 1.2.1 node/cp-1/kube-apiserver"),
        nist.toString());
    assertTrue(nist.get("AC-6 (transitive)").contains(
        "CIS 5.1.1 ClusterRoleBinding/kubeadm:cluster-admins"), nist.toString());
    assertTrue(nist.values().stream().flatMap(TreeSet::stream).noneMatch(c -> c.startsWith("CIS 4.2.1 ")),
        "the kubelet passes 4.2.1 in both samples");
  }

  @Test
  void oneEngineEvaluatesConcurrentlyWithTheSameResults() throws Exception {
    ComplianceEngine engine = ComplianceEngine.builder().build();
    FactBundle kubeadm = FactBundle.read(KUBEADM);
    FactBundle hardened = FactBundle.read(HARDENED);
    String expectedKubeadm = statuses(engine.evaluate(kubeadm));
    String expectedHardened = statuses(engine.evaluate(hardened));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String[]>> futures = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        futures.add(pool.submit(() -> new String[] {statuses(engine.evaluate(kubeadm)),
            statuses(engine.evaluate(hardened))}));
      }
      for (Future<String[]> f : futures) {
        String[] got = f.get();
        assertEquals(expectedKubeadm, got[0]);
        assertEquals(expectedHardened, got[1]);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(expectedKubeadm.contains("1.2.1=FAIL"));
    assertTrue(expectedHardened.contains("1.2.1=PASS"));
  }

  @Test
  void nodeAndClusterBundlesAreEvaluatedTogether() {
    ComplianceEngine engine = ComplianceEngine.builder().build();
    FactBundle node = FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {name: demo}
        nodes:
          - name: w-1
            components:
              - kind: kubelet
                source: {type: process, path: /proc/9/cmdline}
                args: [kubelet, --anonymous-auth=false]
        """, "node.yaml");
    FactBundle api = FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {name: demo}
        objects:
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: admins}
            roleRef: {kind: ClusterRole, name: cluster-admin}
            subjects: [{kind: Group, name: admins}]
        """, "api.yaml");
    Report report = engine.evaluate(node, api);
    assertEquals(Status.PASS, report.statusOf("4.2.1").orElseThrow());
    assertEquals(Status.FAIL, report.statusOf("5.1.1").orElseThrow());
    assertEquals(List.of("node.yaml", "api.yaml"), report.inputs());
  }

  static String statuses(Report report) {
    return report.controls().stream().map(c -> c.id() + "=" + c.status()).toList().toString();
  }
}
