package dev.kcis.cli.internal;

import dev.kcis.bundle.FactBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import picocli.CommandLine;

/** Writing output files without losing what the user gave. */
public final class Output {

  private Output() {}

  /** A usage error when {@code output} would overwrite one of the inputs or is a directory. */
  public static void refuseToOverwriteInputs(CommandLine.Model.CommandSpec spec, Path output,
      List<Path> inputs) throws IOException {
    if (output == null) {
      return;
    }
    if (Files.isDirectory(output)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--output " + output + " is a directory; give a file name");
    }
    for (Path input : inputs) {
      if (Files.exists(input) && Files.exists(output) && Files.isSameFile(input, output)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--output " + output + " is also an input; refusing to overwrite it");
      }
    }
  }

  /** Writes {@code content} to a temporary file beside {@code target}, then moves it in place. */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      Files.write(temp, content);
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes a bundle as JSON to standard output, or atomically to {@code out} when it is set. The
   * bundle is serialized first, so a failure never leaves half a bundle behind.
   */
  public static void writeBundle(CommandLine.Model.CommandSpec spec, FactBundle bundle, Path out)
      throws IOException {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    bundle.writeJson(json);
    if (out == null) {
      spec.commandLine().getOut().print(json.toString(StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
    } else {
      writeAtomically(out, json.toByteArray());
    }
  }

  /** {@code 1 file}, {@code 2 files}. */
  public static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
