package dev.kcis.cli;

/** The exit codes of every kcis command, listed in {@code --help} and the README. */
public final class ExitCode {

  /** Ran, and nothing reached the {@code --fail-on} threshold. */
  public static final int OK = 0;
  /**
   * An internal error: a bug or an environment problem (stack trace with --verbose), such as an
   * output that cannot be written or running out of memory.
   */
  public static final int INTERNAL = 1;
  /** A usage error: unknown option, missing argument. */
  public static final int USAGE = 2;
  /** Invalid input: a bundle, profile, rule pack or node root that cannot be used. */
  public static final int INVALID_INPUT = 3;
  /** Findings at or above the {@code --fail-on} threshold. */
  public static final int FINDINGS = 4;
  /**
   * Nothing was evaluated: the evidence decided no control (an empty bundle, a scan that found no
   * Kubernetes), unless {@code --allow-empty}; the report is still written.
   */
  public static final int NOTHING_EVALUATED = 5;

  // How --help lists them (picocli's "code:description").
  static final String HELP_OK = "0:ran; nothing reached the --fail-on threshold";
  static final String HELP_INTERNAL = "1:internal error (stack trace with --verbose), output that "
      + "cannot be written, out of memory";
  static final String HELP_USAGE = "2:usage error";
  static final String HELP_INVALID_INPUT = "3:invalid input (bundle, profile, rules; not a "
      + "regular file, over --max-input-size)";
  static final String HELP_FINDINGS = "4:findings at or above the --fail-on threshold";
  static final String HELP_NOTHING_EVALUATED = "5:nothing evaluated: the evidence decided no "
      + "control (allow it with --allow-empty)";

  private ExitCode() {}
}
