package dev.kcis.collect.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How systemd turns a service's unit file and drop-ins into the command line it runs, for the
 * settings that decide it: {@code Environment=}, {@code EnvironmentFile=} and {@code ExecStart=}.
 *
 * <p>Follows systemd's documented behaviour (systemd.service(5), systemd.exec(5),
 * systemd.syntax(7)): fragments apply in order (the unit, then drop-ins sorted by file name, a
 * drop-in in a higher-priority directory masking one of the same name); an empty assignment
 * resets a list setting; variables from {@code EnvironmentFile=} override {@code Environment=};
 * the last {@code ExecStart=} wins; {@code $VAR} as a whole word expands to the value split into
 * words and {@code ${VAR}} to the value as it is; an unset variable expands to nothing.
 */
final class SystemdService {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String WHITESPACE = " \t\n\r";

  private SystemdService() {}

  /** A unit file or drop-in, with its node path. */
  record Fragment(String path, String text) {}

  /** Reads a file named by {@code EnvironmentFile=}; {@code null} when it does not exist. */
  interface EnvironmentFiles {
    String read(String path) throws IOException;
  }

  /** Something that stopped the service's command line from being known exactly. */
  record Problem(String item, String message) {}

  /**
   * The resolved service.
   *
   * @param argv the command line of the effective {@code ExecStart=}, expanded; empty when none
   * @param execStartFile the fragment that holds the effective {@code ExecStart=}, or null
   * @param environment the service's environment from its unit files
   * @param workingDirectory {@code WorkingDirectory=}, or {@code /} (systemd's default)
   * @param problems environment files that could not be read
   * @param resetsExecStart true when a fragment reset {@code ExecStart=} (an empty assignment)
   *     before the effective one
   * @param unresolvedVariables true when the effective {@code ExecStart=} names a variable the
   *     fragments and environment files do not set
   */
  record Service(List<String> argv, String execStartFile, Map<String, String> environment,
      String workingDirectory, List<Problem> problems, boolean resetsExecStart,
      boolean unresolvedVariables) {}

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  /** One {@code Key=value} of a unit file's section. */
  record Entry(String section, String key, String value) {}

  /**
   * The fragments systemd applies, in order: the first unit file found (the list is in priority
   * order; none when only drop-ins are in the root), then the drop-ins by file name, where a
   * drop-in masks those of the same name in lower-priority directories (the list of drop-ins is
   * in directory priority order).
   */
  static List<String> fragmentOrder(List<String> unitFiles, List<String> dropIns) {
    List<String> order = new ArrayList<>();
    if (!unitFiles.isEmpty()) {
      order.add(unitFiles.get(0));
    }
    Map<String, String> byName = new TreeMap<>();
    for (String dropIn : dropIns) {
      byName.putIfAbsent(dropIn.substring(dropIn.lastIndexOf('/') + 1), dropIn);
    }
    order.addAll(byName.values());
    return order;
  }

