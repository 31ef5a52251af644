package dev.kcis.fix.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.Result;
import dev.kcis.facts.Observation;
import dev.kcis.fix.FileChange;
import dev.kcis.fix.FixPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's part of a plan. A setting is changed where the evidence says its value came from: the
 * item of a static pod's command that set the flag, the key of the config file, or, when nothing
 * set it, a new flag in the static pod's command or a new key in the config file the component
 * reads. Files get {@code chmod}/{@code chown} commands. Key and kubeconfig content is never
 * edited: only static pod manifests and component config files are.
 */
final class NodeChanges {

  private static final Pattern STAT = Pattern.compile("node/([^:]+):(/.*)");
  private static final Pattern FLAG_LOCATION = Pattern.compile("(/.+\\.ya?ml):(\\d+)");
  private static final Pattern NOT_IN = Pattern.compile(".*not in (/\\S+?)\\)?$");
  private static final Pattern MODE = Pattern.compile("mode (\\d{3,4})");
  private static final Pattern OWNER = Pattern.compile("owner (\\S+)");

  /** One edit of a node file: an item replaced, an item appended, or a config key set. */
  private record NodeEdit(Result result, String node, String file, int line, String flag,
      List<String> pointer, Object value, String kind, String description) {}

  private final BiFunction<String, String, Path> files;
  private final Map<String, Map<String, FactBundle.Component>> components;
  private final List<NodeEdit> edits = new ArrayList<>();
  private final Map<String, FixPlan.Command> commands = new LinkedHashMap<>();
  private final Map<Result, String> described = new LinkedHashMap<>();

  NodeChanges(BiFunction<String, String, Path> files,
      Map<String, Map<String, FactBundle.Component>> components) {
    this.files = files;
    this.components = components;
  }

  /** Records the result's node operations; returns why they cannot apply, or {@code null}. */
  String add(Result result, List<FixSpec.Op> ops) {
    List<String> lines = new ArrayList<>();
    List<NodeEdit> mine = new ArrayList<>();
    List<FixPlan.Command> mineCommands = new ArrayList<>();
    for (FixSpec.Op op : ops) {
      switch (op.anchor()) {
        case CHMOD, CHOWN -> {
          String operation = op.anchor().name().toLowerCase(java.util.Locale.ROOT);
          String argument = placeholder(String.valueOf(op.value()), result);
          if (argument == null) {
            return "the evidence does not say which " + operation + " argument complies";
          }
          for (Observation o : observed(result)) {
            Matcher m = o.location() == null ? null : STAT.matcher(o.location());
            if ("stat".equals(o.source()) && m != null && m.matches()) {
              String command = operation + " " + argument + " " + m.group(2);
              mineCommands.add(new FixPlan.Command(m.group(1), m.group(2),
                  files.apply(m.group(1), m.group(2)), command, operation, argument,
                  command + " (" + result.control() + " " + result.target() + ")",
                  List.of(result)));
              lines.add(command);
            }
          }
        }
        case SETTING -> {
          String why = setting(result, op.value(), mine, lines);
          if (why != null) {
            return why;
          }
        }
        default -> {
          return "an API object fix on a node result";
        }
      }
    }
    if (mine.isEmpty() && mineCommands.isEmpty()) {
      return "the evidence names no file to change: " + result.remediation();
    }
    edits.addAll(mine);
    for (FixPlan.Command c : mineCommands) {
      commands.merge(c.node() + " " + c.command(), c, (a, b) -> new FixPlan.Command(a.node(),
          a.file(), a.path(), a.command(), a.operation(), a.argument(), a.description(),
          concat(a.results(), b.results())));
    }
    described.put(result, String.join("; ", lines));
    return null;
  }

  private String setting(Result result, Object value, List<NodeEdit> mine, List<String> lines) {
    String[] target = result.target().split("/");
    if (target.length != 3 || !"node".equals(target[0])) {
      return "not a component result";
    }
    String node = target[1];
    FactBundle.Component component = components.getOrDefault(node, Map.of()).get(target[2]);
    for (Observation o : observed(result)) {
      String location = o.location() == null ? "" : o.location();
      switch (o.source()) {
        case "flag" -> {
          Matcher m = FLAG_LOCATION.matcher(location);
          if (!m.matches() || !o.item().startsWith("--")) {
            return o.item() + " is set on a command line kcis cannot edit (" + location + "): "
                + "set " + o.item() + "=" + value + " where the component's flags are written";
          }
          String item = o.item() + "=" + value;
          mine.add(new NodeEdit(result, node, m.group(1), Integer.parseInt(m.group(2)), o.item(),
              null, item, "item", "set " + item + " in " + m.group(1)));
          lines.add("set " + item + " in " + m.group(1) + ":" + m.group(2));
        }
        case "config-file" -> {
          if (!location.startsWith("/") || o.path() == null) {
            return "the config file of " + o.item() + " is not named";
          }
          mine.add(new NodeEdit(result, node, location, 0, null,
              Arrays.asList(o.path().split("\\.")), value, "key",
              "set " + o.path() + ": " + value + " in " + location));
          lines.add("set " + o.path() + ": " + value + " in " + location);
        }
        case "default" -> {
          Matcher notIn = NOT_IN.matcher(location);
          if (notIn.matches() && o.path() != null) {
            String file = notIn.group(1);
            mine.add(new NodeEdit(result, node, file, 0, null,
                Arrays.asList(o.path().split("\\.")), value, "key",
                "set " + o.path() + ": " + value + " in " + file));
            lines.add("set " + o.path() + ": " + value + " in " + file);
          } else if (o.item().startsWith("--") && component != null
              && "static-pod-manifest".equals(component.source().type())
              && component.source().path() != null && component.source().pointer() != null) {
            String item = o.item() + "=" + value;
            mine.add(new NodeEdit(result, node, component.source().path(), 0, null,
                Pointers.parse(component.source().pointer()), item, "append",
                "add " + item + " to " + component.source().path()));
            lines.add("add " + item + " to " + component.source().path());
          } else {
            return o.item() + " is unset and kcis does not know the file that sets "
                + target[2] + "'s flags: set " + o.item() + " to " + value + " there";
          }
        }
        default -> {
          return o.item() + " comes from " + o.source() + " (" + location + "): set it to "
              + value + " there";
        }
      }
    }
    return null;
  }

