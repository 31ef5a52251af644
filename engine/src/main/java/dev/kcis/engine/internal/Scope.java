package dev.kcis.engine.internal;

import java.util.List;

/**
 * What a rule judges, from its {@code @scope} metadata. The engine makes sure every target of the
 * scope gets a verdict, reporting INCONCLUSIVE for those the rule did not judge.
 *
 * <ul>
 *   <li>{@code component:<kind>}: every component of that kind, e.g. {@code component:kubelet}
 *   <li>{@code node}: every node
 *   <li>{@code cluster}: the cluster as a whole (at least one verdict)
 *   <li>{@code objects:<Kind>,<Kind>}: API objects; the rule reports offending objects, and when it
 *       reports none and every kind is held in full (manifests only: some kind is present in
 *       them, and the PASS names the kinds it covers), the engine records a PASS
 *   <li>{@code manual}: a check kcis does not decide; the engine reports MANUAL with the rule's
 *       {@code @review} text, and the rule carries the control's mappings
 * </ul>
 */
record Scope(Type type, String component, List<String> kinds) {

  enum Type { COMPONENT, NODE, CLUSTER, OBJECTS, MANUAL }

  static Scope parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("missing @scope");
    }
    String t = text.trim();
    if (t.equals("node")) {
      return new Scope(Type.NODE, null, List.of());
    }
    if (t.equals("cluster")) {
      return new Scope(Type.CLUSTER, null, List.of());
    }
    if (t.equals("manual")) {
      return new Scope(Type.MANUAL, null, List.of());
    }
    if (t.startsWith("component:") && t.length() > "component:".length()) {
      return new Scope(Type.COMPONENT, t.substring("component:".length()).trim(), List.of());
    }
    if (t.startsWith("objects:")) {
      List<String> kinds = java.util.Arrays.stream(t.substring("objects:".length()).split(","))
          .map(String::trim).filter(s -> !s.isEmpty()).toList();
      if (!kinds.isEmpty()) {
        return new Scope(Type.OBJECTS, null, kinds);
      }
    }
    throw new IllegalArgumentException("@scope '" + text + "' is not one of component:<kind>, node, "
        + "cluster, objects:<Kind>[,<Kind>...], manual");
  }

  @Override
  public String toString() {
    return switch (type) {
      case COMPONENT -> "component:" + component;
      case NODE -> "node";
      case CLUSTER -> "cluster";
      case OBJECTS -> "objects:" + String.join(",", kinds);
      case MANUAL -> "manual";
    };
  }
}