  /** Applies the fragments of {@code unitName} in order and expands its {@code ExecStart=}. */
  static Service resolve(String unitName, List<Fragment> fragments, EnvironmentFiles files) {
    Map<String, String> environment = new LinkedHashMap<>();
    List<String> environmentFiles = new ArrayList<>();
    String execStart = null;
    String execStartFile = null;
    boolean reset = false;
    String workingDirectory = "/";
    for (Fragment fragment : fragments) {
      for (Entry entry : entries(fragment.text())) {
        if (!entry.section().equals("Service")) {
          continue;
        }
        String value = specifiers(entry.value(), unitName);
        switch (entry.key()) {
          case "Environment" -> {
            if (value.isEmpty()) {
              environment.clear();
            }
            for (String assignment : words(value, true)) {
              int eq = assignment.indexOf('=');
              if (eq > 0 && ENV_NAME.matcher(assignment.substring(0, eq)).matches()) {
                environment.remove(assignment.substring(0, eq));
                environment.put(assignment.substring(0, eq), assignment.substring(eq + 1));
              }
            }
          }
          case "EnvironmentFile" -> {
            if (value.isEmpty()) {
              environmentFiles.clear();
            } else {
              environmentFiles.add(value);
            }
          }
          case "ExecStart" -> {
            if (value.isEmpty()) {
              execStart = null;
              execStartFile = null;
              reset = true;
            } else {
              execStart = value;
              execStartFile = fragment.path();
            }
          }
          case "WorkingDirectory" -> {
            // "-" only makes a missing directory harmless; "~" is the user's home, unknown here.
            String dir = value.startsWith("-") ? value.substring(1) : value;
            workingDirectory = dir.startsWith("/") ? dir : "/";
          }
          default -> {
            // Other settings do not change the command line.
          }
        }
      }
    }
    List<Problem> problems = new ArrayList<>();
    for (String spec : environmentFiles) {
      boolean optional = spec.startsWith("-");
      String path = optional ? spec.substring(1) : spec;
      try {
        String text = files.read(path);
        if (text != null) {
          environment.putAll(parseEnvironmentFile(text));
        } else if (!optional) {
          problems.add(new Problem(path, "EnvironmentFile= names a file that does not exist, so "
              + "systemd does not start " + unitName));
        }
      } catch (IOException e) {
        problems.add(new Problem(path, Problems.describe(e)));
      }
    }
    List<String> argv = execStart == null ? List.of() : execStartArgv(execStart, environment);
    boolean unresolved = false;
    if (execStart != null) {
      java.util.regex.Matcher m = VARIABLE.matcher(execStart.replace("$$", ""));
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        unresolved |= !environment.containsKey(name);
      }
    }
    return new Service(argv, execStartFile, environment, workingDirectory, problems,
        reset && execStart != null, unresolved);
  }

  /** The command line of one {@code ExecStart=} value, with its variables expanded. */
  static List<String> execStartArgv(String value, Map<String, String> environment) {
    int i = 0;
    boolean argv0Given = false;
    // Prefixes: - (ignore failure), @ (argv[0] follows), : + ! !! (how it runs).
    while (i < value.length() && "-@:+!".indexOf(value.charAt(i)) >= 0) {
      argv0Given |= value.charAt(i) == '@';
      i++;
    }
    List<String> words = words(value.substring(i), true);
    if (argv0Given && words.size() >= 2) {
      // "@/usr/bin/kubelet kubelet --x": keep the executable first, as every argv in a bundle is.
      List<String> rest = new ArrayList<>(words.subList(2, words.size()));
      rest.add(0, words.get(0));
      words = rest;
    }
    return expand(words, environment);
  }

  /**
   * The entries of a unit file: {@code [Section]} headers, {@code Key=value} lines, comments
   * ({@code #} or {@code ;}), and lines continued with a trailing backslash (which becomes a
   * space; comment lines inside a continuation are skipped).
   */
  static List<Entry> entries(String text) {
    List<Entry> entries = new ArrayList<>();
    String section = "";
    StringBuilder continued = null;
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (continued != null && (line.startsWith("#") || line.startsWith(";"))) {
        continue;
      }
      if (continued == null && (line.isEmpty() || line.startsWith("#")
          || line.startsWith(";"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        continued = (continued == null ? new StringBuilder() : continued)
            .append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      if (continued != null) {
        line = continued.append(line).toString();
        continued = null;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        entries.add(new Entry(section, line.substring(0, eq).strip(),
            line.substring(eq + 1).strip()));
      }
    }
    if (continued != null) {
      String line = continued.toString().strip();
      int eq = line.indexOf('=');
      if (eq > 0) {
        entries.add(new Entry(section, line.substring(0, eq).strip(),
            line.substring(eq + 1).strip()));
      }
    }
    return entries;
  }

  /**
   * The assignments of an environment file as systemd reads it: {@code KEY=VALUE} lines, comments
   * starting with {@code #} or {@code ;}, single quotes (literal), double quotes (backslash escapes
   * {@code " \ ` $}), a backslash outside quotes escaping the next character, a backslash at the
   * end of a line continuing it, and trailing unquoted whitespace dropped. Lines with an invalid
   * name are ignored, as systemd ignores them.
   */
  static Map<String, String> parseEnvironmentFile(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    EnvFileState state = EnvFileState.PRE_KEY;
    StringBuilder key = new StringBuilder();
    StringBuilder value = new StringBuilder();
    int keep = 0; // length of value without trailing unescaped whitespace
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean newline = c == '\n' || c == '\r';
      switch (state) {
        case PRE_KEY -> {
          if (c == '#' || c == ';') {
            state = EnvFileState.COMMENT;
          } else if (WHITESPACE.indexOf(c) < 0) {
            state = EnvFileState.KEY;
            key.setLength(0);
            key.append(c);
          }
        }
        case KEY -> {
          if (newline) {
            state = EnvFileState.PRE_KEY;
          } else if (c == '=') {
            state = EnvFileState.PRE_VALUE;
            value.setLength(0);
            keep = 0;
          } else {
            key.append(c);
          }
        }
        case PRE_VALUE -> {
          if (newline) {
            put(env, key, value.toString());
            state = EnvFileState.PRE_KEY;
          } else if (c == '\'') {
            state = EnvFileState.SINGLE_QUOTED;
          } else if (c == '"') {
            state = EnvFileState.DOUBLE_QUOTED;
          } else if (c == '\\') {
            state = EnvFileState.VALUE_ESCAPE;
          } else if (WHITESPACE.indexOf(c) < 0) {
            state = EnvFileState.VALUE;
            value.append(c);
            keep = value.length();
          }
        }
        case VALUE -> {
          if (newline) {
            value.setLength(keep);
            put(env, key, value.toString());
            state = EnvFileState.PRE_KEY;
          } else if (c == '\\') {
            state = EnvFileState.VALUE_ESCAPE;
          } else {
            value.append(c);
            if (WHITESPACE.indexOf(c) < 0) {
              keep = value.length();
            }
          }
        }
        case VALUE_ESCAPE -> {
          state = EnvFileState.VALUE;
          if (!newline) {
            value.append(c);
            keep = value.length();
          }
        }
        case SINGLE_QUOTED -> {
          if (c == '\'') {
            state = EnvFileState.PRE_VALUE;
            keep = value.length();
          } else {
            value.append(c);
          }
        }
        case DOUBLE_QUOTED -> {
          if (c == '"') {
            state = EnvFileState.PRE_VALUE;
            keep = value.length();
          } else if (c == '\\') {
            state = EnvFileState.DOUBLE_QUOTED_ESCAPE;
          } else {
            value.append(c);
          }
        }
        case DOUBLE_QUOTED_ESCAPE -> {
          state = EnvFileState.DOUBLE_QUOTED;
          if ("\"\\`$".indexOf(c) >= 0) {
            value.append(c);
          } else if (c != '\n') {
            value.append('\\').append(c);
          }
        }
        case COMMENT -> {
          if (newline) {
            state = EnvFileState.PRE_KEY;
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    switch (state) {
      case PRE_VALUE, SINGLE_QUOTED, DOUBLE_QUOTED, DOUBLE_QUOTED_ESCAPE -> put(env, key,
          value.toString());
      case VALUE, VALUE_ESCAPE -> {
        value.setLength(keep);
        put(env, key, value.toString());
      }
      default -> {
        // A key without "=" or a comment at the end of the file: nothing to assign.
      }
    }
    return env;
  }

  private enum EnvFileState {
    PRE_KEY, KEY, PRE_VALUE, VALUE, VALUE_ESCAPE, SINGLE_QUOTED, DOUBLE_QUOTED,
    DOUBLE_QUOTED_ESCAPE, COMMENT
  }

  private static void put(Map<String, String> env, StringBuilder key, String value) {
    String name = key.toString().strip();
    if (ENV_NAME.matcher(name).matches()) {
      env.remove(name);
      env.put(name, value);
    }
  }

  /**
   * Splits a setting's value into words as systemd does: whitespace separates words, single and
   * double quotes group (anywhere in a word), a backslash escapes; with {@code cEscapes} the C
   * escapes of systemd.syntax(7) apply ({@code \n}, {@code \s}, {@code \x41}...), else a
   * backslash takes the next character literally.
   */
  static List<String> words(String value, boolean cEscapes) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (true) {
      while (i < n && WHITESPACE.indexOf(value.charAt(i)) >= 0) {
        i++;
      }
      if (i >= n) {
        return words;
      }
      StringBuilder word = new StringBuilder();
      char quote = 0;
      while (i < n) {
        char c = value.charAt(i);
        if (quote == 0 && WHITESPACE.indexOf(c) >= 0) {
          break;
        }
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
          i++;
        } else if (quote != 0 && c == quote) {
          quote = 0;
          i++;
        } else if (c == '\\' && i + 1 < n) {
          i = cEscapes ? unescape(value, i + 1, word) : appendLiteral(value, i + 1, word);
        } else {
          word.append(c);
          i++;
        }
      }
      words.add(word.toString());
    }
  }

  private static int appendLiteral(String value, int at, StringBuilder word) {
    word.append(value.charAt(at));
    return at + 1;
  }

  /** One C escape starting at {@code at} (after the backslash); returns the index after it. */
  private static int unescape(String value, int at, StringBuilder word) {
    char c = value.charAt(at);
    switch (c) {
      case 'a' -> word.append('\u0007');
      case 'b' -> word.append('\b');
      case 'f' -> word.append('\f');
      case 'n' -> word.append('\n');
      case 'r' -> word.append('\r');
      case 't' -> word.append('\t');
      case 'v' -> word.append('\u000b');
      case 's' -> word.append(' ');
      case '\\', '"', '\'', ' ' -> word.append(c);
      case 'x' -> {
        return hex(value, at, 2, word);
      }
      case 'u' -> {
        return hex(value, at, 4, word);
      }
      case 'U' -> {
        return hex(value, at, 8, word);
      }
      default -> {
        if (c >= '0' && c <= '7' && at + 2 < value.length()
            && isOctal(value.charAt(at + 1)) && isOctal(value.charAt(at + 2))) {
          word.append((char) Integer.parseInt(value.substring(at, at + 3), 8));
          return at + 3;
        }
        word.append('\\').append(c); // unknown escapes are kept as written
      }
    }
    return at + 1;
  }

  private static int hex(String value, int at, int digits, StringBuilder word) {
    int end = at + 1 + digits;
    if (end <= value.length() && value.substring(at + 1, end).matches("[0-9a-fA-F]+")) {
      // \U takes eight digits: one beyond Unicode (\UFFFFFFFF) is not a character, kept as written
      long codePoint = Long.parseLong(value.substring(at + 1, end), 16);
      if (Character.isValidCodePoint((int) Math.min(codePoint, Integer.MAX_VALUE))) {
        word.appendCodePoint((int) codePoint);
        return end;
      }
    }
    word.append('\\').append(value.charAt(at));
    return at + 1;
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  /**
   * Expands variables in a command line as systemd does when it starts the service: a word that
   * is exactly {@code $NAME} becomes the value split into words (quotes in the value group), or
   * no word when unset; {@code ${NAME}} anywhere becomes the value as one piece (empty when
   * unset); {@code $$} is a literal dollar sign; any other {@code $} stays as written.
   */
  static List<String> expand(List<String> argv, Map<String, String> environment) {
    List<String> out = new ArrayList<>();
    for (String word : argv) {
      if (word.length() > 1 && word.charAt(0) == '$' && word.charAt(1) != '{'
          && word.charAt(1) != '$') {
        String value = ENV_NAME.matcher(word.substring(1)).matches()
            ? environment.get(word.substring(1)) : null;
        if (value != null) {
          out.addAll(words(value, false));
        }
        continue;
      }
      out.add(replaceBraced(word, environment));
    }
    return out;
  }

  private static String replaceBraced(String word, Map<String, String> environment) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < word.length()) {
      char c = word.charAt(i);
      if (c == '$' && i + 1 < word.length() && word.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < word.length() && word.charAt(i + 1) == '{') {
        int end = word.indexOf('}', i + 2);
        if (end < 0) {
          out.append(word, i, word.length());
          break;
        }
        String value = environment.get(word.substring(i + 2, end));
        out.append(value == null ? "" : value);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Unit specifiers kcis can know without systemd: %n, %N, %p and %%; others stay as written. */
  static String specifiers(String value, String unitName) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    String prefix = unitName.contains(".") ? unitName.substring(0, unitName.lastIndexOf('.'))
        : unitName;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%' || i + 1 >= value.length()) {
        out.append(c);
        continue;
      }
      char s = value.charAt(++i);
      switch (s) {
        case '%' -> out.append('%');
        case 'n' -> out.append(unitName);
        case 'N', 'p' -> out.append(prefix);
        default -> out.append('%').append(s);
      }
    }
    return out.toString();
  }
}
