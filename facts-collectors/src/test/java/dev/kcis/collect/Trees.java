package dev.kcis.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Writes small node-root trees for tests. */
public final class Trees {

  private Trees() {}

  /** Writes {@code text} at {@code relative} beneath {@code root}, creating directories. */
  public static Path write(Path root, String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code /proc/<pid>/cmdline}: the arguments, each ended by a NUL byte. */
  public static void cmdline(Path root, int pid, String... argv) {
    StringBuilder text = new StringBuilder();
    for (String arg : argv) {
      text.append(arg).append('\0');
    }
    try {
      Path file = root.resolve("proc/" + pid + "/cmdline");
      Files.createDirectories(file.getParent());
      Files.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes a FIFO at {@code relative} beneath {@code root} with mkfifo; the calling test is skipped
   * where there is no mkfifo.
   */
  public static Path fifo(Path root, String relative) {
    Path fifo = root.resolve(relative);
    try {
      Files.createDirectories(fifo.getParent());
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true)
          .start();
      Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo failed");
    } catch (IOException e) {
      Assumptions.assumeTrue(false, "no mkfifo here: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return fifo;
  }

  /** Creates a symbolic link at {@code relative} pointing to {@code target} (as written). */
  public static void link(Path root, String relative, String target) {
    try {
      Path link = root.resolve(relative);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
