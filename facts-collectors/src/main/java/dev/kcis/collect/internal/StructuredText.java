package dev.kcis.collect.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.kcis.bundle.internal.NumberLimits;
import dev.kcis.bundle.internal.Redactor;
import dev.kcis.core.internal.SafeText;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses the YAML and JSON files kcis reads on a node (static pod manifests, component config
 * files) into plain JSON values, within limits that make hostile input fail fast.
 *
 * <p>Values come out as a bundle holds them: string-keyed maps, lists, strings, booleans, numbers
 * ({@code Long}, {@code BigInteger}, {@code BigDecimal}) and nulls. YAML timestamps stay the text
 * they were written as (Kubernetes reads them as strings), sets become lists, and {@code !!binary}
 * values are dropped as possible key material. A number out of the range of {@link NumberLimits}
 * ({@code 1e1900000000}) stays the text it was written as, and is noted: it is judged on its text
 * before anything parses it, so it costs neither time nor memory.
 */
final class StructuredText {

  static final int MAX_DEPTH = 64;
  static final int MAX_ALIASES = 50;

  /** Longest number literal read at all; a longer one makes the file malformed. */
  static final int MAX_NUMBER_LENGTH = 10_000;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(MAX_NUMBER_LENGTH).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // The reader is its caller's to close (it reads the rest of a file after a problem).
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .build();

  private StructuredText() {}

