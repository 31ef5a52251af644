package dev.kcis.cli.internal;

import dev.kcis.bundle.FactBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;

/**
 * Writing output files without losing what the user gave. A new path or a regular file is
 * replaced atomically (a temporary file beside it, then a rename), keeping the mode of the file it
 * replaces; anything else ({@code /dev/null}, a terminal, a FIFO) is written to as it is, never
 * replaced. {@code -} is standard output.
 */
public final class Output {

  /** What kcis reads in an input directory (manifests, rule packs), by file name. */
  private static final List<String> READ_IN_DIRECTORIES = List.of(".yaml", ".yml", ".json", ".drl");

  private Output() {}

  /** A write that failed: one line naming the path the user gave and why (exit 1). */
  public static final class WriteFailure extends IOException {
    private static final long serialVersionUID = 1L;

    public WriteFailure(String what, IOException cause) {
      super("cannot write " + what + ": " + reason(cause), cause);
    }
  }

  /** Whether {@code output} means standard output: not given, or {@code -}. */
  public static boolean isStandardOutput(Path output) {
    return output == null || output.toString().equals("-");
  }

  /**
   * Checks an output path before any work is done: a usage error when it is a directory, is one
   * of the input files, or lies inside an input directory with a name kcis reads there
   * ({@code .yaml}, {@code .yml}, {@code .json}, {@code .drl}); a {@link WriteFailure} when it
   * cannot be written.
   *
   * @param inputs files and directories (manifests, rule packs) the command reads
   */
  public static void refuseToOverwriteInputs(CommandLine.Model.CommandSpec spec, Path output,
      List<Path> inputs) throws IOException {
    if (isStandardOutput(output)) {
      return;
    }
    if (Files.isDirectory(output)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--output " + output + " is a directory; give a file name");
    }
    Path resolved = resolved(output);
    for (Path input : inputs) {
      if (!Files.exists(input)) {
        continue;
      }
      Path real = real(input);
      String name = resolved.getFileName() == null ? "" : resolved.getFileName().toString();
      if (Files.isDirectory(real) && resolved.startsWith(real)
          && READ_IN_DIRECTORIES.stream().anyMatch(name::endsWith)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output
            + " is inside the input directory " + input + ", where kcis reads "
            + String.join(", ", READ_IN_DIRECTORIES) + " files; refusing to write it there");
      }
      if (resolved.equals(real) || (Files.exists(output) && Files.isSameFile(input, output))) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--output " + output + " is also an input; refusing to overwrite it");
      }
    }
    // What the write needs: the file itself when it exists (a read-only file is not replaced),
    // and the directory its temporary file goes to.
    List<Path> written = new ArrayList<>();
    if (Files.exists(output)) {
      written.add(output);
      if (Files.isRegularFile(output)) {
        written.add(resolved.getParent());
      }
    } else {
      written.add(existingAncestor(resolved));
    }
    for (Path path : written) {
      if (path != null && !Files.isWritable(path)) {
        throw new WriteFailure(output.toString(), new AccessDeniedException(path.toString()));
      }
    }
  }

  /**
   * A usage error when {@code output} lies inside a node root other than {@code /}: a node root is
   * read-only evidence.
   */
  public static void refuseInsideRoots(CommandLine.Model.CommandSpec spec, Path output,
      List<Path> roots) throws IOException {
    if (isStandardOutput(output)) {
      return;
    }
    Path resolved = resolved(output);
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        Path real = real(root);
        if (real.getParent() != null && resolved.startsWith(real)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output
              + " is inside the node root " + root + ", which is read-only evidence; write it "
              + "elsewhere");
        }
      }
    }
  }

  /**
   * A usage error when {@code output} is a file a node collection read or stat'ed, or lies inside
   * a directory it listed: on the node itself (root {@code /}) the output cannot be kept out of
   * the root, but never overwrites the evidence.
   *
   * @param evidence the paths the collector reported
   */
  public static void refuseEvidence(CommandLine.Model.CommandSpec spec, Path output,
      Collection<Path> evidence) throws IOException {
    if (isStandardOutput(output)) {
      return;
    }
    Path resolved = resolved(output);
    boolean exists = Files.exists(output);
    for (Path path : evidence) {
      if (exists && Files.exists(path) && Files.isSameFile(path, output)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output
            + " is evidence the node collection read; refusing to overwrite it");
      }
      if (Files.isDirectory(path)) {
        Path real = real(path);
        if (real.getParent() != null && resolved.startsWith(real)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output
              + " is inside " + real + ", which the node collection read; refusing to write "
              + "there");
        }
      }
    }
  }

  /**
   * Writes {@code content} to {@code target} as the section's class comment says: standard output
   * for {@code -} (or when {@code target} is this process's standard output, so that
   * {@code --output /dev/stdout >> log} appends), in place for a device or FIFO, atomically for a
   * regular file or a new path.
   *
   * @throws WriteFailure naming {@code target} as given
   */
  public static void write(CommandLine.Model.CommandSpec spec, Path target, byte[] content)
      throws IOException {
    if (isStandardOutput(target) || isStandardOutputFile(target)) {
      spec.commandLine().getOut().print(new String(content, StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
      return;
    }
    try {
      BasicFileAttributes attributes = attributes(target);
      if (attributes == null || attributes.isRegularFile()) {
        writeAtomically(target, content);
      } else if (attributes.isDirectory()) {
        throw new FileSystemException(target.toString(), null, "Is a directory");
      } else {
        // A device or FIFO: write to it; replacing it would break /dev/null for everyone.
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
          out.write(content);
        }
      }
    } catch (WriteFailure e) {
      throw e;
    } catch (IOException e) {
      throw new WriteFailure(target.toString(), e);
    }
  }

  /**
   * Writes a bundle as JSON to standard output, or to {@code out} when it is set. The bundle is
   * serialized first, so a failure never leaves half a bundle behind.
   */
  public static void writeBundle(CommandLine.Model.CommandSpec spec, FactBundle bundle, Path out)
      throws IOException {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    bundle.writeJson(json);
    write(spec, out, json.toByteArray());
  }

  /**
   * Writes a temporary file beside the file {@code target} names (through its links), then renames
   * it over it. The temporary file is created as a plain open would create the file (0666 less the
   * umask), or with the mode of the file it replaces, set before anything is written.
   */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    boolean exists = Files.exists(target);
    Path file = exists ? target.toRealPath() : target.toAbsolutePath();
    Path dir = file.getParent();
    if (dir != null && !exists) {
      Files.createDirectories(dir);
    }
    Set<PosixFilePermission> mode = exists && posix() ? Files.getPosixFilePermissions(file) : null;
    Path temp = null;
    try {
      for (int attempt = 0; temp == null; attempt++) {
        Path candidate = file.resolveSibling("." + file.getFileName() + "."
            + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        // Without file attributes, the file gets 0666 less the umask, as a plain open gives.
        try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
          temp = candidate;
          if (mode != null) {
            Files.setPosixFilePermissions(temp, mode);
          }
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        } catch (FileAlreadyExistsException e) {
          if (attempt > 100) {
            throw e;
          }
        }
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Why a write failed, as the system says it ("No space left on device"). */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof FileSystemException fs) {
      return fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * Whether {@code target} is the regular file this process's standard output was redirected to
   * ({@code /dev/stdout}, {@code /dev/fd/1}): it is written through the open descriptor, which
   * keeps the shell's append mode, rather than replaced.
   */
  private static boolean isStandardOutputFile(Path target) {
    Path stdout = Path.of("/proc/self/fd/1");
    try {
      BasicFileAttributes ours = Files.readAttributes(stdout, BasicFileAttributes.class);
      BasicFileAttributes theirs = attributes(target);
      return ours.isRegularFile() && theirs != null && ours.fileKey() != null
          && ours.fileKey().equals(theirs.fileKey());
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The attributes of what {@code path} names (following links), or null when nothing. */
  private static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The absolute path {@code path} names, with the links of its existing part resolved. */
  private static Path resolved(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = existingAncestor(absolute);
    if (existing == null) {
      return absolute;
    }
    return real(existing).resolve(existing.relativize(absolute));
  }

  /**
   * The real path of an existing path, or its absolute path when it has none: {@code /dev/stdout}
   * on a pipe leads to {@code pipe:[1234]}, which exists without a name.
   */
  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  private static Path existingAncestor(Path path) {
    for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return p;
      }
    }
    return null;
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** {@code 1 file}, {@code 2 files}. */
  public static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
