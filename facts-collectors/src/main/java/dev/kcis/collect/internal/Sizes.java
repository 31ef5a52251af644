package dev.kcis.collect.internal;

import java.time.Duration;

/** Byte counts and durations as messages and options write them: {@code 64MiB}, {@code 90s}. */
final class Sizes {

  private static final long KIB = 1024;

  private Sizes() {}

  /** {@code 512B}, {@code 16KiB}, {@code 64MiB}, {@code 1.5GiB}. */
  static String bytes(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < KIB) {
      return bytes + "B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= KIB && unit < units.length - 1) {
      value /= KIB;
      unit++;
    }
    return (value == Math.rint(value) ? String.valueOf((long) value)
        : String.format(java.util.Locale.ROOT, "%.1f", value)) + units[unit];
  }

  /** {@code 250ms}, {@code 90s}, {@code 10m}, {@code 2h}: the largest unit that is exact. */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
