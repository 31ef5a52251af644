package dev.kcis.facts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RBAC requests as rules write them, {@code resource[/sub][.group]}, split once: rules ask the same
 * few requests of every grant, tens of thousands of times in a large cluster.
 */
final class Request {

  /** Distinct requests kept; the rules of a rule base ask far fewer. */
  private static final int MAX_KEPT = 4096;
  private static final Map<String, String[]> SPLIT = new ConcurrentHashMap<>();

  private Request() {}

  /** {@code {group, resource}} of a request ({@code ""} for the core group); do not modify. */
  static String[] parts(String request) {
    String[] parts = SPLIT.get(request);
    if (parts == null) {
      int dot = request.indexOf('.');
      parts = new String[] {dot < 0 ? "" : request.substring(dot + 1),
          dot < 0 ? request : request.substring(0, dot)};
      if (SPLIT.size() >= MAX_KEPT) {
        SPLIT.clear();
      }
      SPLIT.put(request, parts);
    }
    return parts;
  }
}
