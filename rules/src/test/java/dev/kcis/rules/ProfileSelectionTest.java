package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.ProfileChoice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Auto-selection of the built-in profile from the bundles' platform and Kubernetes version, as
 * kube-bench picks a benchmark: the platform's own, else the CIS benchmark for the version.
 */
class ProfileSelectionTest {

  static FactBundle bundle(String platform, String version) {
    return FactBundle.parse("apiVersion: kcis.dev/v1\nkind: FactBundle\ncluster: {"
        + (platform == null ? "" : "platform: " + platform + ", ")
        + (version == null ? "" : "kubernetesVersion: " + version) + "}\n", "t.yaml");
  }

  @Test
  void theIndexStatesEachProfilesPlatformAndVersions() {
    List<dev.kcis.engine.internal.ProfileLoader.IndexEntry> index =
        dev.kcis.engine.internal.ProfileLoader.builtInIndex();
    assertEquals(ComplianceEngine.builtInProfiles(), index.stream()
        .map(dev.kcis.engine.internal.ProfileLoader.IndexEntry::id).toList());
    for (var entry : index) {
      var profile = dev.kcis.engine.internal.ProfileLoader.builtIn(entry.id());
      assertEquals(new dev.kcis.engine.internal.ProfileLoader.IndexEntry(profile.id(),
          profile.platform(), profile.kubernetesVersions()), entry,
          "index.txt disagrees with " + entry.id() + ".yaml");
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(nullValues = "-", value = {
      "eks, v1.33.2-eks-4096722, eks-1.8.0",
      "eks, v1.29.10-eks-1, eks-1.8.0",
      "gke, v1.33.1-gke.1584000, gke-1.9.0",
      "aks, v1.32.4, aks-1.8",
      "rke2, v1.31.4+rke2r1, rke2-cis-1.8",
      "-, v1.30.6+rke2r1, rke2-cis-1.8",
      "k3s, v1.31.4+k3s1, k3s-cis-1.9",
      "-, v1.28.15+k3s1, k3s-cis-1.9",
      "openshift, v1.31.6, rh-1.8",
      "-, v1.33.2-eks-4096722, eks-1.8.0",
      "-, v1.32.1-gke.1002000, gke-1.9.0",
      "kubeadm, v1.33.1, cis-1.12",
      "kubeadm, v1.35.0, cis-1.12",
      "kubeadm, v1.31.4, cis-1.12",
      "kubeadm, v1.28.9, cis-1.10",
      "minikube, v1.25.3, cis-1.10",
      "-, -, cis-1.12",
      "oke, v1.31.1, cis-1.12"})
  void thePlatformsOwnBenchmarkElseTheCisBenchmarkForTheVersion(String platform, String version,
      String expected) {
    ProfileChoice choice = ProfileChoice.forBundles(List.of(bundle(platform, version)));
    assertEquals(expected, choice.id(), choice.reason());
    assertTrue(ComplianceEngine.builtInProfiles().contains(choice.id()));
  }

  @Test
  void theReasonSaysWhatDecided() {
    assertEquals("platform eks and Kubernetes 1.33 (as kube-bench picks a benchmark; --benchmark "
        + "overrides)", ProfileChoice.forCluster("eks", "v1.33.2-eks-4096722").reason());
    assertEquals("platform eks and Kubernetes 1.29, outside the 1.32-1.34 it was written for; "
        + "kcis has no other eks profile (as kube-bench picks a benchmark; --benchmark overrides)",
        ProfileChoice.forCluster("eks", "v1.29.1").reason());
    assertEquals("no platform in the bundles and no Kubernetes version in the bundles: the newest "
        + "CIS profile (as kube-bench picks a benchmark; --benchmark overrides)",
        ProfileChoice.forCluster(null, null).reason());
    assertEquals("platform kubeadm (no profile of its own) and Kubernetes 1.25, older than 1.28: "
        + "the oldest CIS profile (as kube-bench picks a benchmark; --benchmark overrides)",
        ProfileChoice.forCluster("kubeadm", "1.25").reason());
  }

  @Test
  void theBundlesAreMergedAsAnEvaluationMergesThem() {
    FactBundle node = bundle(null, "v1.33.2-eks-4096722");
    FactBundle api = bundle("eks", null);
    assertEquals("eks-1.8.0", ProfileChoice.forBundles(List.of(node, api)).id());
    assertEquals("eks-1.8.0", ComplianceEngine.builder().profileFor(List.of(node, api)).build()
        .profile().id());
  }
}
