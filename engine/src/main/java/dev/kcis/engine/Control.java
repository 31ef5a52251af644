package dev.kcis.engine;

import java.util.List;
import java.util.Map;

/**
 * A recommendation of a benchmark profile and the rules that decide it.
 *
 * @param id the recommendation's number in the profile, e.g. {@code 4.2.1}
 * @param title its title
 * @param section the subsection it belongs to, e.g. {@code 4.2}
 * @param assessment what the benchmark says: {@code Automated} or {@code Manual}
 * @param level the CIS profile level (1 or 2), or 0 when unknown
 * @param rules the rule ids that judge it (rules that decide from evidence, or review rules that
 *     report MANUAL with a hint); empty when only {@code review} applies
 * @param review what a person should review: for a control without rules, the review itself; for
 *     a control with manual rules, the procedure on the profile's platform, replacing theirs
 * @param disabledRules rules a profile disabled for this control (it is then reviewed by hand)
 * @param params parameter values for its rules, by name (a rule's {@code @params} defaults apply
 *     to the parameters not set here)
 * @param remediation how to comply on the profile's platform, replacing the remediation of its
 *     rules; {@code null} to use theirs
 * @param notApplicable why the recommendation cannot apply on the profile's platform (k3s runs the
 *     control plane in one process: there are no pod specification files), or {@code null}; the
 *     control is then NOT_APPLICABLE with this reason and has no rules
 * @param exemptions exceptions the recommendation itself grants, by platform ({@code eks},
 *     {@code rke2}...), each with the reason: 4.2.7 does not apply where the cloud provider needs
 *     {@code --hostname-override}. On a cluster of that platform (or of the profile's own platform
 *     when the evidence names none) the control's results are NOT_APPLICABLE with the reason,
 *     unless the evaluation is strict ({@link ComplianceEngine.Builder#strict})
 */
public record Control(String id, String title, String section, String assessment, int level,
    List<String> rules, String review, List<String> disabledRules, Map<String, String> params,
    String remediation, String notApplicable, Map<String, String> exemptions) {

  public Control {
    rules = List.copyOf(rules);
    disabledRules = List.copyOf(disabledRules);
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    exemptions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(exemptions));
  }

  /** A control without platform exemptions. */
  public Control(String id, String title, String section, String assessment, int level,
      List<String> rules, String review, List<String> disabledRules, Map<String, String> params,
      String remediation, String notApplicable) {
    this(id, title, section, assessment, level, rules, review, disabledRules, params, remediation,
        notApplicable, Map.of());
  }

  /** A control with nothing disabled, no parameters and its rules' remediation. */
  public Control(String id, String title, String section, String assessment, int level,
      List<String> rules, String review) {
    this(id, title, section, assessment, level, rules, review, List.of());
  }

  /** A control without parameters, with its rules' remediation. */
  public Control(String id, String title, String section, String assessment, int level,
      List<String> rules, String review, List<String> disabledRules) {
    this(id, title, section, assessment, level, rules, review, disabledRules, Map.of(), null);
  }

  /** A control that applies, with parameters and the profile's remediation. */
  public Control(String id, String title, String section, String assessment, int level,
      List<String> rules, String review, List<String> disabledRules, Map<String, String> params,
      String remediation) {
    this(id, title, section, assessment, level, rules, review, disabledRules, params, remediation,
        null);
  }
}
