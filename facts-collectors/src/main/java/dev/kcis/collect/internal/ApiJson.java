package dev.kcis.collect.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the API server's JSON answers as they arrive, into the plain values a bundle holds
 * (string-keyed maps, lists, strings, booleans, {@code Long}, {@code BigInteger},
 * {@code BigDecimal}, null), charging every value to a {@link HeapBudget} as it is built. A list
 * is read item by item, so that no page is ever held as text, and {@code metadata.managedFields},
 * which a bundle never keeps and which is often half of an object, is skipped unread.
 */
final class ApiJson {

  /** Deeper than any built-in kind nests, with room for the list around it. */
  static final int MAX_DEPTH = 64;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // Names are made unique by the budget instead, which counts them: interning would keep a
      // hostile server's millions of names in the JVM's string table.
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();

  private final HeapBudget budget;
  /** What the values read so far were charged, for a caller that drops them. */
  private long charged;

  private ApiJson(HeapBudget budget) {
    this.budget = budget;
  }

  /** A list answer, read to its end: its kind and continue token, and how many items it held. */
  record Page(String kind, String apiVersion, String continueToken, int items) {}

  /** Told each item of a list, with what it was charged. */
  interface ItemSink {
    void item(Object item, long charged) throws ApiFailure;
  }

  /** A JSON document and what it was charged, to be released when it is no longer kept. */
  record Document(Object value, long charged) {
    /** The document as an object; an empty map when it is something else. */
    Map<String, Object> object() {
      return ApiEvidence.map(value);
    }
  }

  /** One JSON document, whole. */
  static Document document(InputStream in, HeapBudget budget) throws IOException, ApiFailure {
    ApiJson json = new ApiJson(budget);
    try (JsonParser parser = FACTORY.createParser(in)) {
      if (parser.nextToken() == null) {
        throw refused("the answer is empty");
      }
      Object value;
      try {
        value = json.value(parser, false);
        json.end(parser);
      } catch (IOException | ApiFailure | RuntimeException e) {
        budget.release(json.charged);
        throw e;
      }
      return new Document(value, json.charged);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
  }

  /**
   * A list answer ({@code {"kind": "PodList", "metadata": {...}, "items": [...]}}), each item
   * handed to {@code sink} as soon as it is read; the other fields are read for the page.
   */
  static Page page(InputStream in, HeapBudget budget, ItemSink sink)
      throws IOException, ApiFailure {
    ApiJson json = new ApiJson(budget);
    String kind = null;
    String apiVersion = null;
    String continueToken = null;
    int items = 0;
    boolean sawItems = false;
    long passedOn = 0; // charges now the sink's or released
    try (JsonParser parser = FACTORY.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw refused("the answer is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (field) {
          case "kind" -> kind = token == JsonToken.VALUE_STRING ? parser.getText() : null;
          case "apiVersion" -> apiVersion = token == JsonToken.VALUE_STRING ? parser.getText()
              : null;
          case "metadata" -> {
            long before = json.charged;
            Object metadata = json.value(parser, false);
            continueToken = metadata instanceof Map<?, ?> m && m.get("continue") instanceof String c
                && !c.isEmpty() ? c : null;
            budget.release(json.charged - before);
            passedOn += json.charged - before;
          }
          case "items" -> {
            if (token == JsonToken.VALUE_NULL) {
              sawItems = true; // Go writes an empty list so: "items": null
              continue;
            }
            if (token != JsonToken.START_ARRAY) {
              throw refused("the answer's items are not a list");
            }
            sawItems = true;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              long before = json.charged;
              Object item = json.value(parser, true);
              items++;
              passedOn += json.charged - before;
              sink.item(item, json.charged - before);
            }
          }
          default -> parser.skipChildren();
        }
      }
      json.end(parser);
    } catch (JsonProcessingException e) {
      budget.release(json.charged - passedOn);
      throw malformed(e);
    } catch (IOException | ApiFailure | RuntimeException e) {
      budget.release(json.charged - passedOn); // a value cut short
      throw e;
    }
    if (!sawItems) {
      throw refused("the answer holds no items");
    }
    return new Page(kind, apiVersion, continueToken, items);
  }

  /** Nothing may follow the document but white space. */
  private void end(JsonParser parser) throws IOException, ApiFailure {
    if (parser.nextToken() != null) {
      throw refused("the answer goes on after its JSON value");
    }
  }

  /**
   * The value the parser stands on, charged as it is built.
   *
   * @param item whether it is an item of a list, whose {@code metadata.managedFields} is skipped
   */
  private Object value(JsonParser parser, boolean item) throws IOException, ApiFailure {
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        charge(HeapBudget.MAP);
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = budget.name(parser.currentName());
          parser.nextToken();
          if (item && name.equals("metadata") && parser.currentToken() == JsonToken.START_OBJECT) {
            map.put(name, metadata(parser));
            continue;
          }
          charge(HeapBudget.MAP_ENTRY);
          map.put(name, value(parser, false));
        }
        return map;
      }
      case START_ARRAY -> {
        charge(HeapBudget.LIST);
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          charge(HeapBudget.LIST_ELEMENT);
          list.add(value(parser, false));
        }
        return list;
      }
      case VALUE_STRING -> {
        String text = parser.getText();
        charge(HeapBudget.string(text));
        return text;
      }
      case VALUE_NUMBER_INT -> {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          charge(HeapBudget.BIG_NUMBER + parser.getTextLength());
          return parser.getBigIntegerValue();
        }
        charge(HeapBudget.NUMBER);
        return parser.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        charge(HeapBudget.BIG_NUMBER + parser.getTextLength());
        return parser.getDecimalValue();
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
      default -> throw refused("unexpected " + parser.currentToken() + " in the answer");
    }
  }

  /** An item's metadata, without its {@code managedFields}. */
  private Map<String, Object> metadata(JsonParser parser) throws IOException, ApiFailure {
    charge(HeapBudget.MAP_ENTRY + HeapBudget.MAP);
    Map<String, Object> map = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = budget.name(parser.currentName());
      parser.nextToken();
      if (name.equals("managedFields")) {
        parser.skipChildren();
        continue;
      }
      charge(HeapBudget.MAP_ENTRY);
      map.put(name, value(parser, false));
    }
    return map;
  }

  private void charge(long bytes) throws ApiFailure {
    budget.charge(bytes);
    charged += bytes;
  }

  private static ApiFailure refused(String message) {
    return new ApiFailure(ApiFailure.REFUSED, message);
  }

  private static ApiFailure malformed(JsonProcessingException e) {
    // The parser's own message quotes what it read; the place is enough.
    String where = e.getLocation() == null ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return refused("the answer is not valid JSON" + where + ": " + kindOf(e));
  }

  private static String kindOf(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Duplicate field")) {
      return "a field repeated in an object";
    }
    if (message.contains("nesting depth")) {
      return "nested deeper than " + MAX_DEPTH;
    }
    if (message.contains("exceeds the maximum")) {
      return "a value longer than kcis reads";
    }
    if (message.contains("end-of-input") || message.contains("end-of-file")) {
      return "it ends in the middle";
    }
    return "unexpected text";
  }
}
