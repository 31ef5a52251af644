package dev.kcis.engine;

import dev.kcis.core.KcisException;

/** A benchmark profile that cannot be used; the message names the file and the YAML path. */
public final class ProfileException extends KcisException {

  private static final long serialVersionUID = 1L;

  public ProfileException(String message) {
    super(message);
  }
}
