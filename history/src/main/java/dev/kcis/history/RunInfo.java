package dev.kcis.history;

import java.util.List;
import java.util.Objects;

/**
 * What a run records besides its report: the bundles it evaluated, by digest, and the rule packs
 * layered over the built-in rules (whose version is kcis's).
 *
 * @param bundles each bundle evaluated: where it came from and the SHA-256 of its content
 * @param rulePacks the {@code --rules} directories, in order; empty for the built-in rules only
 */
public record RunInfo(List<Bundle> bundles, List<String> rulePacks) {

  public RunInfo {
    bundles = List.copyOf(bundles);
    rulePacks = List.copyOf(rulePacks);
  }

  /** A run with nothing recorded beyond its report. */
  public static RunInfo none() {
    return new RunInfo(List.of(), List.of());
  }

  /**
   * A bundle of a run.
   *
   * @param origin the file or collection it came from
   * @param sha256 the hex SHA-256 of its JSON
   */
  public record Bundle(String origin, String sha256) {
    public Bundle {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(sha256, "sha256");
    }
  }
}
