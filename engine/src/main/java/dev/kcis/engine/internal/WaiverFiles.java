package dev.kcis.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.internal.LocatedTree;
import dev.kcis.bundle.internal.TreeLoader;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.SafeText;
import dev.kcis.engine.Waiver;
import dev.kcis.engine.WaiverException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads waiver files ({@code kind: Waivers}) with the bounded reader and YAML loader the profiles
 * use: every problem is one line with the file, {@code line:column} and YAML path.
 */
public final class WaiverFiles {

  private static final Set<String> TOP = Set.of("apiVersion", "kind", "waivers");
  private static final Set<String> FIELDS = Set.of("control", "rule", "target", "reason", "owner",
      "expires", "ticket");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
      .withResolverStyle(ResolverStyle.STRICT);

  private WaiverFiles() {}

  /** A waiver and where each of its fields is written, for problems found later. */
  public record Located(Waiver waiver, String origin, String pointer, LocatedTree tree) {

    /** {@code FILE:LINE:COLUMN: waivers[i].field: message}. */
    public WaiverException problem(String field, String message) {
      return WaiverFiles.problem(tree, origin, pointer + "/" + field, message);
    }
  }

  public static List<Located> read(Path file) {
    String text;
    try {
      text = InputFiles.readText(file, InputFiles.RULE_FILE_LIMIT);
    } catch (IOException e) {
      throw new WaiverException(file + ": " + InputFiles.problem(e));
    }
    return parse(text, file.toString());
  }

  public static List<Located> parse(String text, String origin) {
    LocatedTree tree;
    try {
      tree = TreeLoader.load(text, origin);
    } catch (BundleException e) {
      throw new WaiverException(e.getMessage());
    }
    JsonNode root = tree.root();
    if (!root.isObject()) {
      throw problem(tree, origin, "", "expected a mapping with apiVersion: kcis.dev/v1, "
          + "kind: Waivers and waivers");
    }
    allowed(tree, origin, root, "", TOP);
    if (!"kcis.dev/v1".equals(root.path("apiVersion").asText(null))) {
      throw problem(tree, origin, root.has("apiVersion") ? "/apiVersion" : "",
          "expected apiVersion: kcis.dev/v1");
    }
    if (!"Waivers".equals(root.path("kind").asText(null))) {
      throw problem(tree, origin, root.has("kind") ? "/kind" : "", "expected kind: Waivers");
    }
    JsonNode list = root.get("waivers");
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw problem(tree, origin, "/waivers", "expected a list of waivers");
    }
    List<Located> waivers = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "/waivers/" + i;
      JsonNode entry = list.get(i);
      if (!entry.isObject()) {
        throw problem(tree, origin, at, "expected a waiver: control or rule, target, reason, "
            + "owner, expires");
      }
      allowed(tree, origin, entry, at, FIELDS);
      String control = text(tree, origin, entry, at, "control");
      String rule = text(tree, origin, entry, at, "rule");
      if (control == null && rule == null) {
        throw problem(tree, origin, at, "a waiver names the control or the rule it accepts");
      }
      String target = text(tree, origin, entry, at, "target");
      String reason = required(tree, origin, entry, at, "reason");
      String owner = required(tree, origin, entry, at, "owner");
      String expiresText = required(tree, origin, entry, at, "expires");
      LocalDate expires;
      try {
        expires = LocalDate.parse(expiresText, DATE);
      } catch (DateTimeParseException e) {
        throw problem(tree, origin, at + "/expires", "'" + expiresText
            + "' is not a date YYYY-MM-DD");
      }
      String ticket = text(tree, origin, entry, at, "ticket");
      String position = tree.positionOf(at);
      String line = position == null ? "" : ":" + position.split(":")[0];
      waivers.add(new Located(new Waiver(control, rule, target == null ? "**" : target, reason,
          owner, expires, ticket, origin + line), origin, at, tree));
    }
    return waivers;
  }

  private static void allowed(LocatedTree tree, String origin, JsonNode object, String at,
      Set<String> names) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!names.contains(name)) {
        throw problem(tree, origin, at + "/" + name, "unknown field '" + name
            + "' (expected one of " + String.join(", ", new java.util.TreeSet<>(names)) + ")");
      }
    }
  }

  private static String required(LocatedTree tree, String origin, JsonNode entry, String at,
      String field) {
    String value = text(tree, origin, entry, at, field);
    if (value == null) {
      throw problem(tree, origin, at, "missing '" + field + "': a waiver says "
          + (field.equals("expires") ? "until when (YYYY-MM-DD)"
              : field.equals("owner") ? "who accepted the risk" : "why the risk is accepted"));
    }
    return value;
  }

  /** A text field, trimmed; {@code null} when absent, null or blank. */
  private static String text(LocatedTree tree, String origin, JsonNode entry, String at,
      String field) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw problem(tree, origin, at + "/" + field, "expected text");
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }

  static WaiverException problem(LocatedTree tree, String origin, String pointer,
      String message) {
    String position = tree.positionOf(pointer);
    String yamlPath = pointer.isEmpty() ? "(root)" : pointer.substring(1).replace('/', '.')
        .replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
    return new WaiverException(SafeText.printable(origin + (position == null
        || position.isEmpty() ? "" : ":" + position) + ": " + yamlPath + ": " + message));
  }
}
