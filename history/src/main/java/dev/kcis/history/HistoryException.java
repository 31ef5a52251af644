package dev.kcis.history;

import dev.kcis.core.KcisException;

/**
 * The history store cannot be used: a database that cannot be reached, refuses the credentials
 * or the statement, or a run id it does not hold. The message is one line and names the database
 * without its password.
 */
public final class HistoryException extends KcisException {

  private static final long serialVersionUID = 1L;

  public HistoryException(String message) {
    super(message);
  }

  public HistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
