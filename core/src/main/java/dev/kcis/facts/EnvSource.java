package dev.kcis.facts;

/**
 * Where one of a container's environment variables comes from, never its value: an {@code env}
 * entry (a literal, a Secret or ConfigMap key, a pod field, a resource field) or an
 * {@code envFrom} entry (every key of a Secret or ConfigMap).
 */
public final class EnvSource {

  private final String name;
  private final String from;
  private final String sourceName;
  private final String key;

  /**
   * @param name the variable's name; for {@code envFrom}, its prefix or {@code null}
   * @param from {@code literal}, {@code secretKeyRef}, {@code configMapKeyRef}, {@code fieldRef},
   *     {@code resourceFieldRef}; for {@code envFrom}: {@code secretRef} or {@code configMapRef}
   * @param sourceName the Secret's or ConfigMap's name, the field path or the resource; else
   *     {@code null}
   * @param key the Secret's or ConfigMap's key, or {@code null}
   */
  public EnvSource(String name, String from, String sourceName, String key) {
    this.name = name;
    this.from = from;
    this.sourceName = sourceName;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public String getFrom() {
    return from;
  }

  public String getSourceName() {
    return sourceName;
  }

  public String getKey() {
    return key;
  }

  /** True when the variable (or every variable of an envFrom) is read from a Secret. */
  public boolean isFromSecret() {
    return "secretKeyRef".equals(from) || "secretRef".equals(from);
  }

  /** True for an {@code envFrom} entry. */
  public boolean isEnvFrom() {
    return "secretRef".equals(from) || "configMapRef".equals(from);
  }

  @Override
  public String toString() {
    String what = sourceName == null ? from
        : from + " " + sourceName + (key == null ? "" : "/" + key);
    return (name == null ? "envFrom" : name) + " <- " + what;
  }
}
