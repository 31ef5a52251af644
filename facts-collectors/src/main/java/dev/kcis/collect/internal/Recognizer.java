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
    Optional<String> kind = kindOf(argv);
    if (kind.isPresent()) {
      return Optional.of(new Recognized(kind.get(), List.copyOf(argv)));
    }
    return shellWrapped(argv);
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
    while (i < argv.size() && argv.get(i).startsWith("-") && !argv.get(i).equals("--")) {
      String option = argv.get(i);
      command |= !option.startsWith("--") && option.indexOf('c') > 0;
      i++;
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
      List<String> rest = words.subList(start, words.size());
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
