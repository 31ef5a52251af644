package dev.kcis.bench;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation throughput and memory of the engine with the built-in rules, on synthetic clusters of
 * growing size: workloads (Deployments with two containers), RBAC bindings, service accounts,
 * namespaces with network policies, and nodes with a kubelet. Prints a Markdown table.
 *
 * <pre>
 * bench/evaluation.sh 1000,10000,100000
 * </pre>
 *
 * <p>A plain System.nanoTime harness: warm-up runs first, then the median of measured runs; one
 * JVM for all sizes (the JIT is warm for the larger ones, as in a long-running service).
 */
public final class EvaluationBenchmark {

  private EvaluationBenchmark() {}

  public static void main(String[] args) {
    int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long start = System.nanoTime();
    ComplianceEngine engine = ComplianceEngine.builder().profile("cis-1.12").build();
    System.out.printf("engine build (rules loaded): %.0f ms%n", (System.nanoTime() - start) / 1e6);
    System.out.println();
    System.out.println("| objects | nodes | results | median eval | min | objects/s | heap after |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (int size : sizes) {
      FactBundle bundle = synthetic(size);
      int warmups = size >= 100_000 ? 1 : 3;
      for (int i = 0; i < warmups; i++) {
        engine.evaluate(bundle);
      }
      List<Long> times = new ArrayList<>();
      Report report = null;
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        report = engine.evaluate(bundle);
        times.add(System.nanoTime() - t);
      }
      times.sort(Long::compare);
      long median = times.get(times.size() / 2);
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf("| %,d | %d | %,d | %.0f ms | %.0f ms | %,.0f | %d MB |%n", size,
          bundle.nodes().size(), report.results().size(), median / 1e6, times.get(0) / 1e6,
          size / (median / 1e9), heap / (1024 * 1024));
    }
  }

  /** A cluster of about {@code objects} API objects and one node per 100 objects (at most 100). */
  static FactBundle synthetic(int objects) {
    List<Map<String, Object>> list = new ArrayList<>();
    int namespaces = Math.max(1, objects / 100);
    for (int n = 0; n < namespaces; n++) {
      list.add(object("v1", "Namespace", null, "team-" + n, Map.of()));
      if (n % 2 == 0) {
        list.add(object("networking.k8s.io/v1", "NetworkPolicy", "team-" + n, "deny-all",
            Map.of("spec", Map.of("podSelector", Map.of()))));
      }
    }
    for (int i = 0; list.size() < objects; i++) {
      String ns = "team-" + (i % namespaces);
      switch (i % 10) {
        case 0 -> list.add(object("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "rb-" + i,
            Map.of("roleRef", Map.of("kind", "ClusterRole", "name", i % 30 == 0 ? "edit" : "view"),
                "subjects", List.of(Map.of("kind", "User", "name", "user-" + i)))));
        case 1 -> list.add(object("v1", "ServiceAccount", ns, "sa-" + i,
            i % 20 == 1 ? Map.of("automountServiceAccountToken", false) : Map.of()));
        default -> list.add(object("apps/v1", "Deployment", ns, "app-" + i, Map.of("spec",
            Map.of("template", Map.of("metadata", Map.of("labels", Map.of("app", "app-" + i)),
                "spec", podSpec(i))))));
      }
    }
    int nodeCount = Math.min(100, Math.max(1, objects / 100));
    List<FactBundle.Node> nodes = new ArrayList<>();
    for (int n = 0; n < nodeCount; n++) {
      nodes.add(new FactBundle.Node("node-" + n, List.of("worker"), List.of(
          new FactBundle.Component("kubelet", new FactBundle.Source("process", "/proc/1/cmdline", null),
              List.of("kubelet", "--config=/var/lib/kubelet/config.yaml"), Map.of(),
              List.of(new FactBundle.ConfigFile("--config", "/var/lib/kubelet/config.yaml",
                  Map.of("authentication", Map.of("anonymous", Map.of("enabled", false)),
                      "readOnlyPort", n % 7 == 0 ? 10255 : 0))), Map.of())),
          List.of(), List.of()));
    }
    return new FactBundle("synthetic-" + objects, new FactBundle.Metadata(null, null),
        new FactBundle.Cluster("synthetic", "v1.31.4", "kubeadm"), nodes, list, Map.of(),
        List.of(), List.of());
  }

  private static Map<String, Object> podSpec(int i) {
    Map<String, Object> securityContext = i % 5 == 0
        ? Map.of("privileged", true)
        : Map.of("allowPrivilegeEscalation", false, "runAsNonRoot", true,
            "capabilities", Map.of("drop", List.of("ALL")));
    List<Object> containers = List.of(
        Map.of("name", "app", "image", "registry.example.com/app:" + i,
            "securityContext", securityContext,
            "env", List.of(Map.of("name", "DB_PASSWORD", "valueFrom",
                Map.of("secretKeyRef", Map.of("name", "db", "key", "password"))))),
        Map.of("name", "sidecar", "image", "registry.example.com/proxy:1",
            "securityContext", Map.of("allowPrivilegeEscalation", false, "runAsNonRoot", true)));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("containers", containers);
    if (i % 13 == 0) {
      spec.put("hostNetwork", true);
    }
    return spec;
  }

  private static Map<String, Object> object(String apiVersion, String kind, String namespace,
      String name, Map<String, Object> body) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", metadata);
    object.putAll(body);
    return object;
  }
}
