package dev.kcis.bundle.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A parsed document with the source position of every node, keyed by JSON pointer, so problems
 * found after parsing can still be reported as {@code line:column}.
 */
public record LocatedTree(JsonNode root, Map<String, String> positions) {

  /** The subtree at {@code pointer} as a tree of its own, keeping source positions. */
  public LocatedTree subtree(String pointer) {
    JsonNode node = root.at(pointer);
    Map<String, String> sub = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : positions.entrySet()) {
      if (e.getKey().equals(pointer)) {
        sub.put("", e.getValue());
      } else if (e.getKey().startsWith(pointer + "/")) {
        sub.put(e.getKey().substring(pointer.length()), e.getValue());
      }
    }
    return new LocatedTree(node, sub);
  }

  /** {@code line:column} of the node at {@code pointer}, or of its nearest located ancestor. */
  public String positionOf(String pointer) {
    String p = pointer;
    while (true) {
      String position = positions.get(p);
      if (position != null || p.isEmpty()) {
        return position;
      }
      int slash = p.lastIndexOf('/');
      p = slash <= 0 ? "" : p.substring(0, slash);
    }
  }
}
