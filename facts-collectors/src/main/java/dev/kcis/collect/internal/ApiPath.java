package dev.kcis.collect.internal;

import java.util.regex.Pattern;

/**
 * Paths of the API server built from names the server itself sent: every segment is
 * percent-encoded, so that a name cannot add segments, a query or a fragment to a request.
 */
final class ApiPath {

  /** A DNS subdomain (RFC 1123), as Kubernetes requires of node names. */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int DNS_SUBDOMAIN_MAX = 253;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ApiPath() {}

  /**
   * The path of these segments, each encoded: {@code of("api", "v1", "nodes", name)}.
   *
   * @throws IllegalArgumentException for an empty segment, {@code .} or {@code ..}, which no
   *     encoding keeps from being read as a step in the path
   */
  static String of(String... segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      path.append('/').append(segment(segment));
    }
    return path.toString();
  }

  /**
   * A path to show, never to request: like {@link #of} for any segments, with {@code .} and
   * {@code ..} encoded too.
   */
  static String label(String... segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      path.append('/').append(segment.equals(".") || segment.equals("..")
          ? segment.replace(".", "%2E") : encode(segment));
    }
    return path.toString();
  }

  /** One path segment, percent-encoded except for the unreserved characters of RFC 3986. */
  static String segment(String segment) {
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      throw new IllegalArgumentException("not a path segment: '" + segment + "'");
    }
    return encode(segment);
  }

  private static String encode(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    for (byte b : segment.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return out.toString();
  }

  /** True when {@code name} is a DNS subdomain, as every node's name is. */
  static boolean isDnsSubdomain(String name) {
    return name.length() <= DNS_SUBDOMAIN_MAX && DNS_SUBDOMAIN.matcher(name).matches();
  }
}
