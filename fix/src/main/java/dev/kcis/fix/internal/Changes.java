package dev.kcis.fix.internal;

import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.Result;
import dev.kcis.facts.Observation;
import dev.kcis.fix.FileChange;
import dev.kcis.fix.FixPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Builds a {@link FixPlan}: resolves each result's declared operations against its evidence
 * (which file, which object, which container), then edits each file once, object by object from
 * the bottom up so that the lines the evidence names stay true while earlier objects are edited.
 */
public final class Changes {

  /** The largest file edited, as kcis reads manifests by default. */
  static final long MAX_FILE = 16L * 1024 * 1024;
  private static final Pattern CONTAINER =
      Pattern.compile("(/.*)?/(containers|initContainers|ephemeralContainers)/\\d+");

  /** One value to set in one object of one file. */
  record ObjectEdit(List<String> pointer, Object value, String description) {}

  /** A result's edits: all in one object (the result's target). */
  record ResultEdits(Result result, String file, int line, String kind, String name,
      List<ObjectEdit> edits, String operations) {}

  private final BiFunction<String, String, Path> files;
  private final List<ResultEdits> edits = new ArrayList<>();
  private final NodeChanges node;
  private final List<FixPlan.Suggestion> suggestions = new ArrayList<>();
  private final Map<Result, String> descriptions = new LinkedHashMap<>();

  /**
   * A plan's builder.
   *
   * @param files where a file the evidence names is read: (node or {@code null}, file) to a path,
   *     or {@code null} when it must not be read
   * @param components per node name, its components by kind, as collected
   */
  public Changes(BiFunction<String, String, Path> files,
      Map<String, Map<String, dev.kcis.bundle.FactBundle.Component>> components) {
    this.files = files;
    this.node = new NodeChanges(files, components);
  }

  /** Records what the result's declared fix changes, or a suggestion when it cannot apply. */
  public void add(Result result, FixSpec spec) {
    List<FixSpec.Op> objectOps = new ArrayList<>();
    List<FixSpec.Op> nodeOps = new ArrayList<>();
    for (FixSpec.Op op : spec.ops()) {
      (switch (op.anchor()) {
        case CONTAINER, POD, OBJECT -> objectOps;
        default -> nodeOps;
      }).add(op);
    }
    String operations = String.join("; ", spec.ops().stream().map(FixSpec.Op::text).toList());
    if (!nodeOps.isEmpty()) {
      String declined = node.add(result, nodeOps);
      if (declined != null) {
        suggest(result, declined, operations);
      } else {
        descriptions.put(result, node.description(result));
      }
      return;
    }
    Observation object = result.evidence() == null ? null : result.evidence().observed().stream()
        .filter(o -> "api-object".equals(o.source()) && located(o.location()))
        .findFirst().orElse(null);
    if (object == null) {
      suggest(result, "the evidence names no manifest file: " + operations, operations);
      return;
    }
    String[] target = result.target().split("/");
    String kind = target[0];
    String name = target[target.length - 1];
    List<ObjectEdit> objectEdits = new ArrayList<>();
    for (FixSpec.Op op : objectOps) {
      if (op.kind() != null && !op.kind().equals(kind)) {
        continue;
      }
      String shown = String.join(".", op.pointer()) + ": " + op.value();
      switch (op.anchor()) {
        case CONTAINER -> {
          for (Observation o : result.evidence().observed()) {
            if (o.path() != null && CONTAINER.matcher(o.path()).matches()) {
              List<String> pointer = new ArrayList<>(Pointers.parse(o.path()));
              pointer.addAll(op.pointer());
              objectEdits.add(new ObjectEdit(pointer, op.value(), "set " + shown + " in "
                  + o.item()));
            }
          }
        }
        case POD -> {
          List<String> pointer = new ArrayList<>(Pointers.parse(podSpec(kind)));
          pointer.addAll(op.pointer());
          objectEdits.add(new ObjectEdit(pointer, op.value(), "set " + shown + " in the pod spec"));
        }
        default -> objectEdits.add(new ObjectEdit(op.pointer(), op.value(), "set " + shown));
      }
    }
    if (objectEdits.isEmpty()) {
      suggest(result, "the fix does not apply to " + kind + ": " + result.remediation(),
          operations);
      return;
    }
    String location = object.location();
    int colon = location.lastIndexOf(':');
    edits.add(new ResultEdits(result, location.substring(0, colon),
        Integer.parseInt(location.substring(colon + 1)), kind, name, objectEdits, operations));
  }

