package dev.kcis.engine;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An accepted risk: a failing control or rule on the targets a glob names, accepted by an owner,
 * for a reason, until a date. A waiver turns a matching FAIL, WARN or INCONCLUSIVE result into
 * {@link Status#WAIVED}; it never makes anything a PASS, and once expired it does not apply.
 *
 * <p>Waivers are read from files ({@link Waivers#read}) and given to the engine with
 * {@link ComplianceEngine.Builder#waivers(Waivers)}.
 *
 * @param control the control id in the profile (e.g. {@code 1.2.1}), or {@code null}
 * @param rule the rule id (e.g. {@code apiserver-anonymous-auth}), or {@code null}; at least one
 *     of control and rule is set, and a result must match both when both are
 * @param target a glob over result targets: {@code *} matches within one {@code /}-separated
 *     part, {@code **} across parts, {@code ?} one character; {@code **} matches every target
 * @param reason why the risk is accepted
 * @param owner who accepted it
 * @param expires the last day (UTC) the waiver applies
 * @param ticket where the decision is tracked, or {@code null}
 * @param source where the waiver is written, {@code FILE:LINE}
 */
public record Waiver(String control, String rule, String target, String reason, String owner,
    LocalDate expires, String ticket, String source) {

  public Waiver {
    if (control == null && rule == null) {
      throw new IllegalArgumentException("a waiver names a control or a rule");
    }
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(source, "source");
  }

  /** Whether the waiver no longer applies on {@code day} (it applies through {@link #expires}). */
  public boolean expiredOn(LocalDate day) {
    return day.isAfter(expires);
  }

  /** Whether the waiver names this result's control or rule and its target matches the glob. */
  public boolean matches(Result result) {
    return (control == null || control.equals(result.control()))
        && (rule == null || rule.equals(result.rule()))
        && PATTERNS.computeIfAbsent(target, Waiver::glob).matcher(result.target()).matches();
  }

  /** What the waiver names, for messages: {@code control 1.2.1 on node/*}. */
  public String describe() {
    String what = control != null && rule != null ? "control " + control + " (rule " + rule + ")"
        : control != null ? "control " + control : "rule " + rule;
    return what + " on " + target;
  }

  /** Compiled globs: a large report matches every result against every waiver. */
  private static final java.util.Map<String, Pattern> PATTERNS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A regular expression for a target glob. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
