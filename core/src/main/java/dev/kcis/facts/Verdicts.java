package dev.kcis.facts;

/**
 * Where rules report verdicts: the global {@code verdict} of every kcis rule.
 *
 * <p>A verdict judges the target of its first fact; every fact given becomes evidence. The rule that
 * fired is recorded by the engine, so a consequence only states the outcome:
 *
 * <pre>
 * global dev.kcis.facts.Verdicts verdict
 *
 * rule "apiserver-profiling"
 * when
 *     $p : Setting(component == "kube-apiserver", name == "--profiling")
 * then
 *     verdict.expect($p, "false");
 * end
 * </pre>
 *
 * <p>Rules over API objects report each offending object with {@link #fail}; when a rule over an
 * inventoried kind reports nothing, the engine records a PASS that names how many objects it examined.
 */
public interface Verdicts {

  /**
   * PASS when the setting's value is {@code expected}, else FAIL. Booleans compare as Go parses
   * them ({@code 0}, {@code f}, {@code false} are all false); other values compare exactly.
   */
  void expect(Setting setting, String expected);

  /** PASS when {@code compliant}, else FAIL; {@code expected} says what complies. */
  void check(boolean compliant, String expected, Fact... evidence);

  /** A compliant target. */
  void pass(String expected, Fact... evidence);

  /** A non-compliant target (for API objects: one call per offending object). */
  void fail(String expected, Fact... evidence);

  /** A target that needs a look: the evidence suggests, but does not decide, non-compliance. */
  void warn(String expected, Fact... evidence);

  /** The evidence does not decide; {@code reason} says what is missing. */
  void inconclusive(String reason, Fact... evidence);

  /** The control cannot apply to this target; {@code reason} says why. */
  void notApplicable(String reason, Fact... evidence);
}
