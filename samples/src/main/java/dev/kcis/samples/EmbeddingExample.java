package dev.kcis.samples;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How a compliance tool embeds kcis: build the engine once, evaluate bundles (here in parallel, as
 * a service would), and turn the results into what the tool tracks, here the NIST SP 800-53 r5
 * controls with a failing CIS check behind them, and how each mapping is known.
 *
 * <pre>
 * java -cp ... dev.kcis.samples.EmbeddingExample samples/bundles/kubeadm-control-plane.json
 * </pre>
 */
public final class EmbeddingExample {

  private EmbeddingExample() {}

  public static void main(String[] args) throws Exception {
    List<Path> bundles = new ArrayList<>();
    for (String arg : args) {
      bundles.add(Path.of(arg));
    }
    run(bundles, System.out);
  }

  /** Evaluates each bundle on its own thread with one shared engine and prints a NIST view. */
  public static Map<String, TreeSet<String>> run(List<Path> bundles, PrintStream out)
      throws Exception {
    ComplianceEngine engine = ComplianceEngine.builder().profile("cis-1.12").build();
    List<Report> reports = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, bundles.size()));
    try {
      List<Future<Report>> pending = new ArrayList<>();
      for (Path bundle : bundles) {
        FactBundle facts = FactBundle.read(bundle);
        pending.add(pool.submit(() -> engine.evaluate(facts))); // evaluate is thread-safe
      }
      for (Future<Report> report : pending) {
        reports.add(report.get());
      }
    } finally {
      pool.shutdown();
    }
    Map<String, TreeSet<String>> failingNist = new TreeMap<>();
    for (int i = 0; i < reports.size(); i++) {
      Report report = reports.get(i);
      out.println(bundles.get(i) + ": " + report.summary().controls());
      for (Result result : report.results()) {
        if (result.status() != Status.FAIL) {
          continue;
        }
        for (Mapping mapping : result.mappings()) {
          if (mapping.framework().equals(Mapping.NIST)) {
            failingNist.computeIfAbsent(mapping.id() + " (" + mapping.provenance() + ")",
                k -> new TreeSet<>()).add("CIS " + result.control() + " " + result.target());
          }
        }
      }
    }
    failingNist.forEach((nist, checks) -> out.println(nist + " <- " + String.join(", ", checks)));
    return failingNist;
  }
}
