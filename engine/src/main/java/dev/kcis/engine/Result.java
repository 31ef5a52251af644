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
 * @param fix the change that makes it comply, when one has been computed (docs/fix.md); else
 *     {@code null}
 */
public record Result(String control, String title, Status status, String target, String rule,
    String message, Evidence evidence, String remediation, List<Mapping> mappings, Fix fix) {

  public Result {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(target, "target");
    mappings = List.copyOf(mappings);
  }

  /** A result without a computed fix. */
  public Result(String control, String title, Status status, String target, String rule,
      String message, Evidence evidence, String remediation, List<Mapping> mappings) {
    this(control, title, status, target, rule, message, evidence, remediation, mappings, null);
  }

  /** This result with {@code fix} attached. */
  public Result withFix(Fix fix) {
    return new Result(control, title, status, target, rule, message, evidence, remediation,
        mappings, fix);
  }
}
