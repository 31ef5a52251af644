package dev.kcis.facts;

import java.util.List;
import java.util.Objects;

/**
 * One RBAC permission in effect: a rule of the role a binding grants, to one subject of that
 * binding. Aggregated ClusterRoles are expanded; a role missing from the evidence is taken from
 * Kubernetes' bootstrap policy as kcis ships it, and one in neither grants nothing (see
 * {@link MissingRole}); a RoleBinding grants only in its namespace. {@link RoleGrant} is the same
 * per rule of a role, with every binding and subject that reaches it.
 *
 * <p>{@link #allows(String, String, String)} matches a request as the RBAC authorizer does: the
 * API group must match (a verb granted under the wrong group grants nothing), {@code *} matches
 * any group, resource or verb, and {@code *}/{@code sub} any subresource {@code sub}.
 */
public final class Grant implements Fact {

  private final Binding binding;
  private final String subjectKind;
  private final String subjectName;
  private final String subjectNamespace;
  private final boolean builtInRole;
  private final List<String> apiGroups;
  private final List<String> resources;
  private final List<String> verbs;
  private final List<String> resourceNames;
  private final String roleLocation;

  /**
   * @param binding the binding that grants it
   * @param subjectKind {@code User}, {@code Group} or {@code ServiceAccount}
   * @param subjectName the subject's name
   * @param subjectNamespace a service account's namespace, else {@code null}
   * @param builtInRole true when the role is one Kubernetes reconciles (rbac-defaults)
   * @param apiGroups the rule's apiGroups
   * @param resources the rule's resources ({@code pods}, {@code pods/exec}, {@code *})
   * @param verbs the rule's verbs
   * @param resourceNames the rule's resourceNames (a non-empty list limits it to those objects)
   * @param roleLocation where the role was read from, or a note for built-in defaults
   */
  public Grant(Binding binding, String subjectKind, String subjectName, String subjectNamespace,
      boolean builtInRole, List<String> apiGroups, List<String> resources, List<String> verbs,
      List<String> resourceNames, String roleLocation) {
    this.binding = Objects.requireNonNull(binding, "binding");
    this.subjectKind = subjectKind;
    this.subjectName = subjectName;
    this.subjectNamespace = subjectNamespace;
    this.builtInRole = builtInRole;
    this.apiGroups = List.copyOf(apiGroups);
    this.resources = List.copyOf(resources);
    this.verbs = List.copyOf(verbs);
    this.resourceNames = List.copyOf(resourceNames);
    this.roleLocation = roleLocation;
  }

  public Binding getBinding() {
    return binding;
  }

  public String getSubjectKind() {
    return subjectKind;
  }

  public String getSubjectName() {
    return subjectName;
  }

  public String getSubjectNamespace() {
    return subjectNamespace;
  }

  /** The subject as {@code Kind/name} or {@code ServiceAccount/namespace/name}. */
  public String getSubject() {
    return subjectNamespace == null ? subjectKind + "/" + subjectName
        : subjectKind + "/" + subjectNamespace + "/" + subjectName;
  }

  /** True when the binding is one Kubernetes creates and reconciles itself: not a finding. */
  public boolean isBuiltIn() {
    return binding.isBuiltIn();
  }

  public boolean isBuiltInRole() {
    return builtInRole;
  }

  /** The namespace the permission applies in, or {@code null} for every namespace. */
  public String getNamespace() {
    return binding.isClusterWide() ? null : binding.getNamespace();
  }

  public String getRoleName() {
    return binding.getRoleName();
  }

  public List<String> getApiGroups() {
    return apiGroups;
  }

  public List<String> getResources() {
    return resources;
  }

  public List<String> getVerbs() {
    return verbs;
  }

  public List<String> getResourceNames() {
    return resourceNames;
  }

  /**
   * True when the grant allows {@code verb} on {@code resource} (optionally {@code res/sub}) in
   * API group {@code group} ({@code ""} for the core group) for any object, as RBAC decides. A
   * grant limited by resourceNames does not count: it reaches only the objects it names.
   */
  public boolean allows(String group, String resource, String verb) {
    return resourceNames.isEmpty() && matches(group, resource, verb);
  }

  /** Like {@link #allows} but also true for grants limited to named objects. */
  public boolean allowsSome(String group, String resource, String verb) {
    return matches(group, resource, verb);
  }

  /**
   * {@link #allows(String, String, String)} with the request written as {@code kubectl auth can-i}
   * and {@link RoleGrant} write it: a verb and {@code resource[/sub][.group]}
   * ({@code allows("get", "secrets")}, {@code allows("bind", "roles.rbac.authorization.k8s.io")}).
   */
  public boolean allows(String verb, String request) {
    int dot = request.indexOf('.');
    return allows(dot < 0 ? "" : request.substring(dot + 1),
        dot < 0 ? request : request.substring(0, dot), verb);
  }

  /** {@link #allows(String, String)} that also counts a grant limited to named objects. */
  public boolean allowsSome(String verb, String request) {
    int dot = request.indexOf('.');
    return allowsSome(dot < 0 ? "" : request.substring(dot + 1),
        dot < 0 ? request : request.substring(0, dot), verb);
  }

  /** True when the grant allows any verb it lists on {@code resource[/sub][.group]}. */
  public boolean allowsAnyVerb(String request) {
    return verbs.stream().anyMatch(verb -> allows(verb, request));
  }

  /** True when any of apiGroups, resources or verbs is the wildcard {@code *}. */
  public boolean isWildcard() {
    return apiGroups.contains("*") || resources.contains("*") || verbs.contains("*");
  }

  private boolean matches(String group, String resource, String verb) {
    return RoleGrant.ruleMatches(apiGroups, resources, verbs, group, resource, verb);
  }

  @Override
  public String getTarget() {
    return binding.getTarget();
  }

  @Override
  public Observation observe() {
    String where = getNamespace() == null ? "all namespaces" : "namespace " + getNamespace();
    return new Observation(getSubject(), binding.getRoleKind() + "/" + binding.getRoleName()
        + " grants " + verbs + " on " + resources + " in apiGroups " + groups()
        + (resourceNames.isEmpty() ? "" : " (only " + resourceNames + ")") + ", " + where,
        "api-object", binding.getLocation(), roleLocation);
  }

  /** The apiGroups as RBAC writes them, the core group as {@code ""} (not an empty name). */
  private String groups() {
    return apiGroups.stream().map(g -> g.isEmpty() ? "\"\"" : g).toList().toString();
  }

  @Override
  public String toString() {
    return getTarget() + " " + getSubject() + " " + verbs + " " + resources;
  }
}