  String description(Result result) {
    return described.getOrDefault(result, "");
  }

  /** Edits the node files (each once), adding changes or turning results into suggestions. */
  void plan(List<FileChange> changes, Changes owner) {
    Map<String, List<NodeEdit>> byFile = new LinkedHashMap<>();
    for (NodeEdit e : edits) {
      byFile.computeIfAbsent(e.node() + "\u0000" + e.file(), k -> new ArrayList<>()).add(e);
    }
    for (List<NodeEdit> fileEdits : byFile.values()) {
      NodeEdit first = fileEdits.get(0);
      Path path = files.apply(first.node(), first.file());
      if (path == null) {
        for (NodeEdit e : fileEdits) {
          owner.suggest(e.result(), e.description() + " (on node " + e.node() + ")", null);
        }
        continue;
      }
      String before;
      try {
        before = InputFiles.readText(path, Changes.MAX_FILE);
      } catch (IOException e) {
        fileEdits.forEach(x -> owner.suggest(x.result(), first.file() + ": cannot read ("
            + InputFiles.problem(e) + "): " + x.description(), null));
        continue;
      }
      String text = before;
      List<Result> fixed = new ArrayList<>();
      List<String> done = new ArrayList<>();
      // Items in place first (no line moves), then what adds lines.
      List<NodeEdit> ordered = new ArrayList<>(fileEdits);
      ordered.sort(java.util.Comparator.comparing(e -> !e.kind().equals("item")));
      Map<Result, List<NodeEdit>> byResult = new LinkedHashMap<>();
      ordered.forEach(e -> byResult.computeIfAbsent(e.result(), k -> new ArrayList<>()).add(e));
      for (Map.Entry<Result, List<NodeEdit>> r : byResult.entrySet()) {
        String attempt = text;
        try {
          for (NodeEdit e : r.getValue()) {
            YamlEditor editor = new YamlEditor(attempt, first.file().endsWith(".json"));
            YamlEditor.Edit edit = switch (e.kind()) {
              case "item" -> editor.replaceItem(e.line(), e.flag(), (String) e.value());
              case "append" -> editor.appendItem(listOf(attempt, e.pointer()),
                  (String) e.value());
              default -> editor.set(0, null, null, e.pointer(), e.value());
            };
            if (edit != null) {
              attempt = editor.apply(edit);
            }
          }
        } catch (YamlEditor.Declined d) {
          owner.suggest(r.getKey(), first.file() + ": " + d.getMessage() + ": "
              + described.get(r.getKey()), null);
          continue;
        }
        if (attempt.equals(text)) {
          owner.suggest(r.getKey(), "already set (" + described.get(r.getKey())
              + "), yet the result fails: " + r.getKey().remediation(), null);
          continue;
        }
        text = attempt;
        fixed.add(r.getKey());
        r.getValue().forEach(e -> done.add(e.description() + " (" + r.getKey().target() + ")"));
      }
      if (!text.equals(before)) {
        changes.add(new FileChange(first.file(), path, before, text, fixed, done));
      }
    }
  }

  /** The flags list of a static pod container: {@code command} if it holds flags, else args. */
  private static List<String> listOf(String text, List<String> container) {
    Object doc;
    try {
      doc = new org.yaml.snakeyaml.Yaml().load(text);
    } catch (RuntimeException e) {
      doc = null;
    }
    Object c = Pointers.get(doc, container);
    List<String> out = new ArrayList<>(container);
    if (c instanceof Map<?, ?> m && m.get("args") instanceof List<?> args && !args.isEmpty()
        && !(m.get("command") instanceof List<?> cmd && cmd.stream()
            .anyMatch(x -> String.valueOf(x).startsWith("--")))) {
      out.add("args");
    } else {
      out.add("command");
    }
    return out;
  }

  List<FixPlan.Command> commands() {
    return List.copyOf(commands.values());
  }

  private static List<Observation> observed(Result result) {
    return result.evidence() == null ? List.of() : result.evidence().observed();
  }

  /** {@code {mode}} and {@code {owner}} from what the result expected ("mode 600 or more..."). */
  private static String placeholder(String value, Result result) {
    String expected = result.evidence() == null || result.evidence().expected() == null ? ""
        : result.evidence().expected();
    if (value.equals("{mode}")) {
      Matcher m = MODE.matcher(expected);
      return m.find() ? m.group(1) : null;
    }
    if (value.equals("{owner}")) {
      Matcher m = OWNER.matcher(expected);
      return m.find() ? m.group(1) : null;
    }
    return value;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