  /** A file that is not well-formed YAML or JSON. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Position position;

    MalformedException(String message) {
      this(message, null);
    }

    MalformedException(String message, Position position) {
      super(message);
      this.position = position;
    }

    /** Where the problem is, or {@code null} when the parser does not say. */
    Position position() {
      return position;
    }
  }

  /** A place in a text file, both counted from 1. */
  record Position(int line, int column) {}

  /**
   * One document of a file, with where it starts and, when it holds an {@code items} list at
   * its top (a Kubernetes {@code List}), where each item starts.
   */
  record LocatedDocument(Object value, Position position, List<Position> items) {}

  /**
   * Every document in {@code text}: JSON when the file name ends in {@code .json} or the text
   * starts with a brace, else a YAML stream of one or more documents. An empty document is
   * {@code null}, so that indexes stay those of the stream.
   */
  static List<Object> documents(String text, String fileName) throws MalformedException {
    return documents(text, fileName, new ArrayList<>());
  }

  /**
   * {@link #documents(String, String)}, adding to {@code notes} one line per number out of range
   * that was kept as its text: where it is ({@code key path (line L, column C)}) and why.
   */
  static List<Object> documents(String text, String fileName, List<String> notes)
      throws MalformedException {
    String trimmed = text.stripLeading();
    if (fileName.endsWith(".json") || trimmed.startsWith("{")) {
      try (JsonParser parser = JSON.createParser(text)) {
        if (parser.nextToken() == null) {
          throw new MalformedException("malformed JSON: the file is empty");
        }
        Object value = readJson(parser, "", notes);
        if (parser.nextToken() != null) {
          throw new MalformedException("malformed JSON: unexpected content after the value at line "
              + parser.currentTokenLocation().getLineNr() + ", column "
              + parser.currentTokenLocation().getColumnNr());
        }
        List<Object> documents = new ArrayList<>();
        documents.add(normalize(value)); // may be null
        return documents;
      } catch (JsonProcessingException e) {
        throw new MalformedException("malformed JSON: " + problem(e)
            + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() : ""));
      } catch (IOException e) {
        throw new MalformedException("malformed JSON: " + e.getMessage());
      }
    }
    LoaderOptions options = options();
    TextTimestamps constructor = new TextTimestamps(options);
    YamlStream stream = new YamlStream(text, options);
    List<Node> nodes = new ArrayList<>();
    try {
      for (Node node = stream.next(); node != null; node = stream.next()) {
        nodes.add(node);
      }
    } catch (MalformedException e) {
      Position at = e.position();
      throw new MalformedException(e.getMessage() + (at == null ? ""
          : " at line " + at.line() + ", column " + at.column()));
    }
    List<Object> documents = new ArrayList<>();
    for (int d = 0; d < nodes.size(); d++) {
      keepOutOfRangeAsText(nodes.get(d), nodes.size() > 1 ? "[" + d + "]" : "", notes);
      try {
        documents.add(normalize(stream.construct(constructor, nodes.get(d), d)));
      } catch (MalformedException e) {
        Position at = e.position();
        throw new MalformedException(e.getMessage() + (at == null ? ""
            : " at line " + at.line() + ", column " + at.column()));
      }
    }
    return documents;
  }

  /** The single document of a config file; an empty file is an empty map. */
  static Object document(String text, String fileName) throws MalformedException {
    return document(text, fileName, new ArrayList<>());
  }

  /**
   * {@link #document(String, String)}, adding to {@code notes} one line per number out of range
   * that was kept as its text.
   */
  static Object document(String text, String fileName, List<String> notes)
      throws MalformedException {
    List<Object> documents = new ArrayList<>(documents(text, fileName, notes));
    documents.removeIf(Objects::isNull);
    if (documents.size() > 1) {
      throw new MalformedException("holds " + documents.size() + " YAML documents, expected one");
    }
    return documents.isEmpty() ? new LinkedHashMap<String, Object>() : documents.get(0);
  }

  /**
   * Every non-empty document of a manifest file with its position: JSON (one value or several in
   * a row) when the file name ends in {@code .json} or the text starts with a brace, else a YAML
   * stream. Values are those {@link #documents} gives; errors carry their position when the
   * parser knows it.
   *
   * @param codePointLimit the largest YAML stream accepted, in code points
   */
  static List<LocatedDocument> locatedDocuments(String text, String fileName, int codePointLimit)
      throws MalformedException {
    List<LocatedDocument> documents = new ArrayList<>();
    locatedDocuments(new StringReader(text), fileName, codePointLimit,
        () -> YamlStream.SEPARATOR.matcher(text).find(), value -> { }, documents::add);
    return documents;
  }

  /** Takes the documents of a file one at a time, as they are read. */
  @FunctionalInterface
  interface DocumentSink {
    void accept(LocatedDocument document) throws MalformedException;
  }

  /**
   * The documents of {@code text}, read as it is parsed and handed to {@code sink} one at a time,
   * so that a large file is never held whole: only the document being read is, and of a
   * {@code kind: List} (what {@code kubectl get -o yaml} prints), one item's parse at a time.
   * Values and positions are those of {@link #locatedDocuments(String, String, int)}.
   *
   * @param severalDocuments whether the text holds a {@code ---} separator, asked only when a
   *     problem is reported (to name the document it is in)
   * @param trim given each value as soon as it is constructed (each item of a list, each
   *     document), to drop in place what will never be kept before the next is read
   * @throws ReadFailure when {@code text} fails to read (not UTF-8, over a limit, an I/O error)
   */
  static void locatedDocuments(Reader text, String fileName, int codePointLimit,
      BooleanSupplier severalDocuments, Consumer<Object> trim, DocumentSink sink)
      throws MalformedException {
    // The first character tells JSON from YAML; the blanks before it are given back.
    StringBuilder leading = new StringBuilder();
    int first;
    try {
      do {
        first = text.read();
        if (first >= 0) {
          leading.append((char) first);
        }
      } while (first >= 0 && Character.isWhitespace(first));
    } catch (IOException e) {
      throw new ReadFailure(e);
    }
    Reader reader = leading.isEmpty() ? text : new PrefixedReader(leading.toString(), text);
    if (fileName.endsWith(".json") || first == '{') {
      locatedJson(reader, trim, sink);
      return;
    }
    LoaderOptions options = options();
    options.setCodePointLimit(codePointLimit);
    TextTimestamps constructor = new TextTimestamps(options);
    YamlStream stream = new YamlStream(reader, options, severalDocuments, constructor, trim);
    int d = 0;
    for (Node node = stream.next(); node != null; node = stream.next(), d++) {
      keepOutOfRangeAsText(node, "", new ArrayList<>());
      Object value = normalize(stream.construct(constructor, node, d));
      if (value == null) {
        continue;
      }
      trim.accept(value);
      List<Position> items = new ArrayList<>();
      if (stream.itemValues != null && value instanceof Map<?, ?> map) {
        // The items were read one at a time, and left out of the document's node.
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        object.put("items", stream.itemValues);
        items.addAll(stream.itemPositions);
      } else if (node instanceof MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
          if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("items")
              && tuple.getValueNode() instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> items.add(position(item.getStartMark())));
          }
        }
      }
      sink.accept(new LocatedDocument(value, position(node.getStartMark()), items));
    }
  }

  /**
   * The text's reader failed under the parser: the file is not UTF-8, grew over its limit or
   * could not be read. Not a problem of the text's syntax.
   */
  static final class ReadFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /** Characters already read, then the rest of a reader. */
  private static final class PrefixedReader extends Reader {
    private final String prefix;
    private final Reader rest;
    private int next;

    PrefixedReader(String prefix, Reader rest) {
      this.prefix = prefix;
      this.rest = rest;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      if (next < prefix.length() && length > 0) {
        int n = Math.min(length, prefix.length() - next);
        prefix.getChars(next, next + n, buffer, offset);
        next += n;
        return n;
      }
      return rest.read(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
      rest.close();
    }
  }

  /**
   * A YAML stream composed one document at a time. A problem names its place even when SnakeYAML
   * gives none (nesting too deep, an alias bomb: the place the reader had reached), and, in a
   * stream of several documents, the document it is in, counted from 1, with its first line. A
   * scalar or collection left open until the next {@code ---} or the end is reported where it
   * opens, not where the parser gave up.
   */
  private static final class YamlStream {
    static final Pattern SEPARATOR = Pattern.compile("(?m)^---(?:[ \t]|$)");

    private final StreamReader reader;
    private final ParserImpl parser;
    private final Composer composer;
    private final BooleanSupplier severalDocuments;
    private final TextTimestamps itemConstructor;
    private final Consumer<Object> trim;
    private final List<Position> starts = new ArrayList<>();
    private Boolean several;
    private int index;
    private Position start;
    /** The values of the last document's top {@code items}, when they were read one by one. */
    List<Object> itemValues;
    /** Where each of them starts. */
    List<Position> itemPositions;

    YamlStream(String text, LoaderOptions options) {
      this(new StringReader(text), options, () -> SEPARATOR.matcher(text).find(), null, null);
    }

    /**
     * @param itemConstructor constructs the items of a top-level {@code items} sequence one at a
     *     time as they are composed (leaving them out of the document's node), or {@code null}
     */
    YamlStream(Reader text, LoaderOptions options, BooleanSupplier severalDocuments,
        TextTimestamps itemConstructor, Consumer<Object> trim) {
      reader = new StreamReader(text);
      parser = new ParserImpl(reader, options);
      composer = itemConstructor == null ? new Composer(parser, new Resolver(), options)
          : new ItemsComposer(parser, options);
      this.severalDocuments = severalDocuments;
      this.itemConstructor = itemConstructor;
      this.trim = trim;
    }

    /** The next document's node, or {@code null} at the end of the stream. */
    Node next() throws MalformedException {
      index++;
      start = null;
      itemValues = null;
      itemPositions = null;
      try {
        if (!composer.checkNode()) {
          return null;
        }
        start = position(parser.peekEvent().getStartMark());
        starts.add(start);
        return composer.getNode();
      } catch (YAMLException e) {
        throw failure(e);
      } catch (IllegalArgumentException e) {
        // The composer refuses some tags the parser let through (e.g. "!%f" at the end of the
        // text): placed where the reader stopped, since SnakeYAML gives no mark.
        throw new MalformedException("malformed YAML" + document()
            + ": a tag SnakeYAML cannot use (" + SafeText.parserProblem(e.getMessage()) + ")",
            position(reader.getMark()));
      }
    }

    /**
     * Composes the document's top mapping as SnakeYAML does, except the sequence under its
     * {@code items} key: each item is composed, constructed and let go before the next, so that
     * a {@code kind: List} of a whole cluster never has its node graph (a mark per value, each
     * holding a window of the text) in memory at once.
     */
    private final class ItemsComposer extends Composer {
      private int depth;
      private Node rootKey;

      ItemsComposer(ParserImpl parser, LoaderOptions options) {
        super(parser, new Resolver(), options);
      }

      @Override
      protected Node composeMappingNode(String anchor) {
        depth++;
        try {
          return super.composeMappingNode(anchor);
        } finally {
          depth--;
        }
      }

      @Override
      protected Node composeSequenceNode(String anchor) {
        depth++;
        try {
          return super.composeSequenceNode(anchor);
        } finally {
          depth--;
        }
      }

      @Override
      protected Node composeKeyNode(MappingNode node) {
        Node key = super.composeKeyNode(node);
        if (depth == 1) {
          rootKey = key;
        }
        return key;
      }

      @Override
      protected Node composeValueNode(MappingNode node) {
        if (depth != 1 || itemValues != null
            || !(rootKey instanceof ScalarNode key && key.getValue().equals("items"))
            || !parser.checkEvent(Event.ID.SequenceStart)
            || !(parser.peekEvent() instanceof SequenceStartEvent open)
            || open.getAnchor() != null || open.getTag() != null) {
          return super.composeValueNode(node);
        }
        parser.getEvent();
        itemValues = new ArrayList<>();
        itemPositions = new ArrayList<>();
        depth++;
        try {
          while (!parser.checkEvent(Event.ID.SequenceEnd)) {
            Node item = super.composeValueNode(node);
            keepOutOfRangeAsText(item, "", new ArrayList<>());
            Object value = normalize(itemConstructor.construct(item));
            trim.accept(value);
            itemValues.add(value);
            itemPositions.add(position(item.getStartMark()));
          }
        } finally {
          depth--;
        }
        Event close = parser.getEvent();
        return new SequenceNode(Tag.SEQ, true, new ArrayList<>(), open.getStartMark(),
            close.getEndMark(), open.getFlowStyle());
      }
    }

    /** The value of document {@code document} (counted from 0), composed before. */
    Object construct(TextTimestamps constructor, Node node, int document)
        throws MalformedException {
      index = document + 1;
      start = starts.get(document);
      try {
        return constructor.construct(node);
      } catch (YAMLException e) {
        throw failure(e);
      }
    }

    private MalformedException failure(YAMLException e) {
      if (e.getCause() instanceof IOException io) {
        throw new ReadFailure(io);
      }
      if (!(e instanceof MarkedYAMLException marked)) {
        return new MalformedException("YAML rejected" + document() + ": "
            + SafeText.parserProblem(e.getMessage()), position(reader.getMark()));
      }
      // Never getMessage(): it quotes the offending line, which may hold a credential.
      Mark problem = marked.getProblemMark();
      Mark context = marked.getContextMark();
      String what = problem(marked);
      boolean ranOn = context != null && problem != null && marked.getContext() != null
          && (what.contains("document separator") || what.contains("end of stream"));
      if (ranOn) {
        Position end = position(problem);
        return new MalformedException("malformed YAML" + document() + ": "
            + SafeText.parserProblem(marked.getContext()) + ": " + what + " at line "
            + end.line() + ", column " + end.column(), position(context));
      }
      Mark mark = problem != null ? problem : context;
      return new MalformedException("malformed YAML" + document() + ": " + what,
          mark == null ? null : position(mark));
    }

    /** {@code " in document 2 (from line 6)"} in a stream of several documents, else empty. */
    private String document() {
      if (several == null) {
        several = severalDocuments.getAsBoolean();
      }
      if (!several) {
        return "";
      }
      return " in document " + index + (start == null ? "" : " (from line " + start.line() + ")");
    }
  }

  /**
   * The line each element of {@code argv} is written on in container {@code container} of
   * document {@code document} of a YAML pod manifest: elements are matched in order to the scalar
   * items of the container's {@code command} then {@code args}; one found inside an item (a word
   * of an {@code sh -c} script) takes that item's line; one written nowhere (the executable an
   * image names) has {@code null}. Empty for JSON or text that does not compose.
   */
  static List<Integer> argumentLines(String text, String fileName, int document, int container,
      List<String> argv) {
    if (fileName.endsWith(".json") || text.stripLeading().startsWith("{")) {
      return List.of();
    }
    List<ScalarNode> items = new ArrayList<>();
    try {
      LoaderOptions options = options();
      int d = 0;
      for (Node node : yaml(new TextTimestamps(options), options).composeAll(
          new StringReader(text))) {
        if (d++ != document) {
          continue;
        }
        Node spec = child(node, "spec");
        Node containers = spec == null ? null : child(spec, "containers");
        if (containers instanceof SequenceNode list && container < list.getValue().size()) {
          Node c = list.getValue().get(container);
          for (String field : List.of("command", "args")) {
            if (child(c, field) instanceof SequenceNode sequence) {
              sequence.getValue().stream().filter(ScalarNode.class::isInstance)
                  .map(ScalarNode.class::cast).forEach(items::add);
            }
          }
        }
        break;
      }
    } catch (YAMLException | IllegalArgumentException e) {
      return List.of();
    }
    List<Integer> lines = new ArrayList<>();
    int next = 0;
    for (String arg : argv) {
      Integer line = null;
      for (int i = next; i < items.size(); i++) {
        String value = items.get(i).getValue();
        boolean script = value.strip().indexOf(' ') > 0 || value.strip().indexOf('\n') > 0;
        if (value.equals(arg) || (script && value.contains(arg))) {
          line = items.get(i).getStartMark().getLine() + 1;
          // An item holding several words (a script) may hold the next argument too.
          next = value.equals(arg) ? i + 1 : i;
          break;
        }
      }
      lines.add(line);
    }
    return lines;
  }

  private static Node child(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return tuple.getValueNode();
        }
      }
    }
    return null;
  }

  private static void locatedJson(Reader text, Consumer<Object> trim, DocumentSink sink)
      throws MalformedException {
    try (JsonParser parser = JSON.createParser(text)) {
      while (parser.nextToken() != null) {
        Position at = position(parser.currentTokenLocation());
        List<Position> items = new ArrayList<>();
        Object value;
        if (parser.currentToken() == JsonToken.START_OBJECT) {
          // Read field by field, to know where each element of an items list starts.
          Map<String, Object> object = new LinkedHashMap<>();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && name.equals("items")) {
              List<Object> list = new ArrayList<>();
              while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(position(parser.currentTokenLocation()));
                Object item = readJson(parser, "", new ArrayList<>());
                trim.accept(item);
                list.add(item);
              }
              object.put(name, list);
            } else {
              object.put(name, readJson(parser, "", new ArrayList<>()));
            }
          }
          value = object;
        } else {
          value = readJson(parser, "", new ArrayList<>());
        }
        value = normalize(value);
        trim.accept(value);
        sink.accept(new LocatedDocument(value, at, items));
      }
    } catch (JsonProcessingException e) {
      throw new MalformedException("malformed JSON: " + problem(e),
          e.getLocation() == null ? null : position(e.getLocation()));
    } catch (IOException e) {
      // Not the parser's: the text's reader failed (the parser's problems are the above).
      throw new ReadFailure(e);
    }
  }

  /**
   * The JSON value where the parser stands, as maps, lists and plain values; a number out of range
   * stays its text, and is noted with its key path.
   */
  private static Object readJson(JsonParser parser, String path, List<String> notes)
      throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.put(name, readJson(parser, path.isEmpty() ? name : path + "." + name, notes));
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(readJson(parser, path + "[" + list.size() + "]", notes));
        }
        return list;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        String literal = parser.getText();
        if (!NumberLimits.inRange(literal)) {
          notes.add(outOfRange(path, position(parser.currentTokenLocation()), literal));
          return literal;
        }
        return parser.currentToken() == JsonToken.VALUE_NUMBER_INT ? parser.getNumberValue()
            : parser.getDecimalValue();
      }
      case VALUE_STRING -> {
        return parser.getText();
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
      default -> throw new JsonParseException(parser, "unexpected " + parser.currentToken());
    }
  }

  /**
   * Retags every integer or float scalar out of range as a string, before anything constructs it,
   * and notes where it is.
   */
  private static void keepOutOfRangeAsText(Node node, String path, List<String> notes) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
        keepOutOfRangeAsText(tuple.getValueNode(), path.isEmpty() ? key : path + "." + key,
            notes);
      }
    } else if (node instanceof SequenceNode sequence) {
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        keepOutOfRangeAsText(items.get(i), path + "[" + i + "]", notes);
      }
    } else if (node instanceof ScalarNode scalar) {
      boolean number = Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag());
      // SnakeYAML leaves a very long number a string: it is still a number out of range.
      boolean unresolved = Tag.STR.equals(scalar.getTag())
          && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
          && NumberLimits.isLongPlainNumber(scalar.getValue());
      if ((number && !NumberLimits.inRange(scalar.getValue())) || unresolved) {
        notes.add(outOfRange(path, position(scalar.getStartMark()), scalar.getValue()));
        scalar.setTag(Tag.STR);
      }
    }
  }

  /**
   * A note on a number kept as text. It names the key, not the number: the value may sit under a
   * credential key, and the redacted content is where the value belongs.
   */
  private static String outOfRange(String path, Position at, String literal) {
    return (path.isEmpty() ? "the value" : "key " + path) + " (line " + at.line() + ", column "
        + at.column() + "): a number of " + literal.length() + " characters is out of range ("
        + NumberLimits.RANGE + "); its text is kept as the value";
  }

  private static Position position(Mark mark) {
    return new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static Position position(JsonLocation location) {
    return new Position(location.getLineNr(), location.getColumnNr());
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  private static Yaml yaml(TextTimestamps constructor, LoaderOptions options) {
    DumperOptions dumper = new DumperOptions();
    return new Yaml(constructor, new Representer(dumper), dumper, options);
  }

  /** Converts parsed values to the JSON value types a bundle holds. */
  @SuppressWarnings("unchecked")
  static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    if (value instanceof Collection<?> items) {
      List<Object> out = new ArrayList<>();
      items.forEach(item -> out.add(normalize(item)));
      return out;
    }
    if (value instanceof byte[]) {
      return Redactor.REDACTED;
    }
    // Numbers as the bundle reader reads them back (integers as Long, decimals as BigDecimal),
    // so that a bundle evaluated in memory and the same bundle read from its file are equal.
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isNaN(d) || Double.isInfinite(d) ? String.valueOf(d)
          : canonical(BigDecimal.valueOf(d));
    }
    if (value instanceof BigDecimal d) {
      return canonical(d);
    }
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal) {
      return value;
    }
    return String.valueOf(value);
  }

  /** The parser's problem without the file content it quotes. */
  private static String problem(MarkedYAMLException e) {
    return SafeText.parserProblem(e.getProblem() != null ? e.getProblem() : e.getContext());
  }

  private static String problem(JsonProcessingException e) {
    return SafeText.parserProblem(e.getOriginalMessage());
  }

  /**
   * A decimal as the bundle writer writes it and the reader reads it back: without trailing zeros
   * ({@code 0.50} is {@code 0.5}), and zero as the integer 0. Only numbers in range get here.
   */
  private static Object canonical(BigDecimal d) {
    return d.signum() == 0 ? (Object) 0L : d.stripTrailingZeros();
  }

  /** A number SnakeYAML resolves but cannot construct; reported with its place. */
  private static final class UnreadableNumber
      extends org.yaml.snakeyaml.constructor.ConstructorException {
    UnreadableNumber(String what, org.yaml.snakeyaml.error.Mark mark) {
      super(null, null, what, mark);
    }
  }

  /** SnakeYAML's safe constructor, except that timestamps stay strings. */
  private static final class TextTimestamps extends SafeConstructor {
    TextTimestamps(LoaderOptions options) {
      super(options);
      // What new Yaml(...) would set: a constructor used on its own takes it from nowhere else.
      setAllowDuplicateKeys(options.isAllowDuplicateKeys());
      this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
      // SnakeYAML reads YAML 1.1 base-60 integers ("1:30") with Integer.parseInt per part, which
      // throws for a long part (found by fuzzing): such a value is malformed input at its place.
      this.yamlConstructors.put(Tag.INT, new ConstructYamlInt() {
        @Override
        public Object construct(Node node) {
          try {
            return super.construct(node);
          } catch (NumberFormatException e) {
            throw new UnreadableNumber(
                "an integer that cannot be read (a base-60 value with a part too long)",
                node.getStartMark());
          }
        }
      });
      // Its float resolver also matches "._" (underscores are dropped, leaving "."), which
      // Double.parseDouble refuses (found by fuzzing): malformed input at its place too.
      this.yamlConstructors.put(Tag.FLOAT, new ConstructYamlFloat() {
        @Override
        public Object construct(Node node) {
          try {
            return super.construct(node);
          } catch (NumberFormatException e) {
            throw new UnreadableNumber("a number that cannot be read", node.getStartMark());
          }
        }
      });
    }

    /** The value of a document composed beforehand, so that its node positions stay known. */
    Object construct(Node node) {
      return constructDocument(node);
    }
  }
}
