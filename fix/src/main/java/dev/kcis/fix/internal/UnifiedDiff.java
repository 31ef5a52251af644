package dev.kcis.fix.internal;

import java.util.ArrayList;
import java.util.List;

/** A unified diff ({@code diff -u}, three lines of context) of two texts of one file. */
public final class UnifiedDiff {

  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** The diff from {@code before} to {@code after}, headed {@code a/NAME} and {@code b/NAME}. */
  public static String of(String name, String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    // Edits are local: compare only what lies between the common head and tail.
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    List<String[]> ops = new ArrayList<>(); // {op, line}: ' ', '-', '+'
    for (int i = 0; i < head; i++) {
      ops.add(new String[] {" ", a.get(i)});
    }
    middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), ops);
    for (int i = a.size() - tail; i < a.size(); i++) {
      ops.add(new String[] {" ", a.get(i)});
    }
    return format(name, ops);
  }

  private static void middle(List<String> a, List<String> b, List<String[]> ops) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1
            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        ops.add(new String[] {" ", a.get(i++)});
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new String[] {"-", a.get(i++)});
      } else {
        ops.add(new String[] {"+", b.get(j++)});
      }
    }
  }

  private static String format(String name, List<String[]> ops) {
    StringBuilder out = new StringBuilder();
    int k = 0;
    int lineA = 1;
    int lineB = 1;
    boolean headed = false;
    while (k < ops.size()) {
      if (ops.get(k)[0].equals(" ")) {
        k++;
        lineA++;
        lineB++;
        continue;
      }
      // A hunk: back up to CONTEXT lines, run until CONTEXT * 2 unchanged lines follow a change.
      int start = Math.max(0, k - CONTEXT);
      int startA = lineA - (k - start);
      int startB = lineB - (k - start);
      int end = k;
      int lastChange = k;
      while (end < ops.size() && end - lastChange <= 2 * CONTEXT) {
        if (!ops.get(end)[0].equals(" ")) {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(ops.size(), lastChange + 1 + CONTEXT);
      int countA = 0;
      int countB = 0;
      StringBuilder hunk = new StringBuilder();
      for (int x = start; x < end; x++) {
        String op = ops.get(x)[0];
        String line = ops.get(x)[1];
        boolean noNewline = line.endsWith("\u0000");
        hunk.append(op).append(noNewline ? line.substring(0, line.length() - 1) : line)
            .append('\n');
        if (noNewline) {
          hunk.append("\\ No newline at end of file\n");
        }
        if (!op.equals("+")) {
          countA++;
        }
        if (!op.equals("-")) {
          countB++;
        }
      }
      for (int x = k; x < end; x++) {
        if (!ops.get(x)[0].equals("+")) {
          lineA++;
        }
        if (!ops.get(x)[0].equals("-")) {
          lineB++;
        }
      }
      if (!headed) {
        out.append("--- a/").append(name).append('\n').append("+++ b/").append(name).append('\n');
        headed = true;
      }
      out.append("@@ -").append(range(startA, countA)).append(" +").append(range(startB, countB))
          .append(" @@\n").append(hunk);
      k = end;
    }
    return out.toString();
  }

  private static String range(int start, int count) {
    return count == 1 ? String.valueOf(start) : (count == 0 ? start - 1 : start) + "," + count;
  }

  /** The lines without their ends; a last line without one is marked with a trailing NUL. */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      if (nl < 0) {
        out.add(text.substring(from) + "\u0000");
        break;
      }
      out.add(text.substring(from, nl));
      from = nl + 1;
    }
    return out;
  }
}
