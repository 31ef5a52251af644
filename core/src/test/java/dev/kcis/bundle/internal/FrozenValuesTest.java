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
  void mapsAndListsOfEverySizeAgreeWithTheirSource() {
    for (int size = 1; size <= 14; size++) {
      Map<String, Object> source = new LinkedHashMap<>();
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        source.put("k" + (size - i), i == 1 ? null : "v" + i); // not in sorted order
        items.add(i == 2 ? null : "i" + i);
      }
      Map<String, Object> frozen = FrozenValues.freezeMap(source);
      assertEquals(source, frozen, "size " + size);
      assertEquals(source.hashCode(), frozen.hashCode());
      assertEquals(List.copyOf(source.keySet()), List.copyOf(frozen.keySet()));
      Map<String, Object> visited = new LinkedHashMap<>();
      frozen.forEach(visited::put);
      assertEquals(List.copyOf(source.entrySet()), List.copyOf(visited.entrySet()));
      for (String key : source.keySet()) {
        assertTrue(frozen.containsKey(key));
        assertEquals(source.get(key), frozen.get(key));
      }
      assertFalse(frozen.containsKey("k0"));
      assertSame(frozen, FrozenValues.freezeMap(frozen));
      Object list = FrozenValues.freeze(items);
      assertEquals(items, list);
      assertSame(list, FrozenValues.freeze(list));
      assertThrows(UnsupportedOperationException.class, () -> frozen.put("k", "v"));
    }
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
  void theReadersMapBehavesAsALinkedHashMap() {
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 200; round++) {
      FrozenValues.ReadMap read = new FrozenValues.ReadMap();
      Map<String, Object> expected = new LinkedHashMap<>();
      int keys = 1 + random.nextInt(round % 2 == 0 ? 8 : 40); // small, and past the linear size
      for (int op = 0; op < 60; op++) {
        String key = "k" + random.nextInt(keys);
        Object value = random.nextInt(5) == 0 ? null : "v" + op;
        switch (random.nextInt(6)) {
          case 0, 1 -> {
            assertEquals(!expected.containsKey(key), read.putNew(key, value), "putNew " + key);
            if (!expected.containsKey(key)) {
              expected.put(key, value);
            }
          }
          case 2 -> assertEquals(expected.put(key, value), read.put(key, value));
          case 3 -> assertEquals(expected.remove(key), read.remove(key));
          case 4 -> {
            expected.replaceAll((k, v) -> k.equals(key) ? "replaced" : v);
            read.replaceAll((k, v) -> k.equals(key) ? "replaced" : v);
          }
          default -> {
            expected.entrySet().removeIf(e -> e.getKey().equals(key));
            read.entrySet().removeIf(e -> e.getKey().equals(key));
          }
        }
        if (!expected.containsKey(key) || op % 3 == 0) {
          assertEquals(!expected.containsKey(key), read.putNew(key, value));
          if (!expected.containsKey(key)) {
            expected.put(key, value);
          }
        }
        assertEquals(expected, read);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(read.keySet()));
        assertEquals(expected.containsKey(key), read.containsKey(key));
        assertEquals(expected.get(key), read.get(key));
      }
      Map<String, Object> frozen = FrozenValues.freezeMap(read);
      assertEquals(expected, frozen);
      assertEquals(List.copyOf(expected.keySet()), List.copyOf(frozen.keySet()));
    }
  }

  @Test
  void aFrozenValueIsNotCopiedAgain() {
    Map<String, Object> frozen = FrozenValues.freezeMap(Map.of("a", List.of("b")));
    assertSame(frozen, FrozenValues.freezeMap(frozen));
    assertSame(frozen, FrozenValues.freeze(frozen));
  }
}
