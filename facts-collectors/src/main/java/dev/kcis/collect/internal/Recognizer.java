package dev.kcis.collect.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises a Kubernetes component by what it runs: the executable of its argument vector, the
 * component after {@code hyperkube}, the command a shell wrapper executes, or (for a container
 * without a command) its image. Never by a pod's or container's name: those are chosen freely.
 */
final class Recognizer {

  /** The component kinds, in the order a bundle lists them. */
  static final List<String> KINDS = List.of("kube-apiserver", "kube-controller-manager",
      "kube-scheduler", "etcd", "kubelet", "kube-proxy");

  /** hyperkube's sub-commands: the component names and their older short aliases. */
  private static final Map<String, String> HYPERKUBE = Map.ofEntries(
      Map.entry("kube-apiserver", "kube-apiserver"), Map.entry("apiserver", "kube-apiserver"),
      Map.entry("kube-controller-manager", "kube-controller-manager"),
      Map.entry("controller-manager", "kube-controller-manager"),
      Map.entry("kube-scheduler", "kube-scheduler"), Map.entry("scheduler", "kube-scheduler"),
      Map.entry("kubelet", "kubelet"), Map.entry("kube-proxy", "kube-proxy"),
      Map.entry("proxy", "kube-proxy"));

  private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "ksh", "zsh");
  /** Words that run the command after them in a shell: {@code exec kube-apiserver ...}. */
  private static final Set<String> PREFIX_COMMANDS = Set.of("exec", "env", "nohup", "command");
  private static final Set<String> ENV_OPTIONS_WITH_VALUE = Set.of("-u", "--unset", "-C",
      "--chdir");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  /**
   * Commands that run the command after their own options, with those of their options that
   * take a separate value: {@code nice -n -19 ionice -c2 -n0 etcd ...} (OpenShift's etcd pod).
   */
  private static final Map<String, Set<String>> WRAPPERS = Map.of(
      "nice", Set.of("-n", "--adjustment"),
      "ionice", Set.of("-c", "--class", "-n", "--classdata", "-p", "--pid", "-P", "--pgid",
          "-u", "--uid"));
  /**
   * OpenShift's {@code watch-termination [options] -- COMMAND...}: it runs the argument vector
   * after its {@code --} and watches it terminate.
   */
  private static final String WATCH_TERMINATION = "watch-termination";

  private Recognizer() {}

  /** A recognised component and its argument vector, the executable first. */
  record Recognized(String kind, List<String> argv) {}

  /**
   * The component an argument vector runs: {@code argv[0]}'s base name, or {@code argv[1]} after
   * {@code hyperkube}.
   */
  static Optional<String> kindOf(List<String> argv) {
    if (argv.isEmpty()) {
      return Optional.empty();
    }
    String executable = baseName(argv.get(0));
    if (executable.equals("etcd") && argv.size() > 1 && !argv.get(1).startsWith("-")) {
      return Optional.empty(); // etcd grpc-proxy, etcd gateway: not the etcd server
    }
    if (KINDS.contains(executable)) {
      return Optional.of(executable);
    }
    if (executable.equals("hyperkube") && argv.size() > 1) {
      return Optional.ofNullable(HYPERKUBE.get(baseName(argv.get(1))));
    }
    return Optional.empty();
  }

  /**
   * The component a container runs. {@code argv} is {@code command} followed by {@code args}; when
   * the container has no command, the image names the component and {@code argv} is its args.
   */
  static Optional<Recognized> container(List<String> command, List<String> args, String image) {
    List<String> argv = new ArrayList<>(command);
    argv.addAll(args);
    if (command.isEmpty()) {
      Optional<String> kind = imageKind(image);
      if (kind.isEmpty()) {
        return Optional.empty();
      }
      // The image's entrypoint is the component: write it first, as every argument vector is.
      if (argv.isEmpty() || !kind.get().equals(baseName(argv.get(0)))) {
        argv.add(0, kind.get());
      }
      return Optional.of(new Recognized(kind.get(), List.copyOf(argv)));
    }
    List<String> unwrapped = unwrap(argv);
    Optional<String> kind = kindOf(unwrapped);
    if (kind.isPresent()) {
      return Optional.of(new Recognized(kind.get(), List.copyOf(unwrapped)));
    }
    return shellWrapped(unwrapped);
  }

  /**
   * The argument vector a wrapper runs ({@code watch-termination ... -- kube-apiserver ...},
   * {@code nice -n -19 etcd ...}), wrappers of wrappers included; {@code argv} itself when it
   * runs no wrapper; empty when a wrapper names no command (a watch-termination without
   * {@code --}).
   */
  static List<String> unwrap(List<String> argv) {
    List<String> words = argv;
    while (!words.isEmpty()) {
      String executable = baseName(words.get(0));
      int start;
      if (executable.equals(WATCH_TERMINATION)) {
        int separator = words.indexOf("--");
        if (separator < 0) {
          return List.of();
        }
        start = separator + 1;
      } else if (WRAPPERS.containsKey(executable)) {
        Set<String> withValue = WRAPPERS.get(executable);
        start = 1;
        while (start < words.size() && words.get(start).startsWith("-")
            && !words.get(start).equals("--")) {
          start += withValue.contains(words.get(start)) ? 2 : 1;
        }
        if (start < words.size() && words.get(start).equals("--")) {
          start++;
        }
      } else {
        return words;
      }
      words = words.subList(Math.min(start, words.size()), words.size());
    }
    return words;
  }

  /** The component an image is built for: its repository's last segment is the kind. */
  static Optional<String> imageKind(String image) {
    if (image == null) {
      return Optional.empty();
    }
    for (String kind : KINDS) {
      if (Pattern.compile("(^|/)" + Pattern.quote(kind) + "([:@-]|$)").matcher(image).find()) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code sh -c "exec kube-apiserver --a=b"}: the words of the script's simple command that runs
   * a component, from the component on to the end of that command.
   */
  static Optional<Recognized> shellWrapped(List<String> argv) {
    if (argv.isEmpty() || !SHELLS.contains(baseName(argv.get(0)))) {
      return Optional.empty();
    }
    int i = 1;
    boolean command = false;
    // Single-letter options, grouped or not (-ec, -euxo pipefail -c); -o and +o take the name of
    // a shell option as the next word.
    while (i < argv.size() && (argv.get(i).startsWith("-") || argv.get(i).startsWith("+"))
        && !argv.get(i).equals("--") && argv.get(i).length() > 1) {
      String option = argv.get(i);
      boolean longOption = option.startsWith("--");
      command |= !longOption && option.startsWith("-") && option.indexOf('c') > 0;
      i += !longOption && option.indexOf('o') > 0 ? 2 : 1;
    }
    if (i < argv.size() && argv.get(i).equals("--")) {
      i++;
    }
    if (!command || i >= argv.size()) {
      return Optional.empty();
    }
    List<List<String>> simpleCommands = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (ShellWords.Token token : ShellWords.split(argv.get(i))) {
      if (token.operator()) {
        simpleCommands.add(current);
        current = new ArrayList<>();
      } else {
        current.add(token.text());
      }
    }
    simpleCommands.add(current);
    for (List<String> words : simpleCommands) {
      int start = 0;
      boolean afterEnv = false;
      // Skip what only prepares the command: assignments, exec/env/nohup and env's own options.
      while (start < words.size()) {
        String word = words.get(start);
        if (!ASSIGNMENT.matcher(word).matches() && !PREFIX_COMMANDS.contains(word)
            && !(afterEnv && word.startsWith("-"))) {
          break;
        }
        afterEnv |= word.equals("env");
        start++;
        if (afterEnv && ENV_OPTIONS_WITH_VALUE.contains(word)) {
          start++; // env -u NAME, env -C DIR
        }
      }
      List<String> rest = unwrap(words.subList(start, words.size()));
      Optional<String> kind = kindOf(rest);
      if (kind.isPresent()) {
        return Optional.of(new Recognized(kind.get(), List.copyOf(rest)));
      }
    }
    return Optional.empty();
  }

  static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
