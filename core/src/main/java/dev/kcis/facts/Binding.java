package dev.kcis.facts;

import java.util.List;
import java.util.Objects;

/**
 * A RoleBinding or ClusterRoleBinding: which role it grants and to whom.
 *
 * <p>{@link #isBuiltIn()} is true for the bindings Kubernetes creates and reconciles itself
 * (labelled {@code kubernetes.io/bootstrapping: rbac-defaults}); what users create is not built in.
 * Each subject is also inserted as a {@link Subject} fact.
 */
public final class Binding implements Fact {

  private final String kind;
  private final String namespace;
  private final String name;
  private final String roleKind;
  private final String roleName;
  private final boolean builtIn;
  private final boolean roleResolved;
  private final List<String> subjects;
  private final String location;

  /**
   * @param kind {@code RoleBinding} or {@code ClusterRoleBinding}
   * @param namespace the namespace of a RoleBinding, {@code null} for a ClusterRoleBinding
   * @param name the binding's name
   * @param roleKind {@code Role} or {@code ClusterRole}
   * @param roleName the role it grants
   * @param builtIn labelled {@code kubernetes.io/bootstrapping: rbac-defaults}
   * @param roleResolved true when the role it grants is in the evidence or in Kubernetes'
   *     bootstrap policy as kcis ships it, so its permissions are known
   * @param subjects the subjects as {@code Kind/name} or {@code ServiceAccount/namespace/name}
   * @param location where the object was read from, or {@code null}
   */
  public Binding(String kind, String namespace, String name, String roleKind, String roleName,
      boolean builtIn, boolean roleResolved, List<String> subjects, String location) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.namespace = namespace;
    this.name = Objects.requireNonNull(name, "name");
    this.roleKind = roleKind;
    this.roleName = roleName;
    this.builtIn = builtIn;
    this.roleResolved = roleResolved;
    this.subjects = List.copyOf(subjects);
    this.location = location;
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

  public String getRoleKind() {
    return roleKind;
  }

  public String getRoleName() {
    return roleName;
  }

  public boolean isBuiltIn() {
    return builtIn;
  }

  /** True when the permissions of the role it grants are known (see {@link Grant}). */
  public boolean isRoleResolved() {
    return roleResolved;
  }

  /** True for a ClusterRoleBinding, which grants its role in every namespace. */
  public boolean isClusterWide() {
    return "ClusterRoleBinding".equals(kind);
  }

  public List<String> getSubjects() {
    return subjects;
  }

  public String getLocation() {
    return location;
  }

  @Override
  public String getTarget() {
    return KubeObject.targetOf(kind, namespace, name);
  }

  @Override
  public Observation observe() {
    return new Observation(getTarget(),
        "roleRef " + roleKind + "/" + roleName + " to " + String.join(", ", subjects),
        "api-object", location, null);
  }

  @Override
  public String toString() {
    return getTarget();
  }
}
