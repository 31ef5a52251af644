package dev.kcis.engine;

import java.util.List;

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
 * @param review for a control without rules, what a person should review
 * @param disabledRules rules a profile disabled for this control (it is then reviewed by hand)
 */
public record Control(String id, String title, String section, String assessment, int level,
    List<String> rules, String review, List<String> disabledRules) {

  public Control {
    rules = List.copyOf(rules);
    disabledRules = List.copyOf(disabledRules);
  }

  /** A control with nothing disabled. */
  public Control(String id, String title, String section, String assessment, int level,
      List<String> rules, String review) {
    this(id, title, section, assessment, level, rules, review, List.of());
  }
}
