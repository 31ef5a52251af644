package dev.kcis.engine;

import dev.kcis.core.KcisException;
import java.util.List;

/**
 * Rules that do not compile or whose metadata is malformed. Each problem is one line
 * {@code FILE:LINE:COL: message}; the exception message is the first of them.
 */
public final class RuleCompilationException extends KcisException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public RuleCompilationException(List<String> problems) {
    super(problems.isEmpty() ? "rules do not compile"
        : problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, one {@code FILE:LINE:COL: message} line each. */
  public List<String> problems() {
    return problems;
  }
}
