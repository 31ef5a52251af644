package dev.kcis.fix.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A rule's {@code @fix} declaration, parsed: operations separated by {@code ;} (docs/fix.md).
 *
 * <pre>
 * container: /securityContext/allowPrivilegeEscalation=false   in each container the evidence names
 * pod: /automountServiceAccountToken=false                      in the pod spec of the workload
 * object: /metadata/labels/team=x                               at the object's root
 * ServiceAccount: /automountServiceAccountToken=false           at the root, for that kind only
 * setting: false                       the setting the evidence names, where its value came from
 * chmod: 600                           the mode of the file the evidence names
 * chown: root:root                     its owner
 * </pre>
 *
 * <p>Values are YAML flow values: {@code false}, {@code RuntimeDefault}, {@code [ALL]}.
 */
public record FixSpec(List<Op> ops) {

  private static final Pattern OBJECT_OP =
      Pattern.compile("(container|pod|object|[A-Z][A-Za-z]*):\\s*(/[^=]*)=(.+)");
  private static final Pattern NODE_OP = Pattern.compile("(setting|chmod|chown):\\s*(.+)");

  /** Where an operation applies. */
  public enum Anchor { CONTAINER, POD, OBJECT, SETTING, CHMOD, CHOWN }

  /**
   * One operation.
   *
   * @param anchor where it applies
   * @param kind for an {@code OBJECT} anchor named by a kind, that kind; else {@code null}
   * @param pointer the JSON pointer below the anchor (API objects), else empty
   * @param value the value to set (a mode or owner as text for chmod and chown)
   * @param text the operation as declared
   */
  public record Op(Anchor anchor, String kind, List<String> pointer, Object value, String text) {}

  public FixSpec {
    ops = List.copyOf(ops);
  }

  /** Parses a declaration; a malformed one throws with what is wrong. */
  public static FixSpec parse(String declaration) {
    List<Op> ops = new ArrayList<>();
    for (String part : declaration.split(";")) {
      String text = part.trim();
      if (text.isEmpty()) {
        continue;
      }
      Matcher m = OBJECT_OP.matcher(text);
      if (m.matches()) {
        String anchorText = m.group(1);
        Anchor anchor = switch (anchorText) {
          case "container" -> Anchor.CONTAINER;
          case "pod" -> Anchor.POD;
          default -> Anchor.OBJECT;
        };
        String kind = Character.isUpperCase(anchorText.charAt(0)) ? anchorText : null;
        ops.add(new Op(anchor, kind, Pointers.parse(m.group(2).trim()), value(m.group(3), text),
            text));
        continue;
      }
      Matcher n = NODE_OP.matcher(text);
      if (n.matches()) {
        Anchor anchor = Anchor.valueOf(n.group(1).toUpperCase(java.util.Locale.ROOT));
        String v = n.group(2).trim();
        if (anchor == Anchor.CHMOD && !v.matches("[0-7]{3,4}|\\{mode\\}")) {
          throw new IllegalArgumentException("@fix '" + text + "': chmod takes an octal mode");
        }
        if (anchor == Anchor.CHOWN
            && !v.matches("[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?|\\{owner\\}")) {
          throw new IllegalArgumentException("@fix '" + text + "': chown takes user[:group]");
        }
        ops.add(new Op(anchor, null, List.of(), anchor == Anchor.SETTING ? value(v, text) : v,
            text));
        continue;
      }
      throw new IllegalArgumentException("@fix '" + text + "': expected 'container|pod|object|"
          + "<Kind>: /json/pointer=value', 'setting: value', 'chmod: mode' or 'chown: owner'");
    }
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("@fix is empty");
    }
    return new FixSpec(ops);
  }

  private static Object value(String text, String op) {
    try {
      return new Yaml(new LoaderOptions()).load(text.trim());
    } catch (YAMLException e) {
      throw new IllegalArgumentException("@fix '" + op + "': the value is not YAML: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
