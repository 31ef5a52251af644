package dev.kcis.fix;

import dev.kcis.engine.Fix;
import dev.kcis.engine.Result;
import dev.kcis.fix.internal.UnifiedDiff;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The new text of one file that fixes some results: what it was when read (and its hash, to
 * refuse writing over a file that changed since), what it becomes, and which results it fixes.
 *
 * @param file the file as the evidence names it
 * @param path where it is read and written
 * @param before its text when the fix was computed
 * @param after its fixed text
 * @param results the results the change fixes
 * @param descriptions one line per change made, e.g. {@code set
 *     securityContext.allowPrivilegeEscalation: false in container worker}
 */
public record FileChange(String file, Path path, String before, String after,
    List<Result> results, List<String> descriptions) {

  public FileChange {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    results = List.copyOf(results);
    descriptions = List.copyOf(descriptions);
  }

  /** The unified diff of the change, headed with the file's name. */
  public String diff() {
    String name = file.startsWith("/") ? file.substring(1) : file;
    return UnifiedDiff.of(name, before, after);
  }

  /** The SHA-256 of {@code before}'s UTF-8 bytes, to check the file is unchanged before writing. */
  public String beforeHash() {
    return sha256(before);
  }

  /** The hex SHA-256 of a text's UTF-8 bytes. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 1-based line of the first changed line. */
  public int firstLine() {
    int i = 0;
    int n = Math.min(before.length(), after.length());
    while (i < n && before.charAt(i) == after.charAt(i)) {
      i++;
    }
    return (int) before.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
  }

  /** The change as a {@link Fix}: its diff, and one replacement from the first to the last change. */
  public Fix asFix(String description) {
    int start = 0;
    int n = Math.min(before.length(), after.length());
    while (start < n && before.charAt(start) == after.charAt(start)) {
      start++;
    }
    int endBefore = before.length();
    int endAfter = after.length();
    while (endBefore > start && endAfter > start
        && before.charAt(endBefore - 1) == after.charAt(endAfter - 1)) {
      endBefore--;
      endAfter--;
    }
    int[] from = position(before, start);
    int[] to = position(before, endBefore);
    Fix.Replacement replacement = new Fix.Replacement(from[0], from[1], to[0], to[1],
        before.substring(start, endBefore), after.substring(start, endAfter));
    return new Fix(Fix.EDIT, description, file, from[0], changedText(replacement),
        List.of(replacement));
  }

  /**
   * The change as a diff of only what kcis writes and the value it replaces, without context:
   * the file's other lines may hold what a report must never show (an env value, a Secret's
   * data). {@code kcis fix} prints the full, applicable {@link #diff()}.
   */
  private String changedText(Fix.Replacement r) {
    String name = file.startsWith("/") ? file.substring(1) : file;
    StringBuilder out = new StringBuilder("--- a/" + name + "\n+++ b/" + name + "\n");
    boolean wholeLines = r.startColumn() == 1 && r.deletedText().isEmpty()
        && r.insertedText().endsWith("\n");
    if (wholeLines) {
      List<String> lines = r.insertedText().lines().toList();
      out.append("@@ -").append(r.startLine() - 1).append(",0 +").append(r.startLine())
          .append(',').append(lines.size()).append(" @@\n");
      lines.forEach(l -> out.append('+').append(l).append('\n'));
    } else {
      out.append("@@ line ").append(r.startLine()).append(", column ").append(r.startColumn())
          .append(" @@\n");
      if (!r.deletedText().isEmpty()) {
        r.deletedText().lines().forEach(l -> out.append('-').append(l).append('\n'));
      }
      r.insertedText().lines().forEach(l -> out.append('+').append(l).append('\n'));
    }
    return out.toString();
  }

  private static int[] position(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }
}
