package dev.kcis.core;

/**
 * The root of every error kcis reports to its users: a bundle, profile or rule pack that cannot be
 * used. Messages say what is wrong, where, and how to fix it, in one line.
 */
public class KcisException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KcisException(String message) {
    super(message);
  }

  public KcisException(String message, Throwable cause) {
    super(message, cause);
  }
}
