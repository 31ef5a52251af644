package dev.kcis.bundle.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.SafeText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Turns a located tree into a {@link FactBundle}, strictly: unknown fields, wrong types and wrong
 * versions are reported with the file, the {@code line:column} and the JSON pointer.
 */
final class BundleDecoder {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> COMPONENTS = Set.of("kube-apiserver", "kube-controller-manager",
      "kube-scheduler", "etcd", "kubelet", "kube-proxy");
  private static final Set<String> SETTING_SOURCES =
      Set.of("flag", "config-file", "configz", "env", "default");

  private final LocatedTree tree;
  private final String origin;

  private BundleDecoder(LocatedTree tree, String origin) {
    this.tree = tree;
    this.origin = origin;
  }

  static FactBundle decode(LocatedTree tree, String origin) {
    return new BundleDecoder(tree, origin).bundle();
  }

  private FactBundle bundle() {
    JsonNode root = tree.root();
    object(root, "");
    fields(root, "", Set.of("apiVersion", "kind", "metadata", "cluster", "nodes", "objects",
        "objectLocations", "inventory", "errors", "notes"));
    String apiVersion = requiredText(root, "", "apiVersion");
    if (!FactBundle.API_VERSION.equals(apiVersion)) {
      throw problem("/apiVersion", "unsupported apiVersion '" + apiVersion + "' (this kcis reads "
          + FactBundle.API_VERSION + ")");
    }
    String kind = requiredText(root, "", "kind");
    if (!FactBundle.KIND.equals(kind)) {
      throw problem("/kind", "kind is '" + kind + "', expected '" + FactBundle.KIND + "'");
    }
    return new FactBundle(origin,
        metadata(root.get("metadata"), "/metadata"),
        cluster(root.get("cluster"), "/cluster"),
        list(root.get("nodes"), "/nodes", this::node),
        list(root.get("objects"), "/objects", this::apiObject),
        stringMap(root.get("objectLocations"), "/objectLocations"),
        list(root.get("inventory"), "/inventory", this::inventoryEntry),
        list(root.get("errors"), "/errors", this::issue),
        list(root.get("notes"), "/notes", this::note));
  }

  private FactBundle.Metadata metadata(JsonNode node, String at) {
    if (absent(node)) {
      return new FactBundle.Metadata(null, null);
    }
    object(node, at);
    fields(node, at, Set.of("collector", "collectedAt"));
    FactBundle.Collector collector = null;
    JsonNode c = node.get("collector");
    if (!absent(c)) {
      String cat = at + "/collector";
      object(c, cat);
      fields(c, cat, Set.of("name", "version"));
      collector = new FactBundle.Collector(text(c, cat, "name"), text(c, cat, "version"));
    }
    Instant collectedAt = null;
    String when = text(node, at, "collectedAt");
    if (when != null) {
      try {
        collectedAt = Instant.parse(when);
      } catch (DateTimeParseException e) {
        throw problem(at + "/collectedAt", "not an RFC 3339 UTC time: '" + when + "'");
      }
    }
    return new FactBundle.Metadata(collector, collectedAt);
  }

  private FactBundle.Cluster cluster(JsonNode node, String at) {
    if (absent(node)) {
      return null;
    }
    object(node, at);
    fields(node, at, Set.of("name", "kubernetesVersion", "platform", "platformEvidence"));
    return new FactBundle.Cluster(text(node, at, "name"), text(node, at, "kubernetesVersion"),
        text(node, at, "platform"), strings(node.get("platformEvidence"), at + "/platformEvidence"));
  }

  private FactBundle.Node node(JsonNode node, String at) {
    object(node, at);
    fields(node, at, Set.of("name", "roles", "components", "files", "errors"));
    return new FactBundle.Node(requiredText(node, at, "name"),
        strings(node.get("roles"), at + "/roles"),
        list(node.get("components"), at + "/components", this::component),
        list(node.get("files"), at + "/files", this::fileStat),
        list(node.get("errors"), at + "/errors", this::issue));
  }

  private FactBundle.Component component(JsonNode node, String at) {
    object(node, at);
    fields(node, at, Set.of("kind", "source", "args", "env", "configFiles", "effective"));
    String kind = requiredText(node, at, "kind");
    if (!COMPONENTS.contains(kind)) {
      throw problem(at + "/kind", "unknown component '" + kind + "' (expected one of "
          + String.join(", ", new java.util.TreeSet<>(COMPONENTS)) + ")");
    }
    JsonNode source = node.get("source");
    String sat = at + "/source";
    if (absent(source)) {
      throw problem(sat, "missing required field 'source'");
    }
    object(source, sat);
    fields(source, sat, Set.of("type", "path", "pointer", "lines"));
    Map<String, FactBundle.EffectiveValue> effective = new LinkedHashMap<>();
    JsonNode eff = node.get("effective");
    if (!absent(eff)) {
      object(eff, at + "/effective");
      for (Iterator<Map.Entry<String, JsonNode>> it = eff.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        effective.put(e.getKey(), effectiveValue(e.getValue(),
            at + "/effective/" + TreeLoader.escape(e.getKey())));
      }
    }
    // Held to the collectors' rule even when written by hand: credentials are redacted on read.
    return Redactor.redact(new FactBundle.Component(kind,
        new FactBundle.Source(requiredText(source, sat, "type"), text(source, sat, "path"),
            text(source, sat, "pointer"), lines(source.get("lines"), sat + "/lines")),
        strings(node.get("args"), at + "/args"),
        stringMap(node.get("env"), at + "/env"),
        list(node.get("configFiles"), at + "/configFiles", this::configFile),
        effective));
  }

