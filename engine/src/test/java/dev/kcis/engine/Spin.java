package dev.kcis.engine;

/**
 * A consequence that never returns until a test lets it, called from a test rule pack: a rule
 * stuck in an endless loop, which the test can still end afterwards.
 */
public final class Spin {

  private static volatile boolean released;

  private Spin() {}

  /** Spins, ignoring interrupts, until {@link #release()}. */
  public static void untilReleased() {
    while (!released) {
      Thread.onSpinWait();
    }
  }

  public static void release() {
    released = true;
  }

  public static void reset() {
    released = false;
  }
}
