package dev.kcis.facts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Parses values the way Kubernetes components (Go, pflag) parse them, so rules judge what runs. */
final class GoValues {

  private GoValues() {}

  /**
   * Go's {@code strconv.ParseBool}: {@code 1 t T TRUE true True 0 f F FALSE false False}; anything
   * else is not a boolean (returns {@code null}).
   */
  static Boolean parseBool(String value) {
    if (value == null) {
      return null;
    }
    switch (value) {
      case "1", "t", "T", "TRUE", "true", "True":
        return Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** A base-10 integer as Go's {@code strconv.Atoi} accepts it (64 bits), or {@code null}. */
  static Long parseInteger(String value) {
    // No int64 has more than 20 characters: longer text is refused before Long.parseLong, whose
    // error message would copy all of it.
    if (value == null || value.isEmpty() || value.length() > 20) {
      return null;
    }
    try {
      return Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final long HOUR = 3_600_000_000_000L;

  /**
   * Go's {@code time.ParseDuration} ({@code 4h0m0s}, {@code 1.5h}, {@code 300ms}, {@code 0}), or
   * {@code null} when the value is not a duration. Ported from Go's code: integer arithmetic, and a
   * duration beyond about 292 years (an int64 of nanoseconds) is an error, as in Go, not clamped.
   */
  static Duration parseDuration(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    String s = value;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      return null;
    }
    long total = 0; // nanoseconds, compared unsigned: Go allows exactly 1<<63 when negative
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(c == '.' || (c >= '0' && c <= '9'))) {
        return null;
      }
      // The integer part: overflow is an error.
      long whole = 0;
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (Long.compareUnsigned(whole, Long.divideUnsigned(Long.MIN_VALUE, 10)) > 0) {
          return null;
        }
        whole = whole * 10 + (s.charAt(i) - '0');
        if (Long.compareUnsigned(whole, Long.MIN_VALUE) > 0) {
          return null;
        }
        i++;
      }
      boolean pre = i > start;
      // The fraction: digits beyond what a long holds are read but ignored, as in Go.
      long fraction = 0;
      double scale = 1;
      boolean post = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          long next = fraction * 10 + (s.charAt(i) - '0');
          if (overflow || fraction > Long.MAX_VALUE / 10
              || Long.compareUnsigned(next, Long.MIN_VALUE) > 0) {
            overflow = true;
          } else {
            fraction = next;
            scale *= 10;
          }
          i++;
        }
        post = i > fractionStart;
      }
      if (!pre && !post) {
        return null;
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
        i++;
      }
      long unit;
      switch (s.substring(unitStart, i)) {
        case "ns" -> unit = 1;
        case "us", "\u00b5s", "\u03bcs" -> unit = 1_000;
        case "ms" -> unit = 1_000_000;
        case "s" -> unit = 1_000_000_000;
        case "m" -> unit = 60_000_000_000L;
        case "h" -> unit = HOUR;
        default -> {
          return null; // a missing or unknown unit is an error in Go
        }
      }
      if (Long.compareUnsigned(whole, Long.divideUnsigned(Long.MIN_VALUE, unit)) > 0) {
        return null;
      }
      long v = whole * unit;
      if (fraction > 0) {
        v += (long) (fraction * (unit / scale));
        if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) {
          return null;
        }
      }
      total += v;
      if (Long.compareUnsigned(total, Long.MIN_VALUE) > 0) {
        return null;
      }
    }
    if (negative) {
      return Duration.ofNanos(-total); // -(1<<63) wraps to itself: Long.MIN_VALUE, as in Go
    }
    if (total < 0) {
      return null; // exactly 1<<63: only its negation fits
    }
    return Duration.ofNanos(total);
  }

  /** A comma-separated list as pflag's string slices read it: trimmed, empty elements dropped. */
  static List<String> splitList(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String part : value.split(",", -1)) {
      String trimmed = part.trim();
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
    return out;
  }

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

  /**
   * True when {@code ip} is a loopback IP literal as Go's {@code net.IP.IsLoopback} sees it:
   * 127.0.0.0/8, {@code ::1}, or an IPv4-mapped 127.x address. Names are never resolved.
   */
  static boolean isLoopbackIp(String ip) {
    if (ip == null) {
      return false;
    }
    String s = ip.trim();
    if (s.matches("127\\." + OCTET + "\\." + OCTET + "\\." + OCTET)) {
      return true;
    }
    if (s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+") && s.charAt(0) != '.') {
      try {
        return java.net.InetAddress.getByName(s).isLoopbackAddress(); // a literal: no lookup
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  /**
   * True when {@code hostPort} ({@code host:port}, {@code [v6]:port} or a bare IP) names a loopback
   * IP; an empty host ({@code :10249}) means every interface and is not loopback.
   */
  static boolean isLoopbackHostPort(String hostPort) {
    if (hostPort == null) {
      return false;
    }
    String s = hostPort.trim();
    String host = s;
    String port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return false;
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return false;
        }
        port = rest.substring(1);
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    }
    if (port != null && !port.matches("[0-9]{1,5}")) {
      return false;
    }
    return isLoopbackIp(host);
  }
}
