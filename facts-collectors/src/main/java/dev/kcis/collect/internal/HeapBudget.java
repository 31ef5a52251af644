package dev.kcis.collect.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of the Java heap a cluster collection may fill with what the API server sends, counted
 * as the JSON is turned into maps, lists and strings: an estimate of the bytes each value keeps
 * alive (64-bit JVM, compressed references), on the high side. It bounds what no count of
 * objects can, such as an object of millions of empty maps, so that a hostile or merely huge
 * cluster ends in a collection error and never in an {@link OutOfMemoryError}.
 *
 * <p>Thread-safe: the kubelets' {@code /configz} are read in parallel.
 */
final class HeapBudget {

  /**
   * The share of the maximum heap the evidence may take: the rest is for writing the bundle and,
   * under {@code kcis scan}, for evaluating it, which takes about three times as much (6,000 pods
   * scan in -Xmx512m, 7,500 do not; see docs/performance.md).
   */
  static final double HEAP_SHARE = 0.25;

  // Estimated sizes with -XX:+UseCompressedOops, on the high side: a 4 KB pod is charged 24 KiB
  // and takes 21 KiB; an empty map is charged 152 bytes and takes about 60.
  static final long MAP = 144; // LinkedHashMap and its first table
  static final long MAP_ENTRY = 56; // an entry and its share of the table
  static final long LIST = 96; // ArrayList and its first array
  static final long LIST_ELEMENT = 8;
  static final long STRING = 48; // String and its array's header
  static final long NUMBER = 24;
  static final long BIG_NUMBER = 64;

  private final long limit;
  private final AtomicLong used = new AtomicLong();
  /** Field names, one instance each: a list of a thousand pods names "metadata" once. */
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

  HeapBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("heap budget must be positive: " + limit);
    }
    this.limit = limit;
  }

  /** The budget of this JVM: {@link #HEAP_SHARE} of its maximum heap. */
  static HeapBudget ofThisJvm() {
    return new HeapBudget((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE));
  }

  long limit() {
    return limit;
  }

  long used() {
    return used.get();
  }

  /**
   * Takes {@code bytes} from the budget.
   *
   * @throws ApiFailure ({@link ApiFailure#HEAP_FULL}) when they are not left; nothing is taken
   */
  void charge(long bytes) throws ApiFailure {
    long after = used.addAndGet(bytes);
    if (after > limit) {
      used.addAndGet(-bytes);
      throw new ApiFailure(ApiFailure.HEAP_FULL, "the evidence would fill more than "
          + Sizes.bytes(limit) + " of memory, the share of the Java heap kcis sets aside for it "
          + "(give Java more heap, e.g. KCIS_JAVA_OPTS=-Xmx2g)");
    }
  }

  /** Gives back what was charged for values no longer kept. */
  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** The one instance of a field name, charged the first time it is met. */
  String name(String name) throws ApiFailure {
    String known = names.get(name);
    if (known != null) {
      return known;
    }
    charge(STRING + MAP_ENTRY + 2L * name.length());
    known = names.putIfAbsent(name, name);
    return known == null ? name : known;
  }

  /** The estimated heap of a string of this text. */
  static long string(String text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) > 0xff) {
        return STRING + 2L * length; // UTF-16 inside
      }
    }
    return STRING + length; // one byte a character (compact strings)
  }
}
