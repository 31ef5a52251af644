package dev.kcis.facts;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parameter values a rule runs with: one fact per rule and distinct set of values the selected
 * profile gives it (its {@code @params} defaults, overridden per control). A parameterised rule
 * matches the fact of its own id and reads the values from it, so one rule serves benchmarks that
 * differ only in a value:
 *
 * <pre>
 * $p : Parameters(rule == "kubelet-config-file-permissions")
 * $file : NodeFile(role == "kubelet-config", exists, !hasModeAtMost($p.mode("mode")))
 * </pre>
 *
 * <p>When two controls of a profile give one rule different values, the rule fires once per set
 * and each control gets the verdicts of its own. Reading a parameter the rule did not declare is an
 * error, so that a misspelt name cannot pass silently.
 */
public final class Parameters {

  private final String rule;
  private final String base;
  private final String variant;
  private final Map<String, String> values;

  /**
   * @param rule the rule these values are for
   * @param variant the values as one text ({@code mode=644}), distinct per set of values
   * @param values the values by parameter name, already checked against the declared types
   */
  public Parameters(String rule, String variant, Map<String, String> values) {
    this(rule, rule, variant, values);
  }

  /**
   * Values for a rule defined by a table entry over a base rule: the base rule matches
   * {@code Parameters(base == "<base rule>")} and judges once per entry, in the entry's name.
   *
   * @param rule the rule these values are for: the table entry's id
   * @param base the DRL rule that judges for it; {@code rule} itself for a rule of its own
   * @param variant the values as one text, distinct per set of values
   * @param values the entry's values and the parameter values, by name
   */
  public Parameters(String rule, String base, String variant, Map<String, String> values) {
    this.base = Objects.requireNonNull(base, "base");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.variant = Objects.requireNonNull(variant, "variant");
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public String getRule() {
    return rule;
  }

  /** The DRL rule that judges with these values: {@link #getRule()} unless it is a table entry. */
  public String getBase() {
    return base;
  }

  /** The values as one text, e.g. {@code mode=644}: tells sets of values apart. */
  public String getVariant() {
    return variant;
  }

  public Map<String, String> getValues() {
    return values;
  }

  /** A parameter's value as text. */
  public String text(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("rule \"" + rule + "\" reads parameter '" + name
          + "' that it does not declare in @params (declared: " + String.join(", ",
          values.keySet()) + ")");
    }
    return value;
  }

  /** A parameter of type {@code mode}, as {@link NodeFile#hasModeAtMost(String)} reads it. */
  public String mode(String name) {
    return text(name);
  }

  /** A parameter of type {@code int}. */
  public int intValue(String name) {
    return Integer.parseInt(text(name));
  }

  /** A parameter of type {@code bool}. */
  public boolean bool(String name) {
    return Boolean.parseBoolean(text(name));
  }

  /** A parameter of type {@code list}: its comma-separated elements, trimmed. */
  public List<String> list(String name) {
    String value = text(name);
    if (value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  @Override
  public String toString() {
    return "Parameters[" + rule + ": " + variant + "]";
  }
}
