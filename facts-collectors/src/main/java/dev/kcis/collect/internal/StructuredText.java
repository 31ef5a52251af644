package dev.kcis.collect.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses the YAML and JSON files kcis reads on a node (static pod manifests, component config
 * files) into plain JSON values, within limits that make hostile input fail fast.
 *
 * <p>Values come out as a bundle holds them: string-keyed maps, lists, strings, booleans, numbers
 * ({@code Long}, {@code BigInteger}, {@code BigDecimal}) and nulls. YAML timestamps stay the text they were written as (Kubernetes reads them as
 * strings), sets become lists, and {@code !!binary} values are dropped as possible key material.
 */
final class StructuredText {

  static final int MAX_DEPTH = 64;
  static final int MAX_ALIASES = 50;

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StructuredText() {}

  /** A file that is not well-formed YAML or JSON. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Every document in {@code text}: JSON when the file name ends in {@code .json} or the text
   * starts with a brace, else a YAML stream of one or more documents. An empty document is
   * {@code null}, so that indexes stay those of the stream.
   */
  static List<Object> documents(String text, String fileName) throws MalformedException {
    String trimmed = text.stripLeading();
    if (fileName.endsWith(".json") || trimmed.startsWith("{")) {
      try {
        return List.of(normalize(JSON.readValue(text, Object.class)));
      } catch (JsonProcessingException e) {
        throw new MalformedException("malformed JSON: " + e.getOriginalMessage()
            + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() : ""));
      }
    }
    try {
      List<Object> documents = new ArrayList<>();
      for (Object document : yaml().loadAll(text)) {
        documents.add(normalize(document));
      }
      return documents;
    } catch (YAMLException e) {
      throw new MalformedException("malformed YAML: " + oneLine(e.getMessage()));
    }
  }

  /** The single document of a config file; an empty file is an empty map. */
  static Object document(String text, String fileName) throws MalformedException {
    List<Object> documents = new ArrayList<>(documents(text, fileName));
    documents.removeIf(Objects::isNull);
    if (documents.size() > 1) {
      throw new MalformedException("holds " + documents.size() + " YAML documents, expected one");
    }
    return documents.isEmpty() ? new LinkedHashMap<String, Object>() : documents.get(0);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new TextTimestamps(options), new Representer(dumper), dumper, options);
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
      return Double.isNaN(d) || Double.isInfinite(d) ? String.valueOf(d) : BigDecimal.valueOf(d);
    }
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal) {
      return value;
    }
    return String.valueOf(value);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  /** SnakeYAML's safe constructor, except that timestamps stay strings. */
  private static final class TextTimestamps extends SafeConstructor {
    TextTimestamps(LoaderOptions options) {
      super(options);
      this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }
  }
}
