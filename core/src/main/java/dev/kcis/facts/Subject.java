package dev.kcis.facts;

import java.util.Objects;

/**
 * One subject of a {@link Binding}, flattened with the binding's role so a rule can match it alone:
 * {@code Subject(kind == "Group", name == "system:authenticated", roleName == "cluster-admin")}.
 */
public final class Subject implements Fact {

  private final Binding binding;
  private final String kind;
  private final String name;
  private final String subjectNamespace;

  /**
   * @param binding the binding this subject belongs to
   * @param kind {@code User}, {@code Group} or {@code ServiceAccount}
   * @param name the subject's name
   * @param subjectNamespace a service account's namespace, else {@code null}
   */
  public Subject(Binding binding, String kind, String name, String subjectNamespace) {
    this.binding = Objects.requireNonNull(binding, "binding");
    this.kind = kind;
    this.name = name;
    this.subjectNamespace = subjectNamespace;
  }

  public Binding getBinding() {
    return binding;
  }

  public String getKind() {
    return kind;
  }

  public String getName() {
    return name;
  }

  public String getSubjectNamespace() {
    return subjectNamespace;
  }

  public String getRoleKind() {
    return binding.getRoleKind();
  }

  public String getRoleName() {
    return binding.getRoleName();
  }

  public boolean isBuiltIn() {
    return binding.isBuiltIn();
  }

  @Override
  public String getTarget() {
    return binding.getTarget();
  }

  @Override
  public Observation observe() {
    String who = subjectNamespace == null ? kind + "/" + name
        : kind + "/" + subjectNamespace + "/" + name;
    return new Observation(binding.getTarget(), who + " bound to " + binding.getRoleKind() + "/"
        + binding.getRoleName(), "api-object", binding.getLocation(), null);
  }

  @Override
  public String toString() {
    return binding.getTarget() + " -> " + kind + "/" + name;
  }
}
