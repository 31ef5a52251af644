package dev.kcis.engine;

/**
 * The outcome of a control for one target. Declared from the most to the least urgent, which is the
 * order used to aggregate several results into one status per control.
 */
public enum Status {
  /** The evidence shows non-compliance. */
  FAIL,
  /** The evidence suggests non-compliance that needs a person's judgement. */
  WARN,
  /** The evidence does not decide: missing, unreadable, or not collected. Never a pass. */
  INCONCLUSIVE,
  /** A control kcis does not decide: a person reviews what the result says. */
  MANUAL,
  /** A failure accepted by a waiver. */
  WAIVED,
  /** The evidence shows compliance. */
  PASS,
  /** The control cannot apply to the target (e.g. a managed control plane). */
  NOT_APPLICABLE;

  /** True when this status is at least as urgent as {@code threshold}. */
  public boolean atLeast(Status threshold) {
    return ordinal() <= threshold.ordinal();
  }

  /** The more urgent of two statuses. */
  public static Status worst(Status a, Status b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
