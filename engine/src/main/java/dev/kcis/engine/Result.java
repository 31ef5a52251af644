package dev.kcis.engine;

import java.util.List;
import java.util.Objects;

/**
 * One verdict of one control for one target.
 *
 * @param control the control id in the selected profile, e.g. {@code 1.2.1}
 * @param title the control's title
 * @param status the verdict
 * @param target what was judged: {@code node/cp-1/kube-apiserver},
 *     {@code ClusterRoleBinding/ops-admin}, {@code cluster}
 * @param rule the rule that judged it, or {@code null} for a control no rule implements
 * @param message a one-line statement: the weakness found, why the result is inconclusive, or what
 *     to review; {@code null} for a pass
 * @param evidence what was expected and observed
 * @param remediation how to comply
 * @param mappings the control's mappings to other frameworks
 * @param waived for a {@link Status#WAIVED} result, the waiver that accepted it and the status
 *     the evidence gave; {@code null} otherwise
 * @param fix the change that makes it comply, when one has been computed (docs/fix.md); else
 *     {@code null}
 */
public record Result(String control, String title, Status status, String target, String rule,
    String message, Evidence evidence, String remediation, List<Mapping> mappings,
    Waived waived, Fix fix) {

  public Result {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(target, "target");
    mappings = List.copyOf(mappings);
    if ((status == Status.WAIVED) != (waived != null)) {
      throw new IllegalArgumentException("a WAIVED result, and only one, names its waiver");
    }
  }

  /** A result no waiver accepted, without a computed fix. */
  public Result(String control, String title, Status status, String target, String rule,
      String message, Evidence evidence, String remediation, List<Mapping> mappings) {
    this(control, title, status, target, rule, message, evidence, remediation, mappings, null,
        null);
  }

  /** This result accepted by {@code waiver}: WAIVED, keeping its message and evidence. */
  public Result waive(Waiver waiver) {
    return new Result(control, title, Status.WAIVED, target, rule, message, evidence, remediation,
        mappings, new Waived(waiver, status), fix);
  }

  /**
   * Why a result is WAIVED.
   *
   * @param waiver the waiver that accepted it
   * @param status what the evidence gave: FAIL, WARN or INCONCLUSIVE
   */
  public record Waived(Waiver waiver, Status status) {

    public Waived {
      Objects.requireNonNull(waiver, "waiver");
      Objects.requireNonNull(status, "status");
    }
  }

  /** This result with {@code fix} attached. */
  public Result withFix(Fix fix) {
    return new Result(control, title, status, target, rule, message, evidence, remediation,
        mappings, waived, fix);
  }
}
