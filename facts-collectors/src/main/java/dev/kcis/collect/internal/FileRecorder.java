package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Records files by metadata only (type, mode, owner), never their content: a path that does not
 * exist is recorded as missing, a path that cannot be examined becomes a collection error.
 */
final class FileRecorder {

  /** Deepest directory level a tree walk descends to. */
  private static final int MAX_DEPTH = 16;

  private final Accounts accounts;
  private final Issues issues;
  private final List<FactBundle.FileStat> files = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  FileRecorder(Accounts accounts, Issues issues) {
    this.accounts = accounts;
    this.issues = issues;
  }

  /** Records {@code path} of {@code fs}, missing or not. */
  void record(NodeFs fs, String path, String role, String component, String via) {
    if (seen.contains(path + "\0" + role)) {
      return;
    }
    try {
      Optional<NodeFs.Stat> stat = fs.stat(path);
      if (stat.isPresent()) {
        add(path, role, component, via, stat.get());
      } else {
        seen.add(path + "\0" + role);
        files.add(new FactBundle.FileStat(path, role, component, via, true, null, null, null,
            null, null, null));
      }
    } catch (IOException e) {
      issues.add(path, component, Problems.describe(e));
    }
  }

  void add(String path, String role, String component, String via, NodeFs.Stat stat) {
    if (!seen.add(path + "\0" + role)) {
      return;
    }
    files.add(new FactBundle.FileStat(path, role, component, via, false, stat.type(), stat.mode(),
        stat.uid(), stat.gid(), accounts.user(stat.uid()), accounts.group(stat.gid())));
  }

  /** What a tree walk reports: each regular file, and each directory below the top one. */
  interface Visitor {
    void file(String path, NodeFs.Stat stat);

    default void directory(String path, NodeFs.Stat stat) {}
  }

  /** Counts the files of one walk (or of several walks that share a cap). */
  static final class Cap {
    private final int limit;
    private int count;
    private boolean reported;

    Cap(int limit) {
      this.limit = limit;
    }
  }

  /**
   * Walks the tree under {@code dir}: links are followed inside the root to find what they name,
   * but never descended into, so a walk cannot loop. A missing directory is not an error here:
   * the caller records the directory itself.
   */
  void walk(NodeFs fs, String dir, String component, Cap cap, Visitor visitor) {
    walk(fs, dir, component, cap, visitor, 0);
  }

  private void walk(NodeFs fs, String dir, String component, Cap cap, Visitor visitor,
      int depth) {
    List<String> names;
    try {
      if (!fs.isDirectory(dir)) {
        return;
      }
      names = fs.list(dir);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      issues.add(dir, component, Problems.describe(e));
      return;
    }
    for (String name : names) {
      String child = dir.endsWith("/") ? dir + name : dir + "/" + name;
      try {
        Optional<NodeFs.Stat> stat = fs.stat(child);
        if (stat.isEmpty()) {
          continue; // a dangling link names nothing
        }
        if (stat.get().type().equals("directory")) {
          if (!fs.isLink(dir, name) && depth < MAX_DEPTH) {
            visitor.directory(child, stat.get());
            walk(fs, child, component, cap, visitor, depth + 1);
          }
          continue;
        }
        if (!stat.get().type().equals("file")) {
          continue;
        }
        if (cap.count >= cap.limit) {
          if (!cap.reported) {
            cap.reported = true;
            issues.add(dir, component, "more than " + cap.limit
                + " files; the rest are not recorded");
          }
          return;
        }
        cap.count++;
        visitor.file(child, stat.get());
      } catch (IOException e) {
        issues.add(child, component, Problems.describe(e));
      }
    }
  }

  List<FactBundle.FileStat> files() {
    return List.copyOf(files);
  }
}
