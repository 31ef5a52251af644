package dev.kcis.collect;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The sample node roots of {@code samples/node-roots}, set up for tests: git keeps neither file
 * modes nor owners, so each root carries a {@code modes.tsv} (path, octal mode) that
 * {@link #copy} applies to a copy of the tree.
 */
public final class NodeRoots {

  /** The sample node roots, from a module's directory (where Maven runs tests). */
  public static final Path SAMPLES = Path.of("../samples/node-roots");

  private NodeRoots() {}

  /** Copies the sample root {@code name} into {@code target} and applies its modes. */
  public static Path copy(String name, Path target) throws IOException {
    Path source = SAMPLES.resolve(name);
    copyTree(source, target);
    Files.deleteIfExists(target.resolve("modes.tsv"));
    applyModes(target, Files.readAllLines(source.resolve("modes.tsv")));
    return target;
  }

  /** Copies a tree, keeping symbolic links as links (never following them). */
  public static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Files.createDirectories(target.resolve(source.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, target.resolve(source.relativize(file).toString()),
            LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Applies {@code path<TAB>mode} lines ({@code #} comments) beneath {@code root}. */
  public static void applyModes(Path root, List<String> lines) throws IOException {
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t");
      if (fields.length != 2) {
        throw new IOException("modes.tsv: expected 'path<TAB>mode': " + line);
      }
      Files.setPosixFilePermissions(root.resolve(fields[0]), permissions(
          Integer.parseInt(fields[1], 8)));
    }
  }

  /** The permission bits of an octal mode (set-id and sticky bits are not representable). */
  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
