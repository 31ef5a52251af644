package dev.kcis.cli.internal;

import dev.kcis.cli.ExitCode;
import dev.kcis.core.internal.SafeText;
import dev.kcis.engine.internal.SessionRun;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps a rule pack from ending kcis silently. Java 17 cannot refuse {@code System.exit} (the
 * security manager is going away), and a pack that calls it past the compile-time check would end
 * kcis with the rule's status and no report. A shutdown hook sees the rule's worker thread in
 * {@code System.exit}: the engine then counts that rule INCONCLUSIVE and evaluates on, while the
 * JVM's shutdown waits for kcis to write its report; kcis then ends with exit code 3 (a rule pack
 * that cannot be used) unless its own code says worse.
 *
 * <p>{@code Runtime.halt} cannot be caught at all; the compile-time check refuses it.
 */
public final class ExitGuard {

  private static final CompletableFuture<Integer> CODE = new CompletableFuture<>();

  private ExitGuard() {}

  /** Installs the hook; {@code main} is the thread that will call {@link #exit}. */
  public static void install(Thread main) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> onShutdown(main), "kcis-exit-guard"));
  }

  /** Ends kcis with {@code code}; when a rule's exit is under way, through the guard. */
  public static void exit(int code) {
    System.out.flush();
    System.err.flush();
    CODE.complete(code);
    System.exit(code); // blocks while the guard's hook runs: the hook halts with the code
  }

  private static void onShutdown(Thread main) {
    if (CODE.isDone()) {
      return; // kcis ends as it means to
    }
    List<String> rules = SessionRun.endRunsCallingExit();
    if (rules.isEmpty()) {
      return; // a signal (Ctrl-C) or another cause: end as asked
    }
    System.err.println("kcis: " + SafeText.printable(rules.get(0)) + " called System.exit during the evaluation: "
        + "its results are INCONCLUSIVE and the rule pack cannot be used (exit "
        + ExitCode.INVALID_INPUT + ")");
    System.err.flush();
    int code = ExitCode.INTERNAL;
    while (true) {
      try {
        code = CODE.get(1, TimeUnit.SECONDS);
        break;
      } catch (TimeoutException e) {
        if (!main.isAlive()) {
          break; // kcis ended without an exit code: an internal error
        }
      } catch (InterruptedException | ExecutionException e) {
        break;
      }
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code == ExitCode.OK || code == ExitCode.FINDINGS
        ? ExitCode.INVALID_INPUT : code);
  }
}
