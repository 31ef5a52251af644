package dev.kcis.engine.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kcis knows of the platforms a cluster runs on: which ones manage the control plane for
 * their users, who provides them, and the platform a Kubernetes version string names (as kube-bench
 * reads it: {@code v1.32.3-eks-4096722} is EKS, {@code v1.33.1-gke.1584000} GKE,
 * {@code v1.31.4+k3s1} k3s, {@code v1.31.4+rke2r1} RKE2).
 */
public final class Platforms {

  /** A managed platform: its display name and its provider. */
  record Managed(String name, String provider) {}

  private static final Map<String, Managed> MANAGED = Map.of(
      "eks", new Managed("EKS", "AWS"),
      "gke", new Managed("GKE", "Google Cloud"),
      "aks", new Managed("AKS", "Microsoft Azure"),
      "oke", new Managed("OKE", "Oracle Cloud"),
      "ack", new Managed("ACK", "Alibaba Cloud"),
      "iks", new Managed("IKS", "IBM Cloud"),
      "doks", new Managed("DOKS", "DigitalOcean"),
      "lke", new Managed("LKE", "Akamai"));

  private static final Pattern MINOR = Pattern.compile("^v?(\\d+)\\.(\\d+)");

  private Platforms() {}

  /** True when the platform's control plane is run by the provider, out of its users' reach. */
  public static boolean managed(String platform) {
    return platform != null && MANAGED.containsKey(platform.toLowerCase(Locale.ROOT));
  }

  /**
   * Why control-plane checks do not apply on a managed platform, e.g. "the control plane of EKS is
   * managed by AWS".
   */
  public static String managedReason(String platform) {
    Managed m = MANAGED.get(platform.toLowerCase(Locale.ROOT));
    return "the control plane of " + m.name() + " is managed by " + m.provider();
  }

  /** The platform a Kubernetes version string names, or {@code null}. */
  public static String fromVersion(String version) {
    if (version == null) {
      return null;
    }
    if (version.matches("v?\\d+\\.\\d+\\.\\d+-eks-.*")) {
      return "eks";
    }
    if (version.matches("v?\\d+\\.\\d+\\.\\d+-gke\\..*")) {
      return "gke";
    }
    if (version.matches("v?\\d+\\.\\d+\\.\\d+\\+k3s.*")) {
      return "k3s";
    }
    if (version.matches("v?\\d+\\.\\d+\\.\\d+\\+rke2.*")) {
      return "rke2";
    }
    return null;
  }

  /** The minor version of a Kubernetes version string ({@code v1.32.3-eks-1} is 1.32), or null. */
  public static int[] minor(String version) {
    if (version == null) {
      return null;
    }
    Matcher m = MINOR.matcher(version.trim());
    if (!m.find()) {
      return null;
    }
    try {
      return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
