package dev.kcis.collect.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a POSIX shell script into words and control operators, as {@code sh -c} would before
 * running it: single quotes are literal, double quotes keep backslash escapes for
 * {@code $ ` " \}, a backslash outside quotes escapes the next character, {@code #} at the start of
 * a word begins a comment. Expansions ({@code $VAR}, {@code $(...)}) are kept as written: kcis
 * reads what the script says, not what a variable held at run time.
 */
final class ShellWords {

  /** A word, or a control operator ({@code ;}, {@code &&}, {@code ||}, {@code |}, {@code &}, newline). */
  record Token(String text, boolean operator) {}

  private ShellWords() {}

  static List<Token> split(String script) {
    List<Token> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && script.charAt(i + 1) == '\n') {
          i += 2; // line continuation
          continue;
        }
        if (i + 1 < n) {
          word.append(script.charAt(i + 1));
        }
        inWord = true;
        i += 2;
      } else if (c == '\'') {
        int end = script.indexOf('\'', i + 1);
        end = end < 0 ? n : end;
        word.append(script, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i++;
        while (i < n && script.charAt(i) != '"') {
          char d = script.charAt(i);
          if (d == '\\' && i + 1 < n && "$`\"\\\n".indexOf(script.charAt(i + 1)) >= 0) {
            if (script.charAt(i + 1) != '\n') {
              word.append(script.charAt(i + 1));
            }
            i += 2;
          } else {
            word.append(d);
            i++;
          }
        }
        inWord = true;
        i++;
      } else if (c == ' ' || c == '\t') {
        inWord = flush(tokens, word, inWord);
        i++;
      } else if (c == '#' && !inWord) {
        while (i < n && script.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
        inWord = flush(tokens, word, inWord);
        boolean doubled = (c == '&' || c == '|' || c == ';') && i + 1 < n
            && script.charAt(i + 1) == c;
        tokens.add(new Token(doubled ? "" + c + c : String.valueOf(c), true));
        i += doubled ? 2 : 1;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    flush(tokens, word, inWord);
    return tokens;
  }

  private static boolean flush(List<Token> tokens, StringBuilder word, boolean inWord) {
    if (inWord) {
      tokens.add(new Token(word.toString(), false));
      word.setLength(0);
    }
    return false;
  }
}
