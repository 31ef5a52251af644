package dev.kcis.engine;

import dev.kcis.core.KcisException;

/**
 * A waiver file that cannot be used: malformed, missing an owner or reason, a date that is not
 * {@code YYYY-MM-DD}, or naming a control or rule the engine does not have. The message starts with
 * {@code FILE:LINE:COLUMN}.
 */
public final class WaiverException extends KcisException {

  private static final long serialVersionUID = 1L;

  public WaiverException(String message) {
    super(message);
  }
}
