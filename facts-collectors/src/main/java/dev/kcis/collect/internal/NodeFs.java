package dev.kcis.collect.internal;

import dev.kcis.core.internal.InputFiles;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A node's filesystem seen from beneath a base directory on the collecting machine: the node root
 * given to the collector, or a process's {@code /proc/<pid>/root}. Paths are node paths
 * ({@code /etc/kubernetes/admin.conf}).
 *
 * <p>Every path is resolved one component at a time, so symbolic links are followed only inside
 * the base: an absolute link target is taken from the base, and a resolution that climbs above it
 * fails with {@link OutsideRootException} rather than reading the collecting machine's files.
 */
final class NodeFs {

  /** Links followed in one resolution before giving up, as Linux does (MAXSYMLINKS). */
  static final int MAX_LINKS = 40;

  private final Path base;
  private final String description;
  private final Consumer<Path> evidence;

  /**
   * @param base the directory that is {@code /} for this view
   * @param description what the view is, for messages ("the node root", "the mount namespace of
   *     process 42")
   */
  public NodeFs(Path base, String description) {
    this(base, description, path -> { });
  }

  /**
   * @param evidence told each path on the collecting machine that is read, stat'ed or listed
   */
  public NodeFs(Path base, String description, Consumer<Path> evidence) {
    this.base = base.toAbsolutePath();
    this.description = description;
    this.evidence = evidence;
  }

  /** Another view (a process's mount namespace) that reports its evidence as this one does. */
  public NodeFs view(Path base, String description) {
    return new NodeFs(base, description, evidence);
  }

  /** The directory that is {@code /} for this view. */
  public Path base() {
    return base;
  }

  public String description() {
    return description;
  }

  /**
   * The path on the collecting machine that {@code nodePath} names, with every symbolic link
   * resolved inside the base. The result need not exist.
   *
   * @throws OutsideRootException when a link leads above the base
   * @throws FileSystemException when links loop, a link cannot be read, or a name cannot be
   *     represented in the platform charset
   */
  public Path resolve(String nodePath) throws IOException {
    try {
      return resolveNames(nodePath);
    } catch (InvalidPathException e) {
      throw unrepresentable(nodePath);
    }
  }

  /**
   * Why a path whose name was listed cannot be opened: without {@code LANG} (or with a charset
   * that has no character for one of its bytes) Java cannot turn the name back into its bytes.
   */
  private static FileSystemException unrepresentable(String nodePath) {
    return new FileSystemException(nodePath, null, "its name is not valid in the platform "
        + "charset " + System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name())
        + " (run kcis with LANG=C.UTF-8)");
  }

  private Path resolveNames(String nodePath) throws IOException {
    Deque<String> pending = new ArrayDeque<>(components(nodePath));
    List<String> resolved = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (resolved.isEmpty()) {
          throw new OutsideRootException(nodePath, description);
        }
        resolved.remove(resolved.size() - 1);
        continue;
      }
      Path candidate = hostPath(resolved).resolve(name);
      if (!Files.isSymbolicLink(candidate)) {
        resolved.add(name);
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new FileSystemException(nodePath, null, "too many levels of symbolic links");
      }
      String target = Files.readSymbolicLink(candidate).toString();
      if (target.startsWith("/")) {
        resolved.clear();
      }
      List<String> parts = components(target);
      for (int i = parts.size() - 1; i >= 0; i--) {
        pending.addFirst(parts.get(i));
      }
    }
    return hostPath(resolved);
  }

  /** Whether {@code nodePath} exists (following links inside the base). */
  public boolean exists(String nodePath) throws IOException {
    return Files.exists(resolve(nodePath), LinkOption.NOFOLLOW_LINKS);
  }

  /** Whether {@code nodePath} is a directory (following links inside the base). */
  public boolean isDirectory(String nodePath) throws IOException {
    return Files.isDirectory(resolve(nodePath), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Reads a regular file of at most {@code limit} bytes. Anything else (a FIFO, whose opening
   * would wait for a writer forever, a device, a directory) is refused without being opened.
   *
   * @throws NoSuchFileException when it does not exist
   * @throws FileSystemException when it is not a regular file or larger than {@code limit}
   */
  public byte[] read(String nodePath, int limit) throws IOException {
    Path file = resolve(nodePath);
    evidence.accept(file);
    return InputFiles.readResolved(file, nodePath, limit);
  }

  /** The status of a path (following links inside the base), empty when it does not exist. */
  public Optional<Stat> stat(String nodePath) throws IOException {
    Path file = resolve(nodePath);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    evidence.accept(file);
    return Optional.of(statResolved(file));
  }

  /** The names in a directory, sorted; the directory itself is resolved inside the base. */
  public List<String> list(String nodeDir) throws IOException {
    List<String> names = new ArrayList<>();
    Path dir = resolve(nodeDir);
    evidence.accept(dir);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    names.sort(null);
    return names;
  }

  /** Whether the entry {@code name} in {@code nodeDir} is itself a symbolic link. */
  public boolean isLink(String nodeDir, String name) throws IOException {
    try {
      return Files.isSymbolicLink(resolve(nodeDir).resolve(name));
    } catch (InvalidPathException e) {
      throw unrepresentable(nodeDir + "/" + name);
    }
  }

  static Stat statResolved(Path file) throws IOException {
    BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    Map<String, Object> unix = Files.readAttributes(file, "unix:mode,uid,gid",
        LinkOption.NOFOLLOW_LINKS);
    String type = basic.isRegularFile() ? "file" : basic.isDirectory() ? "directory"
        : basic.isSymbolicLink() ? "symlink" : "other";
    return new Stat(type, ((Integer) unix.get("mode")) & 07777,
        ((Integer) unix.get("uid")).longValue() & 0xffffffffL,
        ((Integer) unix.get("gid")).longValue() & 0xffffffffL);
  }

  private Path hostPath(List<String> components) {
    Path path = base;
    for (String c : components) {
      path = path.resolve(c);
    }
    return path;
  }

  private static List<String> components(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** A path's type, permission bits and numeric owner. */
  public record Stat(String type, int mode, long uid, long gid) {}
}
