package dev.kcis.engine.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ProfileChoice;
import dev.kcis.engine.Report;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Picks the built-in profile for a cluster from its platform and Kubernetes version, as kube-bench
 * picks a benchmark: the platform's own benchmark when kcis has one (EKS, GKE, AKS, k3s, RKE2,
 * OpenShift), else the generic CIS benchmark written for the cluster's Kubernetes version. The
 * candidates and their version ranges are read from the built-in profiles' {@code platform} and
 * {@code kubernetes} fields.
 */
public final class ProfileSelector {

  /** A built-in profile as selection sees it. */
  private record Candidate(String id, String platform, int[] from, int[] to, String range) {
    boolean covers(int[] minor) {
      return from != null && compare(minor, from) >= 0 && compare(minor, to) <= 0;
    }
  }

  private ProfileSelector() {}

  private static final class Holder {
    static final List<Candidate> CANDIDATES = load();
  }

  private static List<Candidate> load() {
    List<Candidate> out = new ArrayList<>();
    for (ProfileLoader.IndexEntry p : ProfileLoader.builtInIndex()) {
      int[] from = null;
      int[] to = null;
      if (p.kubernetesVersions() != null) {
        String[] ends = p.kubernetesVersions().split("-");
        from = Platforms.minor(ends[0]);
        to = Platforms.minor(ends[ends.length - 1]);
      }
      out.add(new Candidate(p.id(), p.platform(), from, to, p.kubernetesVersions()));
    }
    return List.copyOf(out);
  }

  /** The profile for the cluster the bundles describe (their merged {@code cluster} fields). */
  public static ProfileChoice select(List<FactBundle> bundles) {
    Report.ClusterInfo cluster = FactAssembler.clusterOf(bundles);
    return select(cluster.platform(), cluster.kubernetesVersion());
  }

  /** The profile for a platform (or {@code null}) and a Kubernetes version (or {@code null}). */
  public static ProfileChoice select(String platform, String kubernetesVersion) {
    List<Candidate> all = Holder.CANDIDATES;
    int[] minor = Platforms.minor(kubernetesVersion);
    String version = minor == null ? null : minor[0] + "." + minor[1];
    String p = platform == null ? null : platform.toLowerCase(Locale.ROOT);
    List<Candidate> own = p == null ? List.of()
        : all.stream().filter(c -> p.equals(c.platform())).toList();
    if (!own.isEmpty()) {
      Candidate chosen = pick(own, minor);
      String fit = minor == null ? "no Kubernetes version in the bundles"
          : chosen.covers(minor) || chosen.from() == null ? "Kubernetes " + version
          : "Kubernetes " + version + ", outside the " + chosen.range() + " it was written for; "
              + "kcis has no other " + p + " profile";
      return new ProfileChoice(chosen.id(), "platform " + p + " and " + fit + " (as kube-bench "
          + "picks a benchmark; --benchmark overrides)");
    }
    List<Candidate> generic = all.stream().filter(c -> c.platform() == null && c.from() != null)
        .toList();
    Candidate chosen = pick(generic, minor);
    String platformText = p == null ? "no platform in the bundles"
        : "platform " + p + " (no profile of its own)";
    String fit;
    if (minor == null) {
      fit = "no Kubernetes version in the bundles: the newest CIS profile";
    } else if (chosen.covers(minor)) {
      fit = "Kubernetes " + version;
    } else if (generic.stream().allMatch(c -> compare(minor, c.to()) > 0)) {
      fit = "Kubernetes " + version + ", newer than " + chosen.range() + ": the newest CIS profile";
    } else if (generic.stream().allMatch(c -> compare(minor, c.from()) < 0)) {
      fit = "Kubernetes " + version + ", older than " + chosen.range() + ": the oldest CIS profile";
    } else {
      fit = "Kubernetes " + version + ": the CIS benchmark for it is not built in; " + chosen.id()
          + " (" + chosen.range() + ") is the nearest";
    }
    return new ProfileChoice(chosen.id(), platformText + " and " + fit
        + " (as kube-bench picks a benchmark; --benchmark overrides)");
  }

  /** The built-in profile written for a platform, or {@code null} when kcis has none. */
  public static String forPlatform(String platform) {
    if (platform == null) {
      return null;
    }
    String p = platform.toLowerCase(Locale.ROOT);
    return Holder.CANDIDATES.stream().filter(c -> p.equals(c.platform())).map(Candidate::id)
        .findFirst().orElse(null);
  }

  /**
   * The candidate covering the version; else the nearest: for versions past every range the
   * newest, before every range the oldest, between two ranges the newer one (CIS v1.11, for
   * 1.29-1.31, is not built in; v1.12 keeps all but two of its checks).
   */
  private static Candidate pick(List<Candidate> candidates, int[] minor) {
    List<Candidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparing((Candidate c) -> c.from() == null ? new int[] {0, 0}
        : c.from(), ProfileSelector::compare));
    Candidate newest = sorted.get(sorted.size() - 1);
    if (minor == null) {
      return newest;
    }
    for (Candidate c : sorted) {
      if (c.covers(minor)) {
        return c;
      }
    }
    for (Candidate c : sorted) {
      if (c.from() != null && compare(minor, c.from()) < 0) {
        return c;
      }
    }
    return newest;
  }

  private static int compare(int[] a, int[] b) {
    return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
  }
}
