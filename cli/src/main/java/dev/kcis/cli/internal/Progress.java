package dev.kcis.cli.internal;

import dev.kcis.core.internal.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A one-line progress display on standard error, shown only when standard error is a terminal:
 * each update overwrites the line, and {@link #close()} clears it, so logs and pipes never see it.
 */
public final class Progress implements Consumer<String>, AutoCloseable {

  private static final long MIN_INTERVAL_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean shown;
  private long lastShown;
  private boolean dirty;

  private Progress(PrintWriter err, boolean shown) {
    this.err = err;
    this.shown = shown;
  }

  /** A display on {@code err}, active when {@code active} (standard error is a terminal). */
  public static Progress on(PrintWriter err, boolean active) {
    return new Progress(err, active);
  }

  /**
   * True when this process's standard error is a terminal: on Linux, fd 2 leads to a tty;
   * elsewhere, when Java sees a console at all.
   */
  public static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd)) {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | SecurityException e) {
      // no /proc: fall back to Java's view
    }
    return System.console() != null;
  }

  @Override
  public void accept(String line) {
    if (!shown) {
      return;
    }
    long now = System.nanoTime();
    if (dirty && now - lastShown < MIN_INTERVAL_NANOS) {
      return; // a large cluster sends many updates: a terminal needs ten a second at most
    }
    lastShown = now;
    dirty = true;
    print("\rkcis: " + SafeText.printable(line) + "\033[K");
    err.flush();
  }

  @Override
  public void close() {
    if (dirty) {
      print("\r\033[K");
      err.flush();
      dirty = false;
    }
  }

  /** The line's own controls go through; what it shows was made printable. */
  private void print(String text) {
    if (err instanceof PrintableWriter printable) {
      printable.raw(text);
    } else {
      err.print(text);
    }
  }
}
