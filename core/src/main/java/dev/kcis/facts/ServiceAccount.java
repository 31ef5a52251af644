package dev.kcis.facts;

import java.util.Objects;

/** A ServiceAccount and whether it lets pods mount its token by default. */
public final class ServiceAccount implements Fact {

  private final String namespace;
  private final String name;
  private final Boolean automountServiceAccountToken;
  private final String location;

  /**
   * @param namespace its namespace
   * @param name its name
   * @param automountServiceAccountToken its setting, {@code null} when unset (tokens are mounted)
   * @param location where it was read from
   */
  public ServiceAccount(String namespace, String name, Boolean automountServiceAccountToken,
      String location) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    this.automountServiceAccountToken = automountServiceAccountToken;
    this.location = location;
  }

  public String getNamespace() {
    return namespace;
  }

  public String getName() {
    return name;
  }

  public Boolean getAutomountServiceAccountToken() {
    return automountServiceAccountToken;
  }

  /** True when automountServiceAccountToken is explicitly false. */
  public boolean isAutomountDisabled() {
    return Boolean.FALSE.equals(automountServiceAccountToken);
  }

  /** True for the {@code default} service account every namespace gets. */
  public boolean isDefault() {
    return "default".equals(name);
  }

  @Override
  public String getTarget() {
    return KubeObject.targetOf("ServiceAccount", namespace, name);
  }

  @Override
  public Observation observe() {
    return new Observation(getTarget(), "automountServiceAccountToken="
        + (automountServiceAccountToken == null ? "(unset)" : automountServiceAccountToken),
        "api-object", location, "automountServiceAccountToken");
  }
}
