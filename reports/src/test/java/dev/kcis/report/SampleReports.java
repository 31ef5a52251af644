package dev.kcis.report;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.ManifestCollector;
import dev.kcis.collect.NodeCollector;
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
  static final Path NODE_ROOT = Path.of("..", "samples", "node-roots", "kubeadm-control-plane");
  private static final Map<String, Report> REPORTS = new LinkedHashMap<>();
  private static Report manifests;
  private static Report nodeRoot;
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

  /**
   * The report of the kubeadm sample node root, collected as {@code kcis collect node} does (git
   * keeps no modes, so its files are 0644 here): flags carry the lines of their manifest.
   */
  static synchronized Report nodeRoot() {
    if (nodeRoot == null) {
      nodeRoot = engine().evaluate(NodeCollector.builder().root(NODE_ROOT).build().collect());
    }
    return nodeRoot;
  }

  /** The bundles' reports and the manifests' report, by name. */
  static Map<String, Report> everySample() {
    Map<String, Report> every = new LinkedHashMap<>(all());
    every.put("samples/manifests", manifests());
    return every;
  }

  static Report hardened() {
    return all().get("hardened-control-plane.json");
  }
}
