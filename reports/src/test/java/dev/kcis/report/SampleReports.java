package dev.kcis.report;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.ManifestCollector;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports of the shipped sample bundles and manifests, evaluated once per test JVM. */
final class SampleReports {

  static final Path SAMPLES = Path.of("..", "samples", "bundles");
  static final Path MANIFESTS = Path.of("..", "samples", "manifests");
  private static final Map<String, Report> REPORTS = new LinkedHashMap<>();
  private static Report manifests;
  private static ComplianceEngine engine;

  private SampleReports() {}

  /** The engine with the built-in rules under cis-1.12, built once. */
  static synchronized ComplianceEngine engine() {
    if (engine == null) {
      engine = ComplianceEngine.builder().profile("cis-1.12").build();
    }
    return engine;
  }

  /** Every sample bundle's report, by file name, under cis-1.12. */
  static synchronized Map<String, Report> all() {
    if (REPORTS.isEmpty()) {
      for (String name : new String[] {"kubeadm-control-plane.json",
          "hardened-control-plane.json"}) {
        REPORTS.put(name, engine().evaluate(FactBundle.read(SAMPLES.resolve(name))));
      }
    }
    return REPORTS;
  }

  static Report kubeadm() {
    return all().get("kubeadm-control-plane.json");
  }

  /** The report of samples/manifests, collected as {@code kcis collect manifests} does. */
  static synchronized Report manifests() {
    if (manifests == null) {
      manifests = engine().evaluate(ManifestCollector.of(List.of(MANIFESTS)).collect());
    }
    return manifests;
  }

  /** The bundles' reports and the manifests' report, by name. */
  static Map<String, Report> everySample() {
    Map<String, Report> every = new LinkedHashMap<>(all());
    every.put("samples/manifests", manifests());
    return every;
  }
}
