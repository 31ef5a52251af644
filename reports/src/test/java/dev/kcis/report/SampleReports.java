package dev.kcis.report;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.ManifestCollector;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports of the shipped sample bundles, evaluated once per test JVM. */
final class SampleReports {

  static final Path SAMPLES = Path.of("..", "samples", "bundles");
  private static final Map<String, Report> REPORTS = new LinkedHashMap<>();
  private static Report manifests;

  private SampleReports() {}

  /** Every sample bundle's report, by file name, under cis-1.12. */
  static synchronized Map<String, Report> all() {
    if (REPORTS.isEmpty()) {
      ComplianceEngine engine = ComplianceEngine.builder().profile("cis-1.12").build();
      for (String name : new String[] {"kubeadm-control-plane.json",
          "hardened-control-plane.json"}) {
        REPORTS.put(name, engine.evaluate(FactBundle.read(SAMPLES.resolve(name))));
      }
    }
    return REPORTS;
  }

  static Report kubeadm() {
    return all().get("kubeadm-control-plane.json");
  }

  static Report hardened() {
    return all().get("hardened-control-plane.json");
  }

  /** The report of samples/manifests, collected as {@code kcis collect manifests} does. */
  static synchronized Report manifests() {
    if (manifests == null) {
      ComplianceEngine engine = ComplianceEngine.builder().profile("cis-1.12").build();
      manifests = engine.evaluate(ManifestCollector.of(
          List.of(Path.of("..", "samples", "manifests"))).collect());
    }
    return manifests;
  }
}
