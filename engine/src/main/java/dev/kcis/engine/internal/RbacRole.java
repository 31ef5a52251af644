package dev.kcis.engine.internal;

import dev.kcis.facts.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Role or ClusterRole as RBAC resolution sees it, read from the evidence or from the bootstrap
 * policy.
 *
 * @param selectors the clusterRoleSelectors of an aggregated ClusterRole (empty otherwise)
 * @param builtIn reconciled by the API server (labelled rbac-defaults)
 * @param location where the object was read, or which bootstrap data its rules come from
 */
record RbacRole(String kind, String namespace, String name, Map<String, String> labels,
    List<Map<String, Object>> rules, List<Map<String, Object>> selectors, boolean builtIn,
    boolean inEvidence, String location) {

  private static final String AGGREGATE_LABEL = "rbac.authorization.k8s.io/aggregate-to-";

  /** The role as the evidence of the object in it. */
  static RbacRole of(KubeObject o) {
    List<Map<String, Object>> rules = new ArrayList<>();
    list(o.get("rules")).forEach(r -> rules.add(map(r)));
    List<Map<String, Object>> selectors = new ArrayList<>();
    if (o.getKind().equals("ClusterRole")) { // a Role has no aggregationRule
      list(o.get("aggregationRule.clusterRoleSelectors")).forEach(s -> selectors.add(map(s)));
    }
    return new RbacRole(o.getKind(), o.getNamespace(), o.getName(), o.getLabels(), rules,
        selectors, "rbac-defaults".equals(o.getLabels().get("kubernetes.io/bootstrapping")), true,
        o.getLocation());
  }

  String target() {
    return KubeObject.targetOf(kind, namespace, name);
  }

  /** True for a ClusterRole that the standard admin, edit or view roles aggregate by label. */
  boolean hasAggregateLabel() {
    return kind.equals("ClusterRole") && labels.keySet().stream()
        .anyMatch(k -> k.startsWith(AGGREGATE_LABEL));
  }

  /** True when one of this role's clusterRoleSelectors selects {@code other}. */
  boolean selects(RbacRole other) {
    return selectors.stream().anyMatch(s -> selects(s, other.labels()));
  }

  /** A label selector (matchLabels, matchExpressions) as Kubernetes evaluates it; empty: none. */
  static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
    for (Map.Entry<String, Object> e : map(selector.get("matchLabels")).entrySet()) {
      if (!String.valueOf(e.getValue()).equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (Object x : list(selector.get("matchExpressions"))) {
      Map<String, Object> expression = map(x);
      String key = String.valueOf(expression.get("key"));
      List<String> values = strings(expression.get("values"));
      String value = labels.get(key);
      boolean ok = switch (String.valueOf(expression.get("operator"))) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return !map(selector.get("matchLabels")).isEmpty()
        || !list(selector.get("matchExpressions")).isEmpty();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }
}
