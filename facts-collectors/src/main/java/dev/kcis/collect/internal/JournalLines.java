package dev.kcis.collect.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lines in which k3s and RKE2 log how they start each component they run
 * ({@code Running kube-apiserver --anonymous-auth=false ...}), read from a systemd journal: a text
 * export ({@code journalctl -u k3s > k3s.log}) or the node's binary journal through
 * {@code journalctl --directory}. For each component the last such line wins: it is the latest
 * start. Only those lines and the supervisor's version line are kept; nothing else of the journal.
 */
final class JournalLines {

  /** Lines longer than this are skipped: no component's command line is this long. */
  static final int MAX_LINE = 1 << 20;
  /** How long {@code journalctl} may take before the journal is given up. */
  static final long JOURNALCTL_SECONDS = 60;

  private static final Pattern RUNNING = Pattern.compile(
      "Running (kube-apiserver|kube-controller-manager|kube-scheduler|kubelet|kube-proxy|etcd) "
          + "(--.*)");
  private static final Pattern VERSION = Pattern.compile(
      "Starting (?:k3s|rke2) (v\\d+\\.\\d+\\.\\d+[+-][0-9A-Za-z.+_-]+)");

  /**
   * What a journal says.
   *
   * @param args per component kind, its argument vector (the component first)
   * @param lines per component kind, the line number in the text it was read from
   * @param version the supervisor's version, or {@code null}
   */
  record Found(Map<String, List<String>> args, Map<String, Integer> lines, String version) {
    boolean isEmpty() {
      return args.isEmpty();
    }
  }

  private JournalLines() {}

  /** Reads a journal text: every line that starts a component, the last one per component. */
  static Found read(BufferedReader reader) throws IOException {
    Map<String, List<String>> args = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    String version = null;
    int number = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      number++;
      if (line.length() > MAX_LINE || line.indexOf("Running ") < 0 && line.indexOf("Starting ")
          < 0) {
        continue;
      }
      Matcher v = VERSION.matcher(line);
      if (v.find()) {
        version = v.group(1);
      }
      Matcher m = RUNNING.matcher(line);
      if (!m.find()) {
        continue;
      }
      List<String> argv = new ArrayList<>();
      argv.add(m.group(1));
      argv.addAll(words(message(line, m.start(2))));
      args.put(m.group(1), List.copyOf(argv));
      lines.put(m.group(1), number);
    }
    return new Found(Map.copyOf(args), Map.copyOf(lines), version);
  }

  /** Reads a text export, such as the output of {@code journalctl -u k3s}. */
  static Found readFile(Path file) throws IOException {
    // A FIFO or device given as --journal would block or never end: regular files only.
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": not a regular file");
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader);
    } catch (java.nio.charset.MalformedInputException e) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          Files.newInputStream(file), StandardCharsets.ISO_8859_1))) {
        return read(reader);
      }
    }
  }

  /**
   * The journal files of {@code directory} on the collecting machine, when every entry below it
   * is a plain file or directory: {@code journalctl} follows links, so a link (which could lead
   * out of the node root) makes the journal unread.
   */
  static String unsafeEntry(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory, 3)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isSymbolicLink(p) || !(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
          return p.toString();
        }
      }
    }
    return null;
  }

  /**
   * Runs {@code journalctl --directory DIR} for the units, with output as plain messages.
   *
   * @throws IOException when journalctl cannot be run, fails, or takes too long
   */
  static Found journalctl(String executable, Path directory, List<String> units)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(executable, "--directory",
        directory.toString(), "--no-pager", "--output", "cat"));
    for (String unit : units) {
      command.add("--unit");
      command.add(unit);
    }
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("SYSTEMD_PAGER", "");
    builder.environment().put("SYSTEMD_COLORS", "0");
    Process process = builder.start();
    process.getOutputStream().close();
    Thread reaper = new Thread(() -> {
      try {
        if (!process.waitFor(JOURNALCTL_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
      }
    }, "kcis-journalctl-timeout");
    reaper.setDaemon(true);
    reaper.start();
    Found found;
    try (InputStream out = process.getInputStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(out,
            StandardCharsets.UTF_8))) {
      found = read(reader);
    }
    try {
      if (!process.waitFor(JOURNALCTL_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("journalctl took longer than " + JOURNALCTL_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while journalctl ran");
    }
    if (process.exitValue() != 0) {
      throw new IOException("journalctl exited with status " + process.exitValue());
    }
    return found;
  }

  /**
   * The component's arguments in a line: up to the closing quote of a logfmt {@code msg="..."}
   * (whose {@code \"} and {@code \\} are unescaped), else to the end of the line.
   */
  static String message(String line, int from) {
    boolean quoted = line.lastIndexOf("msg=\"", from) >= 0;
    if (!quoted) {
      return line.substring(from);
    }
    StringBuilder out = new StringBuilder();
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        out.append(line.charAt(++i));
      } else if (c == '"') {
        break;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.strip().split("\\s+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  /** Finds an executable on the collecting machine's PATH, or {@code null}. */
  static String onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
