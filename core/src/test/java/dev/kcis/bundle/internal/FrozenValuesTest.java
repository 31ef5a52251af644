package dev.kcis.bundle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frozen maps and lists behave as the maps and lists they copy, and cannot be changed. */
class FrozenValuesTest {

  @Test
  void aFrozenMapKeepsOrderNullsAndEquality() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("kind", "Pod");
    source.put("absent", null);
    source.put("spec", new LinkedHashMap<>(Map.of("hostPID", true)));
    source.put("items", new ArrayList<>(Arrays.asList(1L, null, "x")));
    Map<String, Object> frozen = FrozenValues.freezeMap(source);

    assertEquals(source, frozen);
    assertEquals(frozen, source);
    assertEquals(source.hashCode(), frozen.hashCode());
    assertEquals(List.copyOf(source.keySet()), List.copyOf(frozen.keySet()));
    assertTrue(frozen.containsKey("absent"));
    assertNull(frozen.get("absent"));
    assertFalse(frozen.containsKey("missing"));
    assertNull(frozen.get(null));
    assertEquals(Arrays.asList(1L, null, "x"), frozen.get("items"));
  }

  @Test
  void aLargeMapIsFoundThroughItsIndex() {
    Map<String, Object> source = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      source.put("label-" + i, i % 7 == 0 ? null : "v" + i);
    }
    Map<String, Object> frozen = FrozenValues.freezeMap(source);
    assertEquals(source, frozen);
    for (int i = 0; i < 300; i++) {
      assertTrue(frozen.containsKey("label-" + i));
      assertEquals(source.get("label-" + i), frozen.get("label-" + i));
    }
    assertFalse(frozen.containsKey("label-300"));
    assertNull(frozen.get(null));
    assertEquals(List.copyOf(source.keySet()), List.copyOf(frozen.keySet()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void nothingFrozenCanBeChanged() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("spec", new LinkedHashMap<>(Map.of("a", "b")));
    source.put("list", new ArrayList<>(List.of("x")));
    Map<String, Object> frozen = FrozenValues.freezeMap(source);
    assertThrows(UnsupportedOperationException.class, () -> frozen.put("k", "v"));
    assertThrows(UnsupportedOperationException.class, () -> frozen.remove("spec"));
    assertThrows(UnsupportedOperationException.class,
        () -> ((Map<String, Object>) frozen.get("spec")).put("k", "v"));
    assertThrows(UnsupportedOperationException.class,
        () -> ((List<Object>) frozen.get("list")).add("y"));
    ((Map<String, Object>) source.get("spec")).put("later", "change");
    assertFalse(((Map<String, Object>) frozen.get("spec")).containsKey("later"), "a copy");
  }

  @Test
  void aFrozenValueIsNotCopiedAgain() {
    Map<String, Object> frozen = FrozenValues.freezeMap(Map.of("a", List.of("b")));
    assertSame(frozen, FrozenValues.freezeMap(frozen));
    assertSame(frozen, FrozenValues.freeze(frozen));
  }
}
