package dev.kcis.engine;

import java.util.Collection;

/**
 * A compliance score: of the items kcis decides, the share that passes.
 *
 * <p>The formula, for controls (and for framework requirements alike):
 * <ul>
 *   <li>{@code passed}: PASS;
 *   <li>{@code failed}: FAIL or WARN;
 *   <li>{@code inconclusive}: INCONCLUSIVE. Missing evidence is never a pass, so it counts against
 *       the score: a collection that fails cannot raise it;
 *   <li>{@code excluded}: MANUAL (a person decides), NOT_APPLICABLE and WAIVED (an accepted risk,
 *       counted apart so that waiving a failure neither hides it as a pass nor keeps failing).
 * </ul>
 * {@code percent = 100 * passed / (passed + failed + inconclusive)}, or {@code null} when nothing is
 * decided.
 *
 * @param passed items that pass
 * @param failed items that fail or warn
 * @param inconclusive items whose evidence does not decide
 * @param excluded items the score leaves out (manual, not applicable, waived)
 */
public record Score(int passed, int failed, int inconclusive, int excluded) {

  /** The score of these statuses. */
  public static Score of(Collection<Status> statuses) {
    int passed = 0;
    int failed = 0;
    int inconclusive = 0;
    int excluded = 0;
    for (Status s : statuses) {
      switch (s) {
        case PASS -> passed++;
        case FAIL, WARN -> failed++;
        case INCONCLUSIVE -> inconclusive++;
        default -> excluded++;
      }
    }
    return new Score(passed, failed, inconclusive, excluded);
  }

  /** The items that count: passed, failed and inconclusive. */
  public int decided() {
    return passed + failed + inconclusive;
  }

  /** The share of decided items that pass, 0 to 100, or {@code null} when none is decided. */
  public Double percent() {
    return decided() == 0 ? null : 100.0 * passed / decided();
  }

  /** {@code 87.5%}, or {@code n/a} when nothing is decided. */
  public String formatted() {
    Double p = percent();
    return p == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f%%", p);
  }
}
