package dev.kcis.engine;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.internal.ProfileSelector;
import java.util.List;
import java.util.Objects;

/**
 * The built-in profile that fits a cluster, and why: what {@code kcis eval} uses when no
 * {@code --benchmark} is given. Picked as kube-bench picks a benchmark: the platform's own
 * benchmark when kcis has one ({@code eks-1.8.0}, {@code gke-1.9.0}, {@code aks-1.8},
 * {@code k3s-cis-1.9}, {@code rke2-cis-1.8}, {@code rh-1.8}), else the generic CIS benchmark
 * written for the cluster's Kubernetes version ({@code cis-1.12} for 1.32-1.34 and newer,
 * {@code cis-1.10} for 1.28 and older).
 *
 * <pre>
 * ProfileChoice choice = ProfileChoice.forBundles(bundles);
 * System.err.println("benchmark " + choice.id() + ": " + choice.reason());
 * Report report = ComplianceEngine.builder().profile(choice.id()).build().evaluate(bundles);
 * </pre>
 *
 * @param id the built-in profile's id
 * @param reason one line saying what in the bundles decided it
 */
public record ProfileChoice(String id, String reason) {

  public ProfileChoice {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
  }

  /** The profile for the cluster the bundles describe: their {@code cluster} platform, version. */
  public static ProfileChoice forBundles(List<FactBundle> bundles) {
    Objects.requireNonNull(bundles, "bundles");
    return ProfileSelector.select(bundles);
  }

  /**
   * The profile for a platform ({@code eks}, {@code kubeadm}..., or {@code null}) and a Kubernetes
   * version ({@code v1.33.2-eks-4096722}, {@code 1.31}, or {@code null}).
   */
  public static ProfileChoice forCluster(String platform, String kubernetesVersion) {
    return ProfileSelector.select(platform, kubernetesVersion);
  }
}
