package dev.kcis.bundle.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcis.bundle.BundleException;
import dev.kcis.core.internal.SafeText;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses JSON or YAML into a tree with positions, within limits that make hostile input fail fast:
 * nesting depth, YAML aliases (billion laughs), document size, duplicate keys, and numbers out of
 * the range of {@link NumberLimits}, which are judged on their text before they are parsed.
 */
public final class TreeLoader {

  /** Deepest nesting accepted; real bundles stay under 30. */
  public static final int MAX_DEPTH = 64;
  /** Most YAML aliases to collections accepted in one document. */
  public static final int MAX_ALIASES = 50;
  /**
   * Largest YAML document accepted, in code points, unless the text is longer: its size was
   * bounded when it was read (the input limit), and it is in memory already.
   */
  public static final int MAX_YAML_CODE_POINTS = 128 * 1024 * 1024;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(NumberLimits.MAX_LITERAL).build())
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;


  private TreeLoader() {}

  /** Parses {@code text} as JSON when it starts with a brace or bracket, else as YAML. */
  public static LocatedTree load(String text, String origin) {
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      return loadJson(text, origin);
    }
    return loadYaml(text, origin);
  }

  /**
   * Parses JSON. A large bundle's positions would cost several times the tree (a pointer and a
   * position string per value: 700 MB for a 37 MB bundle), and they serve only error messages; so
   * the tree is read without them, and the text is parsed again with positions only when a problem
   * must be reported: at once when the fast read meets one, or when a position is asked for.
   */
  static LocatedTree loadJson(String text, String origin) {
    JsonNode root;
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      JsonToken first = parser.nextToken();
      root = first == null ? null : readFast(parser, new HashMap<>());
      if (root != null && parser.nextToken() != null) {
        root = null;
      }
    } catch (IOException | RuntimeException e) {
      root = null; // the located parse below reports it, with its place
    }
    if (root == null) {
      return loadJsonLocated(text, origin);
    }
    return new LocatedTree(root, new LazyPositions(() -> loadJsonLocated(text, origin)
        .positions()));
  }

  /**
   * Parses a bundle's JSON from its bytes (the caller checked they are UTF-8), as {@link #loadJson}
   * does its text, with one difference: each API object (the items of the top-level
   * {@code objects}, most of a cluster's bundle) is read straight into plain maps and lists, held
   * in the tree as a POJO node, so that no JSON tree of a large cluster is ever built. The values
   * are of the types Jackson's conversion of such a tree gives: {@code Long} or
   * {@code BigInteger}, {@code BigDecimal}, {@code String}, {@code Boolean}, null. Each object is
   * handed to {@code kept} as soon as it is read, and what that returns is held: the objects as
   * read are never all in memory at once.
   */
  public static LocatedTree loadBundleJson(byte[] bytes, int offset, String origin,
      UnaryOperator<Map<String, Object>> kept) {
    Supplier<String> text = () -> new String(bytes, offset, bytes.length - offset,
        java.nio.charset.StandardCharsets.UTF_8);
    JsonNode root;
    try (JsonParser parser = JSON.createParser(bytes, offset, bytes.length - offset)) {
      JsonToken first = parser.nextToken();
      Map<String, String> strings = new HashMap<>();
      root = first == null ? null : first == JsonToken.START_OBJECT
          ? readBundleFast(parser, strings, kept) : readFast(parser, strings);
      if (root != null && parser.nextToken() != null) {
        root = null;
      }
    } catch (IOException | RuntimeException e) {
      root = null; // the located parse below reports it, with its place
    }
    if (root == null) {
      return loadJsonLocated(text.get(), origin);
    }
    return new LocatedTree(root, new LazyPositions(() -> loadJsonLocated(text.get(), origin)
        .positions()));
  }

  @SuppressWarnings("unchecked")
  private static JsonNode readBundleFast(JsonParser parser, Map<String, String> strings,
      UnaryOperator<Map<String, Object>> kept) throws IOException {
    ObjectNode bundle = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      JsonNode value;
      if (name.equals("objects") && token == JsonToken.START_ARRAY) {
        ArrayNode objects = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          objects.add(parser.currentToken() == JsonToken.START_OBJECT
              ? NODES.pojoNode(kept.apply((Map<String, Object>) readPlain(parser, strings)))
              : readFast(parser, strings));
        }
        value = objects;
      } else {
        value = readFast(parser, strings);
      }
      if (bundle.replace(name, value) != null) {
        throw new Rejected(); // a duplicate key
      }
    }
    return bundle;
  }

  /** {@link #readFast} into plain Java values: maps and lists that the reader may still edit. */
  private static Object readPlain(JsonParser parser, Map<String, String> strings)
      throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        FrozenValues.ReadMap object = new FrozenValues.ReadMap();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (!object.putNew(name, readPlain(parser, strings))) {
            throw new Rejected(); // a duplicate key
          }
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new java.util.ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readPlain(parser, strings));
        }
        return array;
      }
      case VALUE_STRING -> {
        return text(parser, strings);
      }
      case VALUE_NUMBER_INT -> {
        return integer(parser);
      }
      case VALUE_NUMBER_FLOAT -> {
        return decimal(parser);
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new Rejected();
    }
  }

  /** Where a rejected value is: found only by the located parse. */
  private static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Rejected() {
      super(null, null, false, false);
    }
  }

  /**
   * The tree of the value at the parser's current token, without positions; the same checks as
   * {@link #readJsonValue}, which reports what they reject. Short strings repeat in a cluster's
   * objects (kinds, API groups, verbs, image names), so one copy of each is kept.
   */
  private static JsonNode readFast(JsonParser parser, Map<String, String> strings)
      throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (object.replace(name, readFast(parser, strings)) != null) {
            throw new Rejected(); // a duplicate key
          }
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readFast(parser, strings));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(text(parser, strings));
      }
      case VALUE_NUMBER_INT -> {
        Number value = integer(parser);
        return value instanceof BigInteger big ? NODES.numberNode(big)
            : NODES.numberNode(value.longValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(decimal(parser));
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new Rejected();
    }
  }

  /**
   * The string at the parser. Short strings repeat in a cluster's objects (kinds, API groups,
   * verbs, image names), so one copy of each is kept.
   */
  private static String text(JsonParser parser, Map<String, String> strings) throws IOException {
    String value = parser.getText();
    if (value.length() <= 64) {
      String known = strings.putIfAbsent(value, value);
      return known != null ? known : value;
    }
    return value;
  }

  /** The integer at the parser, a {@code Long} or {@code BigInteger}, if within NumberLimits. */
  private static Number integer(JsonParser parser) throws IOException {
    if (!NumberLimits.inRange(parser.getText())) {
      throw new Rejected();
    }
    return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        ? parser.getBigIntegerValue() : Long.valueOf(parser.getLongValue());
  }

  /** The decimal at the parser, if within NumberLimits. */
  private static BigDecimal decimal(JsonParser parser) throws IOException {
    if (!NumberLimits.inRange(parser.getText())) {
      throw new Rejected();
    }
    return parser.getDecimalValue();
  }

  /** Positions computed on first use, by a second, located parse of the text. */
  private static final class LazyPositions extends java.util.AbstractMap<String, String> {
    private Supplier<Map<String, String>> source;
    private Map<String, String> positions;

    LazyPositions(Supplier<Map<String, String>> source) {
      this.source = source;
    }

    private synchronized Map<String, String> positions() {
      if (positions == null) {
        positions = source.get();
        source = null;
      }
      return positions;
    }

    @Override
    public String get(Object key) {
      return positions().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return positions().containsKey(key);
    }

    @Override
    public java.util.Set<Map.Entry<String, String>> entrySet() {
      return positions().entrySet();
    }
  }

  private static LocatedTree loadJsonLocated(String text, String origin) {
    Map<String, String> positions = new HashMap<>();
    JsonParser parser = null;
    try {
      parser = JSON.createParser(new StringReader(text));
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new BundleException(origin, "", "the file is empty");
      }
      JsonNode root = readJsonValue(parser, "", positions, origin);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new BundleException(origin, position(parser.currentTokenLocation()),
            "unexpected content after the end of the document");
      }
      return new LocatedTree(root, positions);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation() != null ? e.getLocation()
          : parser != null ? parser.currentLocation() : null;
      // No cause: the parser's own message quotes the file, which may hold a credential.
      throw new BundleException(origin, position(at), "malformed JSON: " + oneLine(
          e.getOriginalMessage().replaceAll(" \\(\\d+, from `StreamReadConstraints[^`]*`\\)", "")));
    } catch (IOException e) {
      throw new BundleException(origin, "", "cannot read: " + e.getMessage(), e);
    } finally {
      if (parser != null) {
        try {
          parser.close();
        } catch (IOException ignored) {
          // reading a string: nothing to release
        }
      }
    }
  }

  private static JsonNode readJsonValue(JsonParser parser, String pointer,
      Map<String, String> positions, String origin) throws IOException {
    positions.put(pointer, position(parser.currentTokenLocation()));
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        // The parser reads a field's value with its name: a number too long fails here.
        while (next(parser, () -> pointer + "/" + escape(String.valueOf(
            parser.getParsingContext().getCurrentName())),
            origin) == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          String childPointer = pointer + "/" + escape(name);
          if (object.has(name)) {
            throw new BundleException(origin, position(parser.currentTokenLocation()),
                pointer(pointer) + ": duplicate key '" + name + "'");
          }
          next(parser, () -> childPointer, origin);
          object.set(name, readJsonValue(parser, childPointer, positions, origin));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        int index = 0;
        while (next(parser, pointerOf(pointer, index), origin) != JsonToken.END_ARRAY) {
          array.add(readJsonValue(parser, pointer + "/" + index++, positions, origin));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        checkRange(parser.getText(), pointer, position(parser.currentTokenLocation()), origin);
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? NODES.numberNode(parser.getBigIntegerValue())
            : NODES.numberNode(parser.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        checkRange(parser.getText(), pointer, position(parser.currentTokenLocation()), origin);
        return NODES.numberNode(parser.getDecimalValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new BundleException(origin, position(parser.currentTokenLocation()),
          "unexpected JSON token " + token);
    }
  }

  private static int codePointLimit(String text) {
    return Math.max(MAX_YAML_CODE_POINTS, text.length() + 1);
  }

  /**
   * The next token; a number too long to be in range is reported at {@code pointer}, the value
   * being read (the parser refuses it before {@link #checkRange} could see its text).
   */
  private static JsonToken next(JsonParser parser, Supplier<String> pointer, String origin)
      throws IOException {
    try {
      return parser.nextToken();
    } catch (StreamConstraintsException e) {
      if (!String.valueOf(e.getOriginalMessage()).startsWith("Number value length")) {
        throw e;
      }
      throw new BundleException(origin, position(e.getLocation() != null ? e.getLocation()
          : parser.currentLocation()), pointer(pointer.get()) + ": a number of more than "
          + NumberLimits.MAX_LITERAL + " characters is out of range (" + NumberLimits.RANGE + ")",
          e);
    }
  }

  private static Supplier<String> pointerOf(String array, int index) {
    return () -> array + "/" + index;
  }

  /** Refuses a number literal out of range before anything parses it. */
  private static void checkRange(String literal, String pointer, String place, String origin) {
    if (!NumberLimits.inRange(literal)) {
      throw new BundleException(origin, place, pointer(pointer) + ": the number "
          + NumberLimits.excerpt(literal) + " is out of range (" + NumberLimits.RANGE + ")");
    }
  }

  static LocatedTree loadYaml(String text, String origin) {
    guardYaml(text, origin);
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(codePointLimit(text));
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    Yaml yaml = new Yaml(options);
    Map<String, String> positions = new HashMap<>();
    try {
      Node document = null;
      int count = 0;
      for (Node node : yaml.composeAll(new StringReader(text))) {
        if (++count > 1) {
          throw new BundleException(origin, position(node.getStartMark()),
              "a bundle is one YAML document; found a second one");
        }
        document = node;
      }
      if (document == null) {
        throw new BundleException(origin, "", "the file is empty");
      }
      return new LocatedTree(toJson(document, "", positions, origin, 0), positions);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new BundleException(origin, position(mark), "malformed YAML: "
          + oneLine(e.getProblem())); // no cause: its message quotes the line
    } catch (YAMLException e) {
      throw new BundleException(origin, "", "YAML rejected: " + oneLine(e.getMessage()), e);
    }
  }

  /**
   * Walks the YAML events once before composing, to reject hostile input with its position:
   * too deep nesting, and too many aliases to collections (billion laughs). SnakeYAML enforces both
   * limits too, but without saying where.
   */
  private static void guardYaml(String text, String origin) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(codePointLimit(text));
    int depth = 0;
    int aliases = 0;
    java.util.Set<String> collectionAnchors = new java.util.HashSet<>();
    try {
      for (org.yaml.snakeyaml.events.Event event : new Yaml(options).parse(new StringReader(text))) {
        if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent start) {
          if (++depth > MAX_DEPTH) {
            throw new BundleException(origin, position(event.getStartMark()),
                "nesting deeper than " + MAX_DEPTH + " levels");
          }
          if (start.getAnchor() != null) {
            collectionAnchors.add(start.getAnchor());
          }
        } else if (event instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
          depth--;
        }
        if (event instanceof org.yaml.snakeyaml.events.ScalarEvent scalar) {
          checkTag(scalar.getTag(), event, origin);
        } else if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent start) {
          checkTag(start.getTag(), event, origin);
        }
        if (event instanceof org.yaml.snakeyaml.events.AliasEvent alias
            && collectionAnchors.contains(alias.getAnchor()) && ++aliases > MAX_ALIASES) {
          throw new BundleException(origin, position(event.getStartMark()),
              "more than " + MAX_ALIASES + " aliases to collections (an alias bomb?)");
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new BundleException(origin, position(mark), "malformed YAML: "
          + oneLine(e.getProblem())); // no cause: its message quotes the line
    } catch (YAMLException e) {
      throw new BundleException(origin, "", "YAML rejected: " + oneLine(e.getMessage()), e);
    }
  }

  /**
   * SnakeYAML's parser accepts tags its composer then refuses with an unchecked
   * IllegalArgumentException and no place (e.g. {@code !%f} at the end of the text decodes to a
   * space): refused here where the event says where. The tag itself is not echoed.
   */
  private static void checkTag(String tag, org.yaml.snakeyaml.events.Event event,
      String origin) {
    if (tag == null) {
      return;
    }
    try {
      new org.yaml.snakeyaml.nodes.Tag(tag);
    } catch (IllegalArgumentException e) {
      throw new BundleException(origin, position(event.getStartMark()),
          "malformed YAML: a tag SnakeYAML cannot use (" + oneLine(e.getMessage()) + ")");
    }
  }

  private static JsonNode toJson(Node node, String pointer, Map<String, String> positions,
      String origin, int depth) {
    if (depth > MAX_DEPTH) {
      throw new BundleException(origin, position(node.getStartMark()),
          "nesting deeper than " + MAX_DEPTH + " levels");
    }
    positions.put(pointer, position(node.getStartMark()));
    if (node instanceof MappingNode mapping) {
      ObjectNode object = NODES.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw new BundleException(origin, position(tuple.getKeyNode().getStartMark()),
              pointer(pointer) + ": keys must be plain strings");
        }
        String name = key.getValue();
        if (object.has(name)) {
          throw new BundleException(origin, position(key.getStartMark()),
              pointer(pointer) + ": duplicate key '" + name + "'");
        }
        object.set(name, toJson(tuple.getValueNode(), pointer + "/" + escape(name), positions,
            origin, depth + 1));
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode();
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(toJson(items.get(i), pointer + "/" + i, positions, origin, depth + 1));
      }
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    if (Tag.NULL.equals(tag)) {
      return NODES.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      return NODES.booleanNode(switch (value.toLowerCase()) {
        case "true", "yes", "on", "y" -> true;
        default -> false;
      });
    }
    // SnakeYAML leaves a very long plain number a string: it is still a number out of range.
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || (Tag.STR.equals(tag)
        && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
        && NumberLimits.isLongPlainNumber(value))) {
      checkRange(value, pointer, position(scalar.getStartMark()), origin);
    }
    if (Tag.INT.equals(tag)) {
      try {
        return NODES.numberNode(new BigInteger(value.replace("_", "")).longValueExact());
      } catch (ArithmeticException | NumberFormatException e) {
        return NODES.textNode(value); // octal, hex or beyond a long: keep the text as written
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return NODES.numberNode(new java.math.BigDecimal(value.replace("_", "")));
      } catch (NumberFormatException e) {
        return NODES.textNode(value);
      }
    }
    return NODES.textNode(value);
  }

  static String position(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return location.getLineNr() + ":" + location.getColumnNr();
  }

  static String position(Mark mark) {
    return mark == null ? "" : (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
  }

  static String pointer(String pointer) {
    return pointer.isEmpty() ? "/" : pointer;
  }

  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /** A parser's message in one line, without the file content it quotes. */
  private static String oneLine(String message) {
    return SafeText.parserProblem(message);
  }
}
