package dev.kcis.engine.internal;

import java.util.List;
import java.util.Map;

/**
 * Lenient reads of an API object's JSON values for building facts: a field of the wrong shape
 * reads as absent (an empty map or list, {@code null}), never as an exception.
 */
final class JsonValues {

  private JsonValues() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }

  static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  /** A boolean field; also the strings "true"/"false" some hand-written manifests use. */
  static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.valueOf(s);
    }
    return null;
  }
}
