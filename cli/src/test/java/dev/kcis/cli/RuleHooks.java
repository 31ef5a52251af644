package dev.kcis.cli;

/**
 * What a rule pack can reach past the compile-time check, through a class on the class path: a
 * helper that ends the JVM, and one that never returns until a test lets it.
 */
public final class RuleHooks {

  private static volatile boolean released;

  private RuleHooks() {}

  /** Ends the JVM, as a library called from a rule could. */
  public static void endTheJvm(int status) {
    System.exit(status);
  }

  /** Spins, ignoring interrupts, until {@link #release()}. */
  public static void spin() {
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
