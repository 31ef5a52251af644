package dev.kcis.engine.internal;

import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.ProfileException;
import dev.kcis.engine.RuleParameter;
import dev.kcis.facts.Parameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameter values each rule runs with under a profile. A rule without {@code @params} runs
 * once (variant {@code null}); a parameterised rule runs once per distinct set of values the
 * profile's controls give it, each set inserted as a {@link Parameters} fact, and each control gets
 * the verdicts of its own set. Checked when the engine is built: a control that sets a parameter
 * none of its rules declares, or a value of the wrong type, is a profile error.
 */
final class RuleVariants {

  private final Map<String, Set<String>> byRule;
  private final Map<String, String> byControlAndRule;
  private final List<Parameters> facts;

  private RuleVariants(Map<String, Set<String>> byRule, Map<String, String> byControlAndRule,
      List<Parameters> facts) {
    this.byRule = byRule;
    this.byControlAndRule = byControlAndRule;
    this.facts = facts;
  }

  /**
   * A parameter a control sets (or a value it gives) that does not fit the control's rules.
   *
   * @param control the control's id
   * @param parameter the parameter's name
   * @param detail what is wrong, e.g. {@code parameter 'alowed' is declared by none of its rules
   *     (...)}, with "did you mean" for a near miss
   * @param message the problem as one line naming the profile and the control
   */
  record Problem(String control, String parameter, String detail, String message) {}

  /**
   * The variants of every rule the profile uses.
   *
   * @throws ProfileException when a control's parameters do not fit its rules (the first of
   *     {@link #problems})
   */
  static RuleVariants of(Profile profile, Map<String, RuleInfo> rules) {
    List<Problem> problems = problems(profile, rules);
    if (!problems.isEmpty()) {
      throw new ProfileException(problems.get(0).message());
    }
    Map<String, Set<String>> byRule = new HashMap<>();
    Map<String, String> byControlAndRule = new HashMap<>();
    Map<String, Parameters> facts = new LinkedHashMap<>();
    for (Control control : profile.controls()) {
      for (String ruleId : control.rules()) {
        RuleInfo rule = rules.get(ruleId);
        if (rule == null || (rule.params().isEmpty() && rule.base() == null)) {
          byRule.computeIfAbsent(ruleId, k -> new LinkedHashSet<>()).add(null);
          continue;
        }
        // A table entry's own values first; its parameters (set per control) after them.
        Map<String, String> values = new LinkedHashMap<>(rule.values());
        for (RuleParameter p : rule.params()) {
          values.put(p.name(), p.normalise(control.params().getOrDefault(p.name(),
              p.defaultValue())));
        }
        String variant = variantText(values);
        byRule.computeIfAbsent(ruleId, k -> new LinkedHashSet<>()).add(variant);
        byControlAndRule.put(control.id() + "\n" + ruleId, variant);
        facts.putIfAbsent(ruleId + "\n" + variant, new Parameters(ruleId, rule.drlRule(), variant,
            values));
      }
    }
    return new RuleVariants(byRule, byControlAndRule, List.copyOf(facts.values()));
  }

  /**
   * Every parameter of the profile's controls that does not fit their rules: a name none of a
   * control's rules declares, or a value of the wrong type, in the order of the controls.
   */
  static List<Problem> problems(Profile profile, Map<String, RuleInfo> rules) {
    List<Problem> problems = new ArrayList<>();
    for (Control control : profile.controls()) {
      String where = profile.id() + ": control " + control.id() + ": ";
      for (String name : control.params().keySet()) {
        boolean declared = control.rules().stream().map(rules::get)
            .anyMatch(r -> r != null && r.param(name) != null);
        if (!declared) {
          List<String> names = declaredBy(control, rules);
          String near = PackSemantics.nearest(name, names);
          String detail = "parameter '" + name + "' is declared by none of its rules ("
              + (near == null ? "" : "did you mean " + near + "? ")
              + String.join(", ", control.rules()) + "; they declare: "
              + (names.isEmpty() ? "nothing" : String.join(", ", names)) + ")";
          problems.add(new Problem(control.id(), name, detail, where + detail));
        }
      }
      for (String ruleId : control.rules()) {
        RuleInfo rule = rules.get(ruleId);
        if (rule == null) {
          continue;
        }
        for (RuleParameter p : rule.params()) {
          String problem = p.problemWith(control.params().getOrDefault(p.name(),
              p.defaultValue()));
          if (problem != null) {
            String detail = "rule " + ruleId + ": " + problem;
            problems.add(new Problem(control.id(), p.name(), detail, where + detail));
          }
        }
      }
    }
    return problems;
  }

  /** The variants a rule runs as: {@code [null]} for a rule without parameters. */
  Set<String> of(String ruleId) {
    Set<String> variants = byRule.get(ruleId);
    return variants == null ? Collections.singleton(null) : variants;
  }

  /** The variant whose verdicts a control gets from one of its rules. */
  String of(String controlId, String ruleId) {
    return byControlAndRule.get(controlId + "\n" + ruleId);
  }

  /** The values a control gives one of its rules, or none for a rule without parameters. */
  Map<String, String> values(String controlId, String ruleId) {
    String variant = of(controlId, ruleId);
    if (variant == null) {
      return Map.of();
    }
    return facts.stream().filter(p -> p.getRule().equals(ruleId)
        && p.getVariant().equals(variant)).findFirst().map(Parameters::getValues).orElse(Map.of());
  }

  /** The parameter facts to insert: one per parameterised rule and variant. */
  List<Parameters> facts() {
    return facts;
  }

  static String variantText(Map<String, String> values) {
    List<String> parts = new ArrayList<>();
    values.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }

  private static List<String> declaredBy(Control control, Map<String, RuleInfo> rules) {
    List<String> names = new ArrayList<>();
    for (String ruleId : control.rules()) {
      RuleInfo rule = rules.get(ruleId);
      if (rule != null) {
        rule.params().forEach(p -> names.add(p.name()));
      }
    }
    return names;
  }
}
