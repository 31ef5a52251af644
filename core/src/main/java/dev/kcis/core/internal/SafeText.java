package dev.kcis.core.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text from files safe to print in one line of an error message: control characters are
 * escaped, so that file content or a key name cannot drive the terminal, and parser messages are
 * stripped of the content they quote, so that an error in a kubeconfig or a config file never
 * echoes a token.
 */
public final class SafeText {

  /** A quoted span of a parser message: {@code 'hunter2'}. */
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  /** What a quoted span may keep: one character ({@code ':'}, {@code '\t'}) or a token type. */
  private static final Pattern HARMLESS_QUOTE = Pattern.compile(
      ".{0,2}|\\\\.(?:\\(TAB\\))?|<[a-z ]+>|JSON \\w+|null|true|false");
  /** Jackson's location, which may carry the source text. */
  private static final Pattern JACKSON_SOURCE = Pattern.compile("\\s*at \\[Source: .*$");
  /** Parser messages whose end is content from the file (an alias, a tag, a code point). */
  private static final List<String> CONTENT_AFTER = List.of("found undefined alias",
      "found undefined tag handle", "could not determine a constructor for the tag",
      "unacceptable code point", "found unknown escape character");
  private static final int MAX_PROBLEM = 200;

  private SafeText() {}

  /**
   * One line with every control character (C0 but the tab, DEL, C1, and the Unicode format
   * characters that reorder text) written as {@code \\uXXXX}; line breaks become spaces.
   */
  public static String printable(String text) {
    return text == null ? "" : escapeControls(text.replaceAll("\\s*\\R\\s*", " ").strip());
  }

  /** The text with every control character but the tab and the line feed escaped. */
  public static String escapeControls(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c != '\t' && c != '\n' && (Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /**
   * A YAML or JSON parser's description of a problem, without what it quotes of the file: quoted
   * words become {@code '...'} (a quoted character or token type stays), a trailing alias, tag or
   * escape is cut, Jackson's source excerpt is dropped; printable, at most 200 characters.
   */
  public static String parserProblem(String message) {
    String line = printable(message);
    line = JACKSON_SOURCE.matcher(line).replaceAll("");
    for (String prefix : CONTENT_AFTER) {
      int at = line.indexOf(prefix);
      if (at >= 0) {
        line = line.substring(0, at + prefix.length());
      }
    }
    Matcher quoted = QUOTED.matcher(line);
    StringBuilder out = new StringBuilder();
    while (quoted.find()) {
      quoted.appendReplacement(out, Matcher.quoteReplacement(
          HARMLESS_QUOTE.matcher(quoted.group(1)).matches() ? quoted.group() : "'...'"));
    }
    quoted.appendTail(out);
    line = out.toString();
    return line.length() <= MAX_PROBLEM ? line : line.substring(0, MAX_PROBLEM) + "...";
  }
}
