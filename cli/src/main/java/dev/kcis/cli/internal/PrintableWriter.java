package dev.kcis.cli.internal;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Standard error as kcis writes it: every control character but the line feed and the tab is
 * written escaped ({@code \u001b} as the six characters {@code \\u001b}), whatever put it in a
 * message (a file name, a node name from a node's {@code /etc/hostname}, a rule's name), so that
 * nothing kcis reads can drive the terminal. Only the progress line writes its own controls, with
 * {@link #raw}.
 */
public final class PrintableWriter extends PrintWriter {

  public PrintableWriter(Writer out) {
    super(out, true);
  }

  @Override
  public void write(int c) {
    if (printable(c)) {
      super.write(c);
    } else {
      super.write(escape(c), 0, 6);
    }
  }

  @Override
  public void write(char[] buf, int off, int len) {
    write(new String(buf, off, len), 0, len);
  }

  @Override
  public void write(String s, int off, int len) {
    int end = off + len;
    int clean = off;
    for (int i = off; i < end; i++) {
      char c = s.charAt(i);
      if (!printable(c)) {
        super.write(s, clean, i - clean);
        super.write(escape(c), 0, 6);
        clean = i + 1;
      }
    }
    super.write(s, clean, end - clean);
  }

  /** Writes {@code text} as it is: the progress line's carriage return and erase sequence. */
  public void raw(String text) {
    super.write(text, 0, text.length());
  }

  private static boolean printable(int c) {
    return c == '\n' || c == '\t' || !(Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT);
  }

  private static String escape(int c) {
    return String.format("\\u%04x", c);
  }
}
