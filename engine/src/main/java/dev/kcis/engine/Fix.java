package dev.kcis.engine;

import java.util.List;
import java.util.Objects;

/**
 * The change that makes one result comply: an exact edit of a file, a command to run, or, when
 * applying the remediation needs a person's decision, a suggestion. Computed from the rule's
 * {@code @fix} declaration and the result's evidence by {@code dev.kcis.fix.Fixes}
 * (docs/fix.md); reports carry it as {@code results[].fix}.
 *
 * @param kind {@link #EDIT} (a change of {@code file}), {@link #COMMAND} (a shell command, e.g.
 *     {@code chmod 600 /etc/kubernetes/admin.conf}) or {@link #SUGGESTION} (nothing applied)
 * @param description one line saying what changes, e.g. {@code set
 *     securityContext.allowPrivilegeEscalation: false in container worker}
 * @param file the file changed or named, as the evidence names it; {@code null} when none
 * @param line the 1-based line of the first change in {@code file}; 0 when unknown
 * @param patch a unified diff of {@code file} for an edit, the command for a command, the
 *     operations as declared for a suggestion; {@code null} when there is nothing exact to show
 * @param replacements the edit as text replacements in {@code file}, first to last (what SARIF
 *     {@code fixes} carry); empty for commands and suggestions
 */
public record Fix(String kind, String description, String file, int line, String patch,
    List<Replacement> replacements) {

  /** An exact change of a file's text. */
  public static final String EDIT = "edit";
  /** A command that changes a file's mode or owner. */
  public static final String COMMAND = "command";
  /** What to change, when it needs a person's decision or kcis cannot edit the file exactly. */
  public static final String SUGGESTION = "suggestion";

  public Fix {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    replacements = List.copyOf(replacements);
  }

  /** True when kcis can apply it without a decision: an edit or a command. */
  public boolean automatic() {
    return !SUGGESTION.equals(kind);
  }

  /**
   * One text replacement: the region from the start to the end position (1-based lines, 1-based
   * columns in UTF-16 code units, end exclusive) is replaced by {@code insertedText}.
   *
   * @param startLine first line of the region
   * @param startColumn first column of the region
   * @param endLine line of the region's end
   * @param endColumn column just past the region (equal to the start for an insertion)
   * @param deletedText the text the region holds now
   * @param insertedText the text that replaces it
   */
  public record Replacement(int startLine, int startColumn, int endLine, int endColumn,
      String deletedText, String insertedText) {

    public Replacement {
      Objects.requireNonNull(deletedText, "deletedText");
      Objects.requireNonNull(insertedText, "insertedText");
    }
  }
}
