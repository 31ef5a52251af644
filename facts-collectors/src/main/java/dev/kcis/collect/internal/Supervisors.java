package dev.kcis.collect.internal;

import dev.kcis.core.internal.NodeLayouts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process that runs a distribution's components (k3s, rke2): which mode it runs in, the
 * options its config files and command line give, and the arguments it passes to a component
 * that runs inside it, as the layout documents them.
 */
final class Supervisors {

  private Supervisors() {}

  /**
   * A supervisor found on the node.
   *
   * @param mode its sub-command ({@code server}, {@code agent}), or {@code null}
   * @param role the node role that mode means, or {@code null}
   * @param source where it was found: {@code /proc/<pid>/cmdline} or its unit file
   * @param argv its command line, the executable first
   */
  record Supervisor(NodeLayouts.Supervisor spec, String mode, String role, String source,
      List<String> argv) {}

  /** The supervisor among the node's processes, else the first of its units found. */
  static Supervisor find(NodeLayouts.Supervisor spec, List<RunningProcess> processes,
      Map<String, List<String>> unitCommands) {
    for (RunningProcess p : processes) {
      if (!p.argv().isEmpty() && Recognizer.baseName(p.argv().get(0))
          .equals(spec.executable())) {
        String mode = p.argv().size() > 1 ? p.argv().get(1) : null;
        return new Supervisor(spec, mode, spec.modes().get(mode), p.source(), p.argv());
      }
    }
    for (Map.Entry<String, String> unit : spec.units().entrySet()) {
      List<String> argv = unitCommands.get(unit.getKey());
      if (argv != null) {
        String mode = argv.size() > 1 && Recognizer.baseName(argv.get(0))
            .equals(spec.executable()) ? argv.get(1) : null;
        String role = mode != null && spec.modes().containsKey(mode) ? spec.modes().get(mode)
            : unit.getValue();
        return new Supervisor(spec, mode != null ? mode : modeOf(spec, role), role,
            "systemd unit " + unit.getKey(), argv);
      }
    }
    return null;
  }

  private static String modeOf(NodeLayouts.Supervisor spec, String role) {
    return spec.modes().entrySet().stream().filter(e -> e.getValue().equals(role))
        .map(Map.Entry::getKey).findFirst().orElse(null);
  }

  /**
   * Merges config documents as k3s and RKE2 do: later files override a key, and a key ending in
   * {@code +} appends to the list of the key without it.
   */
  static void merge(Map<String, Object> options, Map<?, ?> document) {
    for (Map.Entry<?, ?> e : document.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.endsWith("+")) {
        String base = key.substring(0, key.length() - 1);
        List<Object> list = new ArrayList<>(asList(options.get(base)));
        list.addAll(asList(e.getValue()));
        options.put(base, list);
      } else {
        options.put(key, e.getValue());
      }
    }
  }

  /**
   * Applies the supervisor's command-line flags over its config options: {@code --key=value},
   * {@code --key value} (for keys that take values), a bare {@code --key} (true); the argument
   * keys repeat, anything else replaces.
   */
  static void applyFlags(Map<String, Object> options, List<String> argv,
      NodeLayouts.Supervisor spec, List<String> booleanOptions) {
    Map<String, List<Object>> repeated = new LinkedHashMap<>();
    for (int i = 2; i < argv.size(); i++) {
      String word = argv.get(i);
      if (!word.startsWith("--") || word.length() < 3) {
        continue;
      }
      String name = word.substring(2);
      Object value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (!booleanOptions.contains(name) && i + 1 < argv.size()
          && !argv.get(i + 1).startsWith("-")) {
        value = argv.get(++i);
      } else {
        value = Boolean.TRUE;
      }
      if (spec.argKeys().containsKey(name)) {
        repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        options.put(name, value);
      }
    }
    options.putAll(repeated);
  }

  /**
   * The arguments the supervisor passes to an embedded component: the documented defaults, the
   * arguments its options add, then its {@code <component>-arg} entries, each replacing a default
   * of the same flag (as k3s merges them).
   */
  static List<String> arguments(String kind, NodeLayouts.ComponentLayout component,
      NodeLayouts.Supervisor spec, Map<String, Object> options, boolean etcdEmbedded) {
    Map<String, String> args = new LinkedHashMap<>();
    component.defaultArgs().forEach(a -> put(args, a));
    if (etcdEmbedded) {
      component.embeddedEtcdArgs().forEach(a -> put(args, a));
    }
    for (Map.Entry<String, Map<String, List<String>>> option : component.optionArgs()
        .entrySet()) {
      Object value = options.get(option.getKey());
      if (value == null) {
        continue;
      }
      String text = String.valueOf(value);
      List<String> added = option.getValue().get(text);
      if (added == null) {
        added = option.getValue().get("*");
      }
      if (added != null) {
        added.forEach(a -> put(args, a.replace("{value}", text)));
      }
    }
    for (Map.Entry<String, String> key : spec.argKeys().entrySet()) {
      if (key.getValue().equals(kind)) {
        for (Object entry : asList(options.get(key.getKey()))) {
          String arg = String.valueOf(entry);
          put(args, arg.startsWith("--") ? arg : "--" + arg);
        }
      }
    }
    List<String> argv = new ArrayList<>();
    argv.add(kind);
    args.forEach((flag, value) -> argv.add(value == null ? flag : flag + "=" + value));
    return argv;
  }

  private static void put(Map<String, String> args, String arg) {
    int eq = arg.indexOf('=');
    if (eq < 0) {
      args.put(arg, null);
    } else {
      args.remove(arg.substring(0, eq)); // a replaced flag moves to where the user put it
      args.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
  }

  private static List<?> asList(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> l ? l : List.of(value);
  }
}
