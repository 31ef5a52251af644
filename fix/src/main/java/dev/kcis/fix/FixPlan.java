package dev.kcis.fix;

import dev.kcis.engine.Result;
import java.util.List;
import java.util.Map;

/**
 * Every change a set of results needs: file edits combined per file, commands for file modes and
 * owners, and suggestions for what needs a decision. Nothing has been written.
 *
 * @param changes the files to edit, in the order first met
 * @param commands the {@code chmod}/{@code chown} commands, one per file and command
 * @param suggestions what kcis does not change itself, one per result
 * @param descriptions per result, what its fix changes
 */
public record FixPlan(List<FileChange> changes, List<Command> commands,
    List<Suggestion> suggestions, Map<Result, String> descriptions) {

  public FixPlan {
    changes = List.copyOf(changes);
    commands = List.copyOf(commands);
    suggestions = List.copyOf(suggestions);
    descriptions = Map.copyOf(descriptions);
  }

  /** What the fix of {@code result} changes, or its suggestion. */
  public String descriptionOf(Result result) {
    return descriptions.getOrDefault(result, "");
  }

  /** True when nothing is to be changed automatically. */
  public boolean isEmpty() {
    return changes.isEmpty() && commands.isEmpty();
  }

  /**
   * A command that changes a file's mode or owner.
   *
   * @param node the node the file is on
   * @param file the file, as the node names it ({@code /etc/kubernetes/admin.conf})
   * @param path where kcis can change it (below the node's root), or {@code null} when only the
   *     node itself can run the command
   * @param command the command for the node, e.g. {@code chmod 600 /etc/kubernetes/admin.conf}
   * @param operation {@code chmod} or {@code chown}
   * @param argument the mode ({@code 600}) or owner ({@code root:root})
   * @param description what it does and for which result
   * @param results the results it fixes
   */
  public record Command(String node, String file, java.nio.file.Path path, String command,
      String operation, String argument, String description, List<Result> results) {

    public Command {
      results = List.copyOf(results);
    }
  }

  /**
   * A fix kcis does not apply: it needs a decision, or the file cannot be edited exactly.
   *
   * @param result the result
   * @param text what to do (the rule's remediation, or why the edit was declined and what to set)
   * @param file the file the evidence names, or {@code null}
   * @param line its line, or 0
   * @param operations the declared operations that were not applied, or {@code null}
   */
  public record Suggestion(Result result, String text, String file, int line, String operations) {}
}
