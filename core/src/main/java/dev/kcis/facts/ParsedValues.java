package dev.kcis.facts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values parsed from text that a cluster repeats (image references, resource quantities): parsed
 * once per distinct text. The values are immutable; at most {@value #MAX_KEPT} are kept.
 */
final class ParsedValues<V> {

  private static final int MAX_KEPT = 8192;

  private final Map<String, V> parsed = new ConcurrentHashMap<>();
  private final Function<String, V> parser;

  ParsedValues(Function<String, V> parser) {
    this.parser = parser;
  }

  V of(String text) {
    V value = parsed.get(text);
    if (value == null) {
      value = parser.apply(text);
      if (parsed.size() >= MAX_KEPT) {
        parsed.clear();
      }
      parsed.put(text, value);
    }
    return value;
  }
}
