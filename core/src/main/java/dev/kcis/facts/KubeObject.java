package dev.kcis.facts;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes API object as collected, for rules that need fields the shaped facts do not carry.
 *
 * <p>{@link #get(String)} reads a dotted path into the object's JSON ({@code spec.hostNetwork},
 * {@code metadata.labels.team}); list elements are addressed by index ({@code
 * spec.containers.0.image}).
 */
public final class KubeObject implements Fact {

  private final String apiVersion;
  private final String kind;
  private final String namespace;
  private final String name;
  private final Map<String, String> labels;
  private final Map<String, Object> json;
  private final String location;
  /** Computed once: the assembly and rules ask it of every object. */
  private final String target;

  /**
   * @param apiVersion e.g. {@code rbac.authorization.k8s.io/v1}
   * @param kind e.g. {@code ClusterRoleBinding}
   * @param namespace the namespace, or {@code null} for cluster-scoped kinds
   * @param name {@code metadata.name}
   * @param labels {@code metadata.labels}
   * @param json the whole object
   * @param location where it was read from ({@code file:line}), or {@code null}
   */
  public KubeObject(String apiVersion, String kind, String namespace, String name,
      Map<String, String> labels, Map<String, Object> json, String location) {
    this.apiVersion = apiVersion;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.namespace = namespace;
    this.name = Objects.requireNonNull(name, "name");
    this.labels = Map.copyOf(labels);
    this.json = json;
    this.location = location;
    this.target = targetOf(kind, namespace, name);
  }

  /** The target name of an object: {@code Kind/name} or {@code Kind/namespace/name}. */
  public static String targetOf(String kind, String namespace, String name) {
    return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public String getNamespace() {
    return namespace;
  }

  public String getName() {
    return name;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public Map<String, Object> getJson() {
    return json;
  }

  public String getLocation() {
    return location;
  }

  /**
   * True when the object is judged in {@code default} only because it names no namespace: a
   * manifest that {@code kubectl apply} places in the namespace of its context or of {@code -n}.
   */
  public boolean isNamespaceAssumed() {
    return namespace != null && !(get("metadata.namespace") instanceof String ns && !ns.isEmpty());
  }

  /** The value at a dotted path, or {@code null} when any step is missing. */
  public Object get(String dottedPath) {
    Object current = json;
    for (String step : dottedPath.split("\\.")) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(step);
      } else if (current instanceof List<?> list) {
        int index;
        try {
          index = Integer.parseInt(step);
        } catch (NumberFormatException e) {
          return null;
        }
        current = index >= 0 && index < list.size() ? list.get(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }

  @Override
  public String getTarget() {
    return target;
  }

  @Override
  public Observation observe() {
    return new Observation(kind, getTarget() + (isNamespaceAssumed() ? " (no metadata.namespace: "
        + "assumed " + namespace + ")" : ""), "api-object", location, null);
  }

  @Override
  public String toString() {
    return getTarget();
  }
}
