package dev.kcis.fix.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON pointers over loaded YAML (maps and lists): read a value, or copy with one set. */
public final class Pointers {

  private Pointers() {}

  /** The segments of a JSON pointer ({@code /a/b~1c} is {@code a}, {@code b/c}). */
  public static List<String> parse(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer == null || pointer.isEmpty()) {
      return out;
    }
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("a JSON pointer starts with '/': " + pointer);
    }
    for (String s : pointer.substring(1).split("/", -1)) {
      out.add(s.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  /** The pointer of the segments. */
  public static String format(List<String> segments) {
    StringBuilder out = new StringBuilder();
    for (String s : segments) {
      out.append('/').append(s.replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  /** True when every segment of {@code path} exists in {@code root}. */
  public static boolean has(Object root, List<String> path) {
    Object node = root;
    for (String segment : path) {
      if (node instanceof Map<?, ?> m && m.containsKey(segment)) {
        node = m.get(segment);
      } else if (node instanceof List<?> l && segment.matches("\\d+")
          && Integer.parseInt(segment) < l.size()) {
        node = l.get(Integer.parseInt(segment));
      } else {
        return false;
      }
    }
    return true;
  }

  /** The value at {@code path}, or {@code null}. */
  public static Object get(Object root, List<String> path) {
    Object node = root;
    for (String segment : path) {
      if (node instanceof Map<?, ?> m) {
        node = m.get(segment);
      } else if (node instanceof List<?> l && segment.matches("\\d+")
          && Integer.parseInt(segment) < l.size()) {
        node = l.get(Integer.parseInt(segment));
      } else {
        return null;
      }
    }
    return node;
  }

  /** A deep copy of {@code root} with {@code value} at {@code path}, creating missing mappings. */
  public static Object with(Object root, List<String> path, Object value) {
    if (path.isEmpty()) {
      return value;
    }
    String head = path.get(0);
    List<String> rest = path.subList(1, path.size());
    if (root instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list);
      int i = Integer.parseInt(head);
      if (i == copy.size()) {
        copy.add(with(null, rest, value));
      } else {
        copy.set(i, with(copy.get(i), rest, value));
      }
      return copy;
    }
    Map<Object, Object> copy = root instanceof Map<?, ?> m ? new LinkedHashMap<>(m)
        : new LinkedHashMap<>();
    copy.put(head, with(copy.get(head), rest, value));
    return copy;
  }
}
