package dev.kcis.bundle;

import dev.kcis.core.KcisException;

/**
 * A bundle that cannot be read: malformed JSON or YAML, a wrong {@code apiVersion} or {@code kind},
 * a value of the wrong type, or input beyond the loader's limits.
 *
 * <p>The message is one line: {@code FILE:LINE:COLUMN: POINTER: what is wrong}, with the line and
 * column when the parser knows them and the JSON pointer when the problem is in a value.
 */
public final class BundleException extends KcisException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final String place;
  private final String problem;

  public BundleException(String file, String place, String problem) {
    this(file, place, problem, null);
  }

  public BundleException(String file, String place, String problem, Throwable cause) {
    // One line whatever the bundle's keys hold (a key with a line break, found by fuzzing).
    super(dev.kcis.core.internal.SafeText.escapeControls(file
        + (place == null || place.isEmpty() ? "" : ":" + place) + ": " + problem)
        .replace("\n", "\\u000a").replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029"), cause);
    this.file = file;
    this.place = place;
    this.problem = problem;
  }

  /** The file (or origin) that failed. */
  public String file() {
    return file;
  }

  /** {@code line:column}, or empty when the parser does not know it. */
  public String place() {
    return place;
  }

  /** What is wrong, starting with the JSON pointer when there is one. */
  public String problem() {
    return problem;
  }
}