  /** Records a suggestion: what to do, for a result kcis does not change itself. */
  public void suggest(Result result, String text, String operations) {
    String file = null;
    int line = 0;
    if (result.evidence() != null) {
      for (Observation o : result.evidence().observed()) {
        if (o.location() != null && located(o.location())) {
          int colon = o.location().lastIndexOf(':');
          file = o.location().substring(0, colon);
          line = Integer.parseInt(o.location().substring(colon + 1));
          break;
        }
      }
    }
    String shown = text == null ? "no remediation is known" : text;
    suggestions.add(new FixPlan.Suggestion(result, shown, file, line, operations));
    descriptions.put(result, shown);
  }

  /** Edits every file (reading each once), and returns the plan. */
  public FixPlan plan() {
    Map<String, List<ResultEdits>> byFile = new LinkedHashMap<>();
    for (ResultEdits e : edits) {
      byFile.computeIfAbsent(e.file(), k -> new ArrayList<>()).add(e);
    }
    List<FileChange> changes = new ArrayList<>();
    for (Map.Entry<String, List<ResultEdits>> entry : byFile.entrySet()) {
      FileChange change = edit(entry.getKey(), entry.getValue());
      if (change != null) {
        changes.add(change);
      }
    }
    node.plan(changes, this);
    return new FixPlan(changes, node.commands(), suggestions, descriptions);
  }

  private FileChange edit(String file, List<ResultEdits> results) {
    Path path = files.apply(null, file);
    String before;
    try {
      before = InputFiles.readText(path, MAX_FILE);
    } catch (IOException e) {
      for (ResultEdits r : results) {
        suggest(r.result(), file + ": cannot read (" + InputFiles.problem(e) + "): "
            + r.operations(), r.operations());
      }
      return null;
    }
    boolean json = file.endsWith(".json");
    String text = before;
    List<Result> fixed = new ArrayList<>();
    List<String> done = new ArrayList<>();
    // Bottom-up: an edit never moves the objects above it, so their lines stay as collected.
    List<ResultEdits> ordered = new ArrayList<>(results);
    ordered.sort(Comparator.comparingInt(ResultEdits::line).reversed());
    for (ResultEdits r : ordered) {
      String attempt;
      List<String> lines = new ArrayList<>();
      try {
        attempt = apply(text, r, json, lines);
        // No change, yet the file as read lacked the values: another result's edit set them.
        if (attempt.equals(text) && !apply(before, r, json, new ArrayList<>()).equals(before)) {
          fixed.add(r.result());
          descriptions.put(r.result(), String.join("; ", lines));
          continue;
        }
      } catch (YamlEditor.Declined d) {
        suggest(r.result(), file + ":" + r.line() + ": " + d.getMessage() + ": "
            + r.operations(), r.operations());
        continue;
      }
      if (attempt.equals(text)) {
        suggest(r.result(), "already set (" + r.operations() + "), yet the result fails: "
            + r.result().remediation(), r.operations());
        continue;
      }
      text = attempt;
      fixed.add(r.result());
      done.addAll(lines);
      descriptions.put(r.result(), String.join("; ", lines));
    }
    if (text.equals(before)) {
      return null;
    }
    return new FileChange(file, path, before, text, fixed, done);
  }

  /** {@code text} with the result's edits applied, one after another. */
  private static String apply(String text, ResultEdits r, boolean json, List<String> lines)
      throws YamlEditor.Declined {
    String attempt = text;
    for (ObjectEdit e : r.edits()) {
      YamlEditor editor = new YamlEditor(attempt, json);
      YamlEditor.Edit edit = editor.set(r.line(), r.kind(), r.name(), e.pointer(), e.value());
      if (edit != null) {
        attempt = editor.apply(edit);
      }
      lines.add(e.description() + " (" + r.result().target() + ")");
    }
    return attempt;
  }

  /** The JSON pointer of the pod spec in an object of this kind. */
  static String podSpec(String kind) {
    return switch (kind) {
      case "Pod" -> "/spec";
      case "CronJob" -> "/spec/jobTemplate/spec/template/spec";
      default -> "/spec/template/spec";
    };
  }

  private static boolean located(String location) {
    return location != null && location.matches(".+:\\d+");
  }
}
