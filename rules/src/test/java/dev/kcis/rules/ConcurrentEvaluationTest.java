package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One engine evaluates the bundles of several clusters at once (the pattern of the engine's
 * Javadoc and of {@code kcis eval --each}): each report equals the one a sequential evaluation of
 * the same bundle gives.
 */
class ConcurrentEvaluationTest {

  private static final Path SAMPLES = Path.of("../samples/bundles");

  @Test
  void concurrentReportsEqualSequentialOnes() throws Exception {
    String kubeadm = Files.readString(SAMPLES.resolve("kubeadm-control-plane.json"));
    List<FactBundle> clusters = List.of(
        FactBundle.read(SAMPLES.resolve("kubeadm-control-plane.json")),
        FactBundle.read(SAMPLES.resolve("hardened-control-plane.json")),
        // Another cluster: another name, and an API server that authorizes every request.
        FactBundle.parse(kubeadm.replace("kubeadm-demo", "other-demo")
            .replace("--authorization-mode=Node,RBAC", "--authorization-mode=AlwaysAllow"),
            "other.json"),
        FactBundle.empty("empty.json"));
    ComplianceEngine engine = ComplianceEngine.builder().profile("cis-1.12").build();
    List<Report> sequential = clusters.stream().map(engine::evaluate).toList();
    assertNotEquals(sequential.get(0).results(), sequential.get(1).results(),
        "the clusters differ, so that a mix-up shows");
    assertNotEquals(sequential.get(0).summary(), sequential.get(2).summary());

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Report>> futures = new ArrayList<>();
      for (int round = 0; round < 6; round++) {
        for (FactBundle cluster : clusters) {
          futures.add(pool.submit(() -> engine.evaluate(cluster)));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        Report expected = sequential.get(i % clusters.size());
        Report actual = futures.get(i).get();
        assertEquals(expected.cluster(), actual.cluster(), "evaluation " + i);
        assertEquals(expected.controls(), actual.controls(), "evaluation " + i);
        assertEquals(expected.results(), actual.results(), "evaluation " + i);
        assertEquals(expected.summary(), actual.summary(), "evaluation " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
