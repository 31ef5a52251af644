package dev.kcis.engine.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses rule pack DRL that reaches outside the facts: calls that end or control the JVM
 * ({@code System.exit}, {@code Runtime}, threads, processes), load code or bypass access checks
 * (reflection, class loaders), read files, the network or the environment, or control the
 * evaluation itself ({@code drools.halt()}, the session behind {@code drools}).
 *
 * <p>The check reads the source as Java and MVEL do: after Unicode escapes ({@code \u0065xit}),
 * without comments and string literals, names matched whole across whitespace
 * ({@code System . exit}). It catches mistakes and the obvious, not a determined author: a rule
 * pack is code and runs with kcis's rights (docs/security.md). Rules judge facts; nothing in the
 * list has a use there.
 */
final class PackSourceCheck {

  private static final String JVM = "it ends or controls the JVM";
  private static final String CODE = "it loads code or bypasses Java's access checks";
  private static final String IO = "it reaches files or the network";
  private static final String ENVIRONMENT = "it reads the environment";
  private static final String SESSION = "it controls the evaluation itself";
  private static final String STREAMS = "it uses kcis's standard streams, which carry the report "
      + "and its diagnostics";

  /** Names refused anywhere, with what they do. */
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("Runtime", JVM), Map.entry("ProcessBuilder", JVM),
      Map.entry("ProcessHandle", JVM), Map.entry("Thread", JVM), Map.entry("ThreadGroup", JVM),
      Map.entry("Executors", JVM), Map.entry("ForkJoinPool", JVM),
      Map.entry("ClassLoader", CODE), Map.entry("URLClassLoader", CODE),
      Map.entry("MethodHandles", CODE), Map.entry("Unsafe", CODE),
      Map.entry("forName", CODE), Map.entry("getDeclaredMethod", CODE),
      Map.entry("getDeclaredMethods", CODE), Map.entry("getDeclaredField", CODE),
      Map.entry("getDeclaredFields", CODE), Map.entry("getDeclaredConstructor", CODE),
      Map.entry("getDeclaredConstructors", CODE), Map.entry("getMethod", CODE),
      Map.entry("getMethods", CODE), Map.entry("getConstructor", CODE),
      Map.entry("setAccessible", CODE), Map.entry("newInstance", CODE),
      Map.entry("ScriptEngineManager", CODE), Map.entry("InitialContext", CODE),
      Map.entry("File", IO), Map.entry("Files", IO), Map.entry("Paths", IO),
      Map.entry("FileInputStream", IO), Map.entry("FileOutputStream", IO),
      Map.entry("FileReader", IO), Map.entry("FileWriter", IO),
      Map.entry("RandomAccessFile", IO), Map.entry("FileChannel", IO), Map.entry("Socket", IO),
      Map.entry("ServerSocket", IO), Map.entry("DatagramSocket", IO), Map.entry("URL", IO),
      Map.entry("HttpClient", IO), Map.entry("HttpURLConnection", IO),
      Map.entry("getKieRuntime", SESSION), Map.entry("getKnowledgeRuntime", SESSION),
      Map.entry("getWorkingMemory", SESSION), Map.entry("getKieBase", SESSION),
      Map.entry("halt", SESSION));
  /** Members of {@code System} refused, with what they do. */
  private static final Map<String, String> SYSTEM = Map.ofEntries(Map.entry("exit", JVM),
      Map.entry("setSecurityManager", JVM), Map.entry("load", CODE),
      Map.entry("loadLibrary", CODE), Map.entry("setIn", JVM), Map.entry("setOut", JVM),
      Map.entry("setErr", JVM), Map.entry("setProperty", JVM), Map.entry("clearProperty", JVM),
      Map.entry("getenv", ENVIRONMENT), Map.entry("out", STREAMS), Map.entry("err", STREAMS),
      Map.entry("in", STREAMS), Map.entry("console", STREAMS),
      Map.entry("inheritedChannel", STREAMS));
  /** Packages refused in qualified names and imports. */
  private static final Map<String, String> PACKAGES = Map.of("java.lang.reflect", CODE,
      "java.lang.invoke", CODE, "java.io", IO, "java.nio", IO, "java.net", IO, "javax.script",
      CODE, "javax.naming", CODE, "sun", CODE, "jdk", CODE);

  private PackSourceCheck() {}

  /** One {@code FILE:LINE:COL: message} per refused name in {@code source}. */
  static List<String> check(Path file, String source) {
    Text text = Text.decode(source);
    String code = blankCommentsAndLiterals(text.chars);
    List<String> problems = new ArrayList<>();
    List<int[]> tokens = identifiers(code); // {start, end}
    int chainEnd = -1; // the last token of the qualified name being read
    for (int t = 0; t < tokens.size(); t++) {
      String why = null;
      String shown = null;
      if (t > chainEnd) {
        // A qualified name starts here: java.io.File, sun.misc.Unsafe, System.exit.
        List<String> chain = new ArrayList<>(List.of(word(code, tokens.get(t))));
        int end = t;
        while (end + 1 < tokens.size() && dotBetween(code, tokens.get(end), tokens.get(end + 1))) {
          chain.add(word(code, tokens.get(++end)));
        }
        chainEnd = end;
        for (int k = 1; why == null && k < chain.size(); k++) {
          why = PACKAGES.get(String.join(".", chain.subList(0, k)));
        }
        if (why != null) {
          shown = String.join(".", chain.subList(0, Math.min(chain.size(), 3)));
        }
        for (int k = 0; why == null && k + 1 < chain.size(); k++) {
          if (chain.get(k).equals("System")) { // System.exit, java.lang.System.exit
            why = SYSTEM.get(chain.get(k + 1));
            shown = "System." + chain.get(k + 1);
          }
        }
      }
      if (why == null) {
        shown = word(code, tokens.get(t));
        why = NAMES.get(shown);
      }
      if (why != null) {
        int[] at = text.origin[tokens.get(t)[0]];
        problems.add(file + ":" + at[0] + ":" + at[1] + ": '" + shown + "' is not allowed in a "
            + "rule pack: " + why + "; rules only judge the facts they are given (see "
            + "docs/security.md)");
        if (t < chainEnd) {
          t = chainEnd; // one problem per qualified name
        }
      }
    }
    return problems;
  }

  private static String word(String code, int[] token) {
    return code.substring(token[0], token[1]);
  }

  /** True when only whitespace and one dot separate two tokens. */
  private static boolean dotBetween(String code, int[] left, int[] right) {
    String between = code.substring(left[1], right[0]).strip();
    return between.equals(".");
  }

  /** The Java identifiers of {@code code}, as {start, end} offsets. */
  private static List<int[]> identifiers(String code) {
    List<int[]> tokens = new ArrayList<>();
    int i = 0;
    while (i < code.length()) {
      if (Character.isJavaIdentifierStart(code.charAt(i))) {
        int start = i;
        while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
          i++;
        }
        tokens.add(new int[] {start, i});
      } else if (Character.isDigit(code.charAt(i))) {
        while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
          i++; // a number literal such as 0x1F is no identifier
        }
      } else {
        i++;
      }
    }
    return tokens;
  }

  /** The code with comments, string, text-block and character literals blanked out. */
  private static String blankCommentsAndLiterals(char[] chars) {
    char[] out = chars.clone();
    int i = 0;
    while (i < out.length) {
      char c = out[i];
      if (c == '/' && i + 1 < out.length && out[i + 1] == '/') {
        while (i < out.length && out[i] != '\n') {
          out[i++] = ' ';
        }
      } else if (c == '/' && i + 1 < out.length && out[i + 1] == '*') {
        int end = indexOf(out, "*/", i + 2);
        i = blank(out, i, end < 0 ? out.length : end + 2);
      } else if (c == '"' && i + 2 < out.length && out[i + 1] == '"' && out[i + 2] == '"') {
        int end = indexOf(out, "\"\"\"", i + 3);
        i = blank(out, i, end < 0 ? out.length : end + 3);
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < out.length && out[j] != c && out[j] != '\n') {
          j += out[j] == '\\' ? 2 : 1;
        }
        i = blank(out, i, Math.min(out.length, j + 1));
      } else {
        i++;
      }
    }
    return new String(out);
  }

  private static int blank(char[] chars, int from, int to) {
    for (int i = from; i < to; i++) {
      if (chars[i] != '\n') {
        chars[i] = ' ';
      }
    }
    return to;
  }

  private static int indexOf(char[] chars, String what, int from) {
    outer:
    for (int i = from; i + what.length() <= chars.length; i++) {
      for (int k = 0; k < what.length(); k++) {
        if (chars[i + k] != what.charAt(k)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Source with Java's Unicode escapes decoded, each char keeping its line and column. */
  private record Text(char[] chars, int[][] origin) {

    static Text decode(String source) {
      char[] out = new char[source.length()];
      int[][] origin = new int[source.length() + 1][];
      int n = 0;
      int line = 1;
      int column = 1;
      int i = 0;
      while (i < source.length()) {
        char c = source.charAt(i);
        int width = 1;
        if (c == '\\' && i + 1 < source.length() && source.charAt(i + 1) == 'u'
            && precededByEvenBackslashes(source, i)) {
          int j = i + 1;
          while (j < source.length() && source.charAt(j) == 'u') {
            j++;
          }
          if (j + 4 <= source.length() && source.substring(j, j + 4).matches("[0-9a-fA-F]{4}")) {
            c = (char) Integer.parseInt(source.substring(j, j + 4), 16);
            width = j + 4 - i;
          }
        }
        out[n] = c;
        origin[n] = new int[] {line, column};
        n++;
        if (source.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column += width;
        }
        i += width;
      }
      origin[n] = new int[] {line, column};
      return new Text(java.util.Arrays.copyOf(out, n), java.util.Arrays.copyOf(origin, n + 1));
    }

    private static boolean precededByEvenBackslashes(String source, int at) {
      int count = 0;
      for (int k = at - 1; k >= 0 && source.charAt(k) == '\\'; k--) {
        count++;
      }
      return count % 2 == 0;
    }
  }
}
