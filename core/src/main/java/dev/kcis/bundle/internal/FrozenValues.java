package dev.kcis.bundle.internal;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * fields (up to four entries) or one array, in their order (about 40-60 bytes for the same map),
 * and accepts null values, which JSON has and {@code Map.of} or Guava refuse. Lookups are linear; a
 * map of more than
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
      if (list.size() == 1) {
        return new List1(freeze(list.get(0)));
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
    return value instanceof IndexedMap || value instanceof FrozenList
        || value instanceof List1
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
    if (map instanceof ReadMap read && read.large == null) {
      // The reader's own map: its array is taken over, its values frozen in place.
      Object[] table = Arrays.copyOf(read.table, read.used);
      for (int i = 1; i < table.length; i += 2) {
        table[i] = freeze(table[i]);
      }
      return frozen(table);
    }
    Object[] table = new Object[map.size() * 2];
    int i = 0;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      table[i++] = String.valueOf(entry.getKey());
      table[i++] = freeze(entry.getValue());
    }
    return frozen(table);
  }

  /** The frozen map of keys and values alternating in {@code table}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> frozen(Object[] table) {
    Map<?, ?> map = switch (table.length / 2) {
      case 1 -> new Map1(table);
      case 2 -> new Map2(table);
      case 3 -> new Map3(table);
      case 4 -> new Map4(table);
      default -> new FrozenMap(table);
    };
    return (Map<String, Object>) map;
  }

  /**
   * A frozen map read by entry index: lookups, iteration and views written once for the small
   * maps (their entries in fields) and {@link FrozenMap} (its entries in an array).
   */
  private abstract static class IndexedMap extends AbstractMap<String, Object> {

    abstract int count();

    abstract String key(int i);

    abstract Object value(int i);

    /** The entry index of {@code key}, or -1; a linear scan unless a subclass knows better. */
    int indexOf(Object key) {
      for (int i = 0; i < count(); i++) {
        String k = key(i);
        if (k == key || k.equals(key)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public Object get(Object key) {
      int i = indexOf(key);
      return i < 0 ? null : value(i);
    }

    @Override
    public boolean containsKey(Object key) {
      return indexOf(key) >= 0;
    }

    @Override
    public int size() {
      return count();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      for (int i = 0; i < count(); i++) {
        action.accept(key(i), value(i));
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
              return next < count();
            }

            @Override
            public Map.Entry<String, Object> next() {
              if (next >= count()) {
                throw new NoSuchElementException();
              }
              Map.Entry<String, Object> entry =
                  new SimpleImmutableEntry<>(key(next), value(next));
              next++;
              return entry;
            }
          };
        }

        @Override
        public int size() {
          return count();
        }
      };
    }
  }

  /**
   * Frozen maps of one to four entries (most of an API object's maps), their keys and values in
   * fields: one object where {@link FrozenMap} needs two, fewer for the collector to copy.
   */
  private static final class Map1 extends IndexedMap {
    private final String k0;
    private final Object v0;

    Map1(Object[] t) {
      k0 = (String) t[0];
      v0 = t[1];
    }

    @Override
    int count() {
      return 1;
    }

    @Override
    String key(int i) {
      return k0;
    }

    @Override
    Object value(int i) {
      return v0;
    }
  }

  private static final class Map2 extends IndexedMap {
    private final String k0;
    private final Object v0;
    private final String k1;
    private final Object v1;

    Map2(Object[] t) {
      k0 = (String) t[0];
      v0 = t[1];
      k1 = (String) t[2];
      v1 = t[3];
    }

    @Override
    int count() {
      return 2;
    }

    @Override
    String key(int i) {
      return i == 0 ? k0 : k1;
    }

    @Override
    Object value(int i) {
      return i == 0 ? v0 : v1;
    }
  }

  private static final class Map3 extends IndexedMap {
    private final String k0;
    private final Object v0;
    private final String k1;
    private final Object v1;
    private final String k2;
    private final Object v2;

    Map3(Object[] t) {
      k0 = (String) t[0];
      v0 = t[1];
      k1 = (String) t[2];
      v1 = t[3];
      k2 = (String) t[4];
      v2 = t[5];
    }

    @Override
    int count() {
      return 3;
    }

    @Override
    String key(int i) {
      return i == 0 ? k0 : i == 1 ? k1 : k2;
    }

    @Override
    Object value(int i) {
      return i == 0 ? v0 : i == 1 ? v1 : v2;
    }
  }

  private static final class Map4 extends IndexedMap {
    private final String k0;
    private final Object v0;
    private final String k1;
    private final Object v1;
    private final String k2;
    private final Object v2;
    private final String k3;
    private final Object v3;

    Map4(Object[] t) {
      k0 = (String) t[0];
      v0 = t[1];
      k1 = (String) t[2];
      v1 = t[3];
      k2 = (String) t[4];
      v2 = t[5];
      k3 = (String) t[6];
      v3 = t[7];
    }

    @Override
    int count() {
      return 4;
    }

    @Override
    String key(int i) {
      return switch (i) {
        case 0 -> k0;
        case 1 -> k1;
        case 2 -> k2;
        default -> k3;
      };
    }

    @Override
    Object value(int i) {
      return switch (i) {
        case 0 -> v0;
        case 1 -> v1;
        case 2 -> v2;
        default -> v3;
      };
    }
  }

  /** Keys and values alternating in one array, in the order of the map copied. */
  private static final class FrozenMap extends IndexedMap {
    private final Object[] table;
    /** For a large map: slots of a power-of-two size holding a key's entry index + 1, or 0. */
    private final int[] slots;

    FrozenMap(Object[] table) {
      this.table = table;
      int size = table.length / 2;
      if (size <= LINEAR_MAX) {
        slots = null;
        return;
      }
      slots = new int[Integer.highestOneBit(size * 2) * 2];
      for (int i = 0; i < size; i++) {
        int slot = table[2 * i].hashCode() & (slots.length - 1);
        while (slots[slot] != 0) {
          slot = (slot + 1) & (slots.length - 1);
        }
        slots[slot] = i + 1;
      }
    }

    @Override
    int count() {
      return table.length / 2;
    }

    @Override
    String key(int i) {
      return (String) table[2 * i];
    }

    @Override
    Object value(int i) {
      return table[2 * i + 1];
    }

    @Override
    int indexOf(Object key) {
      if (slots == null) {
        return super.indexOf(key);
      }
      if (key == null) {
        return -1;
      }
      int slot = key.hashCode() & (slots.length - 1);
      for (int found; (found = slots[slot]) != 0; slot = (slot + 1) & (slots.length - 1)) {
        if (table[2 * (found - 1)].equals(key)) {
          return found - 1;
        }
      }
      return -1;
    }
  }

  /**
   * A map as the bundle reader builds it, to be scrubbed, then frozen: keys and values in one
   * growable array, in their order (a {@code LinkedHashMap} costs an entry object per key and a
   * table); past {@value #LINEAR_MAX} entries it keeps them in a {@code LinkedHashMap} instead, so
   * that a map with very many keys is not searched linearly.
   */
  static final class ReadMap extends AbstractMap<String, Object> {
    private Object[] table = new Object[8];
    private int used;
    private LinkedHashMap<String, Object> large;

    /** Adds an entry unless the key is there already; false then (a duplicate key). */
    boolean putNew(String key, Object value) {
      if (large == null && indexOf(key) < 0) {
        append(key, value);
        return true;
      }
      if (large != null && !large.containsKey(key)) {
        large.put(key, value);
        return true;
      }
      return false;
    }

    private void append(String key, Object value) {
      if (used == LINEAR_MAX * 2) {
        large = new LinkedHashMap<>(LINEAR_MAX * 4);
        for (int i = 0; i < used; i += 2) {
          large.put((String) table[i], table[i + 1]);
        }
        large.put(key, value);
        table = null;
        used = 0;
        return;
      }
      if (used == table.length) {
        table = Arrays.copyOf(table, table.length * 2);
      }
      table[used++] = key;
      table[used++] = value;
    }

    private int indexOf(Object key) {
      for (int i = 0; i < used; i += 2) {
        if (table[i].equals(key)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public Object get(Object key) {
      if (large != null) {
        return large.get(key);
      }
      int i = indexOf(key);
      return i < 0 ? null : table[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
      return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public Object put(String key, Object value) {
      if (large != null) {
        return large.put(key, value);
      }
      int i = indexOf(key);
      if (i >= 0) {
        Object previous = table[i + 1];
        table[i + 1] = value;
        return previous;
      }
      append(key, value);
      return null;
    }

    @Override
    public Object remove(Object key) {
      if (large != null) {
        return large.remove(key);
      }
      int i = indexOf(key);
      if (i < 0) {
        return null;
      }
      Object previous = table[i + 1];
      removeAt(i);
      return previous;
    }

    private void removeAt(int i) {
      System.arraycopy(table, i + 2, table, i, used - i - 2);
      table[--used] = null;
      table[--used] = null;
    }

    @Override
    public int size() {
      return large != null ? large.size() : used / 2;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      if (large != null) {
        large.forEach(action);
        return;
      }
      for (int i = 0; i < used; i += 2) {
        action.accept((String) table[i], table[i + 1]);
      }
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      if (large != null) {
        return large.entrySet();
      }
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;
            private int last = -1;

            @Override
            public boolean hasNext() {
              return large == null && next < used;
            }

            @Override
            public Map.Entry<String, Object> next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              int at = next;
              last = at;
              next += 2;
              return new SimpleEntry<>((String) table[at], table[at + 1]) {
                private static final long serialVersionUID = 1L;

                @Override
                public Object setValue(Object value) {
                  table[at + 1] = value;
                  return super.setValue(value);
                }
              };
            }

            @Override
            public void remove() {
              if (last < 0) {
                throw new IllegalStateException();
              }
              removeAt(last);
              next = last;
              last = -1;
            }
          };
        }

        @Override
        public int size() {
          return ReadMap.this.size();
        }
      };
    }
  }

  /** A list of one item (a pod's one container, a rule's one verb), in one object. */
  private static final class List1 extends AbstractList<Object> implements RandomAccess {
    private final Object item;

    List1(Object item) {
      this.item = item;
    }

    @Override
    public Object get(int index) {
      if (index != 0) {
        throw new IndexOutOfBoundsException(index);
      }
      return item;
    }

    @Override
    public int size() {
      return 1;
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
