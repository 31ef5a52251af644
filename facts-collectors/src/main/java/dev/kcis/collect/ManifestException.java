package dev.kcis.collect;

import dev.kcis.core.KcisException;

/**
 * A manifest that cannot be used: a file that cannot be read or parsed, or a document that is not
 * a Kubernetes API object. The message is one line, {@code FILE:LINE:COLUMN: what is wrong}, with
 * the line and column when they are known.
 */
public final class ManifestException extends KcisException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param line the line, counted from 1; 0 when unknown
   * @param column the column, counted from 1; 0 when unknown
   */
  public ManifestException(String file, int line, int column, String problem) {
    this(file, line, column, problem, null);
  }

  /** The same, with the exception that caused it. */
  public ManifestException(String file, int line, int column, String problem, Throwable cause) {
    super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + problem,
        cause);
    this.file = file;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /** The file, as it was given (a directory's files under the directory given). */
  public String file() {
    return file;
  }

  /** The line of the problem, counted from 1; 0 when unknown. */
  public int line() {
    return line;
  }

  /** The column of the problem, counted from 1; 0 when unknown. */
  public int column() {
    return column;
  }

  /** What is wrong. */
  public String problem() {
    return problem;
  }
}
