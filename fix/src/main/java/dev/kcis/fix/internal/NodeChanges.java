package dev.kcis.fix.internal;

import dev.kcis.engine.Result;
import dev.kcis.fix.FileChange;
import dev.kcis.fix.FixPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The node's part of a plan: component flags, kubelet config keys, file modes and owners. */
final class NodeChanges {

  private final Function<String, Path> files;
  private final List<FixPlan.Command> commands = new ArrayList<>();

  NodeChanges(Function<String, Path> files) {
    this.files = files;
  }

  /** Records the result's node operations; returns why they cannot apply, or {@code null}. */
  String add(Result result, List<FixSpec.Op> ops) {
    return "node fixes are not supported yet: " + result.remediation();
  }

  String description(Result result) {
    return "";
  }

  void plan(List<FileChange> changes, List<FixPlan.Suggestion> suggestions,
      Map<Result, String> descriptions) {}

  List<FixPlan.Command> commands() {
    return commands;
  }
}
