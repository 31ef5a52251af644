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

  /** A base-10 integer as Go's {@code strconv.Atoi} accepts it, or {@code null}. */
  static Long parseInteger(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Go's {@code time.ParseDuration} ({@code 4h0m0s}, {@code 1.5h}, {@code 300ms}, {@code 0}), or
   * {@code null} when the value is not a duration.
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
    double nanos = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        return null;
      }
      double number;
      try {
        number = Double.parseDouble(s.substring(start, i));
      } catch (NumberFormatException e) {
        return null;
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      double unit;
      switch (s.substring(unitStart, i)) {
        case "ns" -> unit = 1;
        case "us", "µs", "μs" -> unit = 1e3;
        case "ms" -> unit = 1e6;
        case "s" -> unit = 1e9;
        case "m" -> unit = 60e9;
        case "h" -> unit = 3600e9;
        default -> {
          return null; // a missing or unknown unit is an error in Go
        }
      }
      nanos += number * unit;
    }
    Duration d = Duration.ofNanos(Math.round(nanos));
    return negative ? d.negated() : d;
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