  private FactBundle.EffectiveValue effectiveValue(JsonNode node, String at) {
    object(node, at);
    fields(node, at, Set.of("value", "source", "location"));
    String source = requiredText(node, at, "source");
    if (!SETTING_SOURCES.contains(source)) {
      throw problem(at + "/source", "unknown setting source '" + source + "' (expected one of "
          + String.join(", ", new java.util.TreeSet<>(SETTING_SOURCES)) + ")");
    }
    JsonNode value = node.get("value");
    String text;
    if (absent(value)) {
      text = null;
    } else if (value.isValueNode()) {
      text = value.asText();
    } else if (value.isArray()) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        if (!value.get(i).isValueNode() || value.get(i).isNull()) {
          throw problem(at + "/value/" + i, "expected a scalar, found " + describe(value.get(i)));
        }
        items.add(value.get(i).asText());
      }
      text = String.join(",", items);
    } else {
      throw problem(at + "/value", "expected a scalar or a list of scalars, found an object");
    }
    return new FactBundle.EffectiveValue(text, source, text(node, at, "location"));
  }

  private FactBundle.ConfigFile configFile(JsonNode node, String at) {
    object(node, at);
    fields(node, at, Set.of("flag", "path", "content"));
    JsonNode content = node.get("content");
    return new FactBundle.ConfigFile(text(node, at, "flag"), requiredText(node, at, "path"),
        absent(content) ? null : MAPPER.convertValue(content, Object.class));
  }

  private FactBundle.FileStat fileStat(JsonNode node, String at) {
    object(node, at);
    fields(node, at, Set.of("path", "role", "component", "via", "missing", "type", "mode", "uid",
        "gid", "owner", "group"));
    boolean missing = bool(node, at, "missing");
    Integer mode = null;
    String modeText = text(node, at, "mode");
    if (modeText != null) {
      if (!modeText.matches("0?[0-7]{3,4}")) {
        throw problem(at + "/mode", "mode must be octal text such as \"0600\", found '" + modeText
            + "'");
      }
      mode = Integer.parseInt(modeText, 8);
    } else if (!missing) {
      throw problem(at, "a file that is not missing needs a mode");
    }
    return new FactBundle.FileStat(requiredText(node, at, "path"), text(node, at, "role"),
        text(node, at, "component"), text(node, at, "via"), missing, text(node, at, "type"), mode,
        integer(node, at, "uid"), integer(node, at, "gid"), text(node, at, "owner"),
        text(node, at, "group"));
  }

  private FactBundle.Issue issue(JsonNode node, String at) {
    object(node, at);
    fields(node, at, Set.of("item", "message", "component", "kind"));
    return new FactBundle.Issue(requiredText(node, at, "item"), requiredText(node, at, "message"),
        text(node, at, "component"), text(node, at, "kind"));
  }

  private FactBundle.Note note(JsonNode node, String at) {
    object(node, at);
    fields(node, at, Set.of("item", "message"));
    return new FactBundle.Note(requiredText(node, at, "item"), requiredText(node, at, "message"));
  }

  private FactBundle.InventoryEntry inventoryEntry(JsonNode node, String at) {
    object(node, at);
    fields(node, at, Set.of("kind", "count"));
    Long count = integer(node, at, "count");
    return new FactBundle.InventoryEntry(requiredText(node, at, "kind"),
        count == null ? 0 : count.intValue());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> apiObject(JsonNode node, String at) {
    Map<String, Object> object;
    JsonNode checked = node;
    if (node instanceof POJONode pojo && pojo.getPojo() instanceof Map<?, ?> read) {
      // Read straight into maps and kept (TreeLoader.loadBundleJson): the fields judged below
      // as nodes.
      object = (Map<String, Object>) read;
      checked = requiredFields(object);
    } else {
      object(node, at);
      object = keptObject(MAPPER.convertValue(node, LinkedHashMap.class));
    }
    requiredText(checked, at, "kind");
    requiredText(checked, at, "apiVersion");
    JsonNode metadata = checked.get("metadata");
    if (absent(metadata)) {
      throw problem(at, "missing required field 'metadata'");
    }
    object(metadata, at + "/metadata");
    requiredText(metadata, at + "/metadata", "name");
    text(metadata, at + "/metadata", "namespace");
    return object;
  }

  /** An API object as a bundle holds it: scrubbed of what a bundle never holds, and frozen. */
  static Map<String, Object> keptObject(Map<String, Object> read) {
    return FrozenValues.freezeMap(ObjectScrubber.scrub(read));
  }

  /** The fields of an API object that a bundle requires, as nodes, to be judged as nodes are. */
  private static JsonNode requiredFields(Map<String, Object> object) {
    ObjectNode fields = MAPPER.createObjectNode();
    for (String field : List.of("kind", "apiVersion")) {
      if (object.containsKey(field)) {
        fields.set(field, node(object.get(field)));
      }
    }
    Object metadata = object.get("metadata");
    if (metadata instanceof Map<?, ?> map) {
      ObjectNode checkedMetadata = fields.putObject("metadata");
      for (String field : List.of("name", "namespace")) {
        if (map.containsKey(field)) {
          checkedMetadata.set(field, node(map.get(field)));
        }
      }
    } else if (object.containsKey("metadata")) {
      fields.set("metadata", node(metadata));
    }
    return fields;
  }

  /** A value read into plain Java as the node it was, for messages (containers left empty). */
  private static JsonNode node(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof String text) {
      return nodes.textNode(text);
    } else if (value instanceof Long number) {
      return nodes.numberNode(number);
    } else if (value instanceof BigInteger number) {
      return nodes.numberNode(number);
    } else if (value instanceof BigDecimal number) {
      return nodes.numberNode(number);
    } else if (value instanceof Boolean bool) {
      return nodes.booleanNode(bool);
    } else if (value instanceof Map<?, ?>) {
      return nodes.objectNode();
    } else if (value instanceof List<?>) {
      return nodes.arrayNode();
    }
    return nodes.nullNode();
  }

  // ---- typed access with located errors ----

  private <T> List<T> list(JsonNode node, String at, BiFunction<JsonNode, String, T> item) {
    List<T> out = new ArrayList<>();
    if (absent(node)) {
      return out;
    }
    if (!node.isArray()) {
      throw problem(at, "expected a list, found " + describe(node));
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(item.apply(node.get(i), at + "/" + i));
    }
    return out;
  }

  private List<Integer> lines(JsonNode node, String at) {
    return list(node, at, (n, a) -> {
      if (n.isNull()) {
        return null;
      }
      if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
        throw problem(a, "expected a line number (1 or more) or null, found " + describe(n));
      }
      return n.asInt();
    });
  }

  private List<String> strings(JsonNode node, String at) {
    return list(node, at, (n, a) -> {
      if (!n.isTextual()) {
        throw problem(a, "expected a string, found " + describe(n));
      }
      return n.asText();
    });
  }

  private Map<String, String> stringMap(JsonNode node, String at) {
    Map<String, String> out = new LinkedHashMap<>();
    if (absent(node)) {
      return out;
    }
    object(node, at);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String a = at + "/" + TreeLoader.escape(e.getKey());
      if (!e.getValue().isTextual()) {
        throw problem(a, "expected a string, found " + describe(e.getValue()));
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private void object(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw problem(at, "expected an object, found " + describe(node));
    }
  }

  private void fields(JsonNode node, String at, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw problem(at + "/" + TreeLoader.escape(name), "unknown field '" + name
            + "' (expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  private String requiredText(JsonNode node, String at, String field) {
    String value = text(node, at, field);
    if (value == null) {
      throw problem(at, "missing required field '" + field + "'");
    }
    return value;
  }

  private String text(JsonNode node, String at, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return null;
    }
    if (!value.isTextual()) {
      throw problem(at + "/" + field, "expected a string, found " + describe(value));
    }
    return value.asText();
  }

  private boolean bool(JsonNode node, String at, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return false;
    }
    if (!value.isBoolean()) {
      throw problem(at + "/" + field, "expected true or false, found " + describe(value));
    }
    return value.asBoolean();
  }

  private Long integer(JsonNode node, String at, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw problem(at + "/" + field, "expected a non-negative integer, found " + describe(value));
    }
    return value.asLong();
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull();
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      String text = node.asText();
      // One line, and nothing that drives a terminal: the value is the input's (fuzzing found it).
      return "the string \"" + SafeText.printable(text.length() > 40 ? text.substring(0, 40)
          + "..." : text) + "\"";
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    return "the number " + node.asText();
  }

  private BundleException problem(String pointer, String message) {
    String position = tree.positionOf(pointer);
    String place = position == null || position.isEmpty() ? "" : position;
    // One line whatever the bundle's keys hold: a field name may carry line breaks (found by
    // fuzzing), shown escaped.
    String text = SafeText.escapeControls(TreeLoader.pointer(pointer) + ": " + message)
        .replace("\n", "\\u000a").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    return new BundleException(origin, place, text);
  }
}
