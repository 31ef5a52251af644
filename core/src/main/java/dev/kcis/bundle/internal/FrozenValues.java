package dev.kcis.bundle.internal;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Read-only copies of the maps and lists of API objects, as small as they can be. A cluster's
 * bundle holds millions of small maps (2-3 keys on average); as {@code LinkedHashMap}s they cost
 * about 250 bytes each, most of a large bundle's heap. A frozen map keeps its keys and values in
 * one array, in their order (about 60 bytes for the same map), and accepts null values, which
 * JSON has and {@code Map.of} or Guava refuse. Lookups are linear; a map of more than
 * {@value #LINEAR_MAX} entries (labels, annotations) also has an open-addressing index of its keys.
 * A value frozen already is not copied again.
 */
public final class FrozenValues {

  /** Largest map looked up by a linear scan. */
  static final int LINEAR_MAX = 12;

  private FrozenValues() {}

  /**
   * A read-only deep copy of {@code value}: maps and lists become frozen, other values (strings,
   * numbers, booleans, null) stay as they are.
   */
  public static Object freeze(Object value) {
    if (isFrozen(value)) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return freezeMap(map);
    }
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return Collections.emptyList();
      }
      Object[] items = new Object[list.size()];
      int i = 0;
      for (Object item : list) {
        items[i++] = freeze(item);
      }
      return new FrozenList(items);
    }
    return value;
  }

  /** True for a map or list frozen already (or empty and read-only). */
  public static boolean isFrozen(Object value) {
    return value instanceof FrozenMap || value instanceof FrozenList
        || value == Collections.emptyMap() || value == Collections.emptyList();
  }

  /** {@link #freeze} of a map, typed. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> freezeMap(Map<?, ?> map) {
    if (isFrozen(map)) {
      return (Map<String, Object>) map;
    }
    if (map.isEmpty()) {
      return Collections.emptyMap();
    }
    Object[] table = new Object[map.size() * 2];
    int i = 0;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      table[i++] = String.valueOf(entry.getKey());
      table[i++] = freeze(entry.getValue());
    }
    return (Map<String, Object>) (Map<?, ?>) new FrozenMap(table);
  }

  /** Keys and values alternating in one array, in the order of the map copied. */
  private static final class FrozenMap extends AbstractMap<String, Object> {
    private final Object[] table;
    /** For a large map: slots of a power-of-two size holding a key's table index + 1, or 0. */
    private final int[] slots;

    FrozenMap(Object[] table) {
      this.table = table;
      int size = table.length / 2;
      if (size <= LINEAR_MAX) {
        slots = null;
        return;
      }
      slots = new int[Integer.highestOneBit(size * 2) * 2];
      for (int i = 0; i < table.length; i += 2) {
        int slot = table[i].hashCode() & (slots.length - 1);
        while (slots[slot] != 0) {
          slot = (slot + 1) & (slots.length - 1);
        }
        slots[slot] = i + 1;
      }
    }

    private int indexOf(Object key) {
      if (slots != null) {
        if (key == null) {
          return -1;
        }
        int slot = key.hashCode() & (slots.length - 1);
        for (int found; (found = slots[slot]) != 0; slot = (slot + 1) & (slots.length - 1)) {
          if (table[found - 1].equals(key)) {
            return found - 1;
          }
        }
        return -1;
      }
      for (int i = 0; i < table.length; i += 2) {
        Object k = table[i];
        if (k == key || k.equals(key)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public Object get(Object key) {
      int i = indexOf(key);
      return i < 0 ? null : table[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
      return indexOf(key) >= 0;
    }

    @Override
    public int size() {
      return table.length / 2;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      for (int i = 0; i < table.length; i += 2) {
        action.accept((String) table[i], table[i + 1]);
      }
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < table.length;
            }

            @Override
            public Map.Entry<String, Object> next() {
              if (next >= table.length) {
                throw new NoSuchElementException();
              }
              Map.Entry<String, Object> entry =
                  new SimpleImmutableEntry<>((String) table[next], table[next + 1]);
              next += 2;
              return entry;
            }
          };
        }

        @Override
        public int size() {
          return table.length / 2;
        }
      };
    }
  }

  /** A list of exactly its items. */
  private static final class FrozenList extends AbstractList<Object> implements RandomAccess {
    private final Object[] items;

    FrozenList(Object[] items) {
      this.items = items;
    }

    @Override
    public Object get(int index) {
      return items[index];
    }

    @Override
    public int size() {
      return items.length;
    }
  }
}
