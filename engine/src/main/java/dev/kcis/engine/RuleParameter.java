package dev.kcis.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named, typed parameter a rule declares, so that profiles can reuse the rule where only a value
 * differs (EKS allows a kubelet kubeconfig of mode 644 where CIS asks for 600). A rule declares its
 * parameters with their defaults in one annotation; a profile sets them per control; the rule's
 * conditions read them from the {@link dev.kcis.facts.Parameters} fact the engine inserts:
 *
 * <pre>
 * rule "kubelet-kubeconfig-permissions"
 *     &#64;params("mode:mode=600 (the most permissive mode allowed)")
 * when
 *     $p : Parameters(rule == "kubelet-kubeconfig-permissions")
 *     $file : NodeFile(role == "kubelet-kubeconfig")
 * then
 *     verdict.check($file.hasModeAtMost($p.mode("mode")), "mode " + $p.mode("mode"), $file);
 * end
 * </pre>
 *
 * <p>In a profile: {@code - {id: "3.1.1", ..., rules: [kubelet-kubeconfig-permissions],
 * params: {mode: "644"}}}.
 *
 * @param name the parameter's name, e.g. {@code mode}
 * @param type its type: {@code text}, {@code int}, {@code bool}, {@code mode} (an octal file mode
 *     such as {@code 600}) or {@code list} (comma-separated text)
 * @param defaultValue its value when a profile sets none
 * @param description what it means, or {@code null}
 */
public record RuleParameter(String name, String type, String defaultValue, String description) {

  /** The types a parameter may have. */
  public static final List<String> TYPES = List.of("text", "int", "bool", "mode", "list");

  private static final Pattern DECLARATION = Pattern.compile(
      "([A-Za-z][A-Za-z0-9]*):([a-z]+)=([^\\s(]*)(?:\\s*\\((.*)\\))?");

  /**
   * Reads an {@code @params} annotation: declarations separated by {@code ;}, each
   * {@code name:type=default (description)}.
   *
   * @throws IllegalArgumentException naming the declaration that is malformed
   */
  public static List<RuleParameter> parseAll(String text) {
    List<RuleParameter> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(";")) {
      String declaration = part.trim();
      if (declaration.isEmpty()) {
        continue;
      }
      Matcher m = DECLARATION.matcher(declaration);
      if (!m.matches()) {
        throw new IllegalArgumentException("@params entry '" + declaration + "' is not "
            + "'name:type=default (description)', e.g. 'mode:mode=600 (the most permissive mode)'");
      }
      RuleParameter p = new RuleParameter(m.group(1), m.group(2), m.group(3),
          m.group(4) == null ? null : m.group(4).trim());
      if (!TYPES.contains(p.type())) {
        throw new IllegalArgumentException("@params entry '" + declaration + "': unknown type '"
            + p.type() + "' (known: " + String.join(", ", TYPES) + ")");
      }
      String problem = p.problemWith(p.defaultValue());
      if (problem != null) {
        throw new IllegalArgumentException("@params entry '" + declaration + "': default "
            + problem);
      }
      if (out.stream().anyMatch(o -> o.name().equals(p.name()))) {
        throw new IllegalArgumentException("@params declares '" + p.name() + "' twice");
      }
      out.add(p);
    }
    return out;
  }

  /** What is wrong with {@code value} for this parameter's type, or {@code null} when it fits. */
  public String problemWith(String value) {
    if (value == null) {
      return "'" + name + "' has no value";
    }
    return switch (type) {
      case "int" -> value.matches("-?\\d{1,9}") ? null
          : "'" + value + "' is not an integer (parameter " + name + ")";
      case "bool" -> value.equals("true") || value.equals("false") ? null
          : "'" + value + "' is not true or false (parameter " + name + ")";
      case "mode" -> value.matches("0?[0-7]{3}") ? null
          : "'" + value + "' is not an octal file mode such as 600 (parameter " + name + ")";
      default -> null;
    };
  }

  /** The value as the rule reads it: a mode without its leading 0, booleans in lower case. */
  public String normalise(String value) {
    return switch (type) {
      case "mode" -> value.length() == 4 ? value.substring(1) : value;
      case "bool" -> value.toLowerCase(Locale.ROOT);
      default -> value;
    };
  }

  /**
   * A rule's message or remediation with each {@code {name}} of a parameter replaced by its value,
   * e.g. {@code "chmod {mode} ..."} with {@code mode=644}; other braces are left as written.
   */
  public static String render(String text, java.util.Map<String, String> values) {
    if (text == null || values.isEmpty() || text.indexOf('{') < 0) {
      return text;
    }
    String out = text;
    for (java.util.Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  /** The declaration as written in {@code @params}. */
  @Override
  public String toString() {
    return name + ":" + type + "=" + defaultValue + (description == null ? ""
        : " (" + description + ")");
  }
}
