package dev.kcis.facts;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a Role or ClusterRole, with the bindings and subjects that reach it: what RBAC lets
 * whom do, for rules that ask which roles grant a permission and to whom.
 *
 * <pre>
 * // every role users created that lets its holders read Secrets, bound or not
 * $g : RoleGrant(!builtInRole, allows("get", "secrets") || allows("list", "secrets"))
 * // a ClusterRole that lets someone outside the defaults approve certificate requests
 * $g : RoleGrant(boundOutsideDefaults, allows("update", "certificatesigningrequests/approval.certificates.k8s.io"))
 * </pre>
 *
 * <p>There is one fact per rule of every role in the evidence, and one per rule of each role of
 * Kubernetes' bootstrap policy (as kcis ships it) that a binding in the evidence refers to but the
 * evidence does not hold; a role object in the evidence always wins over that data. Aggregation is
 * resolved: a ClusterRole selected by an aggregated ClusterRole's {@code aggregationRule} is reached
 * by the bindings of the aggregated role, so {@link #getBindings()} lists those too.
 *
 * <p>Requests are written as {@code kubectl auth can-i} writes them: a verb and a resource
 * {@code resource[/subresource][.group]} ({@code secrets}, {@code pods/exec},
 * {@code clusterroles.rbac.authorization.k8s.io}); no group means the core group. Matching is the
 * RBAC authorizer's: {@code *} matches any verb, group or resource, {@code *}/{@code sub} any
 * resource's subresource {@code sub}, and a rule limited by {@code resourceNames} grants only the
 * objects it names, so {@link #allows} does not count it and {@link #allowsSome} does.
 */
public final class RoleGrant implements Fact {

  private final String roleKind;
  private final String roleNamespace;
  private final String roleName;
  private final boolean builtInRole;
  private final boolean inEvidence;
  private final String roleLocation;
  private final List<String> apiGroups;
  private final List<String> resources;
  private final List<String> verbs;
  private final List<String> resourceNames;
  private final List<String> nonResourceURLs;
  private final boolean reached;
  private final List<Binding> bindings;
  private final List<Subject> subjects;

  /**
   * @param roleKind {@code Role} or {@code ClusterRole}
   * @param roleNamespace a Role's namespace, {@code null} for a ClusterRole
   * @param roleName the role's name
   * @param builtInRole true for a role Kubernetes creates and reconciles (rbac-defaults)
   * @param inEvidence true when the role object is in the evidence, false when its rules come from
   *     kcis's copy of the bootstrap policy
   * @param roleLocation where the role was read from, or which bootstrap data its rules come from
   * @param apiGroups the rule's apiGroups
   * @param resources the rule's resources
   * @param verbs the rule's verbs
   * @param resourceNames the rule's resourceNames (non-empty: only those objects)
   * @param nonResourceURLs the rule's nonResourceURLs
   * @param reached true when something in the evidence reaches the role: a binding, or an
   *     aggregated ClusterRole that selects it (a standard {@code aggregate-to-*} label counts)
   * @param bindings the bindings that grant this rule, directly or through aggregation
   * @param subjects the subjects of those bindings
   */
  public RoleGrant(String roleKind, String roleNamespace, String roleName, boolean builtInRole,
      boolean inEvidence, String roleLocation, List<String> apiGroups, List<String> resources,
      List<String> verbs, List<String> resourceNames, List<String> nonResourceURLs,
      boolean reached, List<Binding> bindings, List<Subject> subjects) {
    this.roleKind = Objects.requireNonNull(roleKind, "roleKind");
    this.roleNamespace = roleNamespace;
    this.roleName = Objects.requireNonNull(roleName, "roleName");
    this.builtInRole = builtInRole;
    this.inEvidence = inEvidence;
    this.roleLocation = roleLocation;
    this.apiGroups = List.copyOf(apiGroups);
    this.resources = List.copyOf(resources);
    this.verbs = List.copyOf(verbs);
    this.resourceNames = List.copyOf(resourceNames);
    this.nonResourceURLs = List.copyOf(nonResourceURLs);
    this.reached = reached;
    this.bindings = List.copyOf(bindings);
    this.subjects = List.copyOf(subjects);
  }

  public String getRoleKind() {
    return roleKind;
  }

  /** A Role's namespace, the only one it grants in; {@code null} for a ClusterRole. */
  public String getRoleNamespace() {
    return roleNamespace;
  }

  public String getRoleName() {
    return roleName;
  }

  /** The role as {@code ClusterRole/name} or {@code Role/namespace/name}. */
  public String getRole() {
    return getTarget();
  }

  /** True for a role Kubernetes creates and reconciles itself (rbac-defaults): not a finding. */
  public boolean isBuiltInRole() {
    return builtInRole;
  }

  /** False when the role is not in the evidence and its rules come from the bootstrap policy. */
  public boolean isInEvidence() {
    return inEvidence;
  }

  public String getRoleLocation() {
    return roleLocation;
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

  public List<String> getNonResourceURLs() {
    return nonResourceURLs;
  }

  /** True when the rule reaches only the objects its resourceNames list. */
  public boolean isLimitedToNames() {
    return !resourceNames.isEmpty();
  }

  /** True when a binding or an aggregated ClusterRole in the evidence reaches the role. */
  public boolean isReached() {
    return reached;
  }

  /** True when at least one binding in the evidence grants this rule. */
  public boolean isBound() {
    return !bindings.isEmpty();
  }

  /** True when a binding that Kubernetes does not create itself grants this rule. */
  public boolean isBoundOutsideDefaults() {
    return bindings.stream().anyMatch(b -> !b.isBuiltIn());
  }

  /** The bindings that grant this rule: to its role, or to a ClusterRole aggregating it. */
  public List<Binding> getBindings() {
    return bindings;
  }

  /** The subjects of {@link #getBindings()}, each with its binding. */
  public List<Subject> getSubjects() {
    return subjects;
  }

  /** True when a binding grants this rule to the subject of that kind and name. */
  public boolean hasSubject(String kind, String name) {
    return subjects.stream().anyMatch(s -> kind.equals(s.getKind()) && name.equals(s.getName()));
  }

  /**
   * True when the rule allows {@code verb} on {@code resource} ({@code resource[/sub][.group]})
   * for every object of it; a rule limited by resourceNames does not count.
   */
  public boolean allows(String verb, String resource) {
    return resourceNames.isEmpty() && matches(verb, resource);
  }

  /** Like {@link #allows} but also true for a rule limited to named objects. */
  public boolean allowsSome(String verb, String resource) {
    return matches(verb, resource);
  }

  /** True when the rule allows any verb on {@code resource}, for every object of it. */
  public boolean allowsAnyVerb(String resource) {
    return verbs.stream().anyMatch(v -> allows(v, resource));
  }

  /**
   * True when the rule allows {@code verb} on the non-resource URL {@code path} ({@code /metrics}):
   * equal, {@code *}, or a prefix ending in {@code *} as in {@code /healthz/*}.
   */
  public boolean allowsUrl(String verb, String path) {
    if (!verbs.contains(verb) && !verbs.contains("*")) {
      return false;
    }
    for (String url : nonResourceURLs) {
      if (url.equals("*") || url.equals(path)
          || (url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the rule has {@code *} in apiGroups, resources, verbs or nonResourceURLs, a
   * {@code *}/{@code sub} resource, or the nonResourceURL {@code /*}: it grants whatever the API
   * gains later.
   */
  public boolean isWildcard() {
    return apiGroups.contains("*") || resources.contains("*") || verbs.contains("*")
        || resources.stream().anyMatch(r -> r.startsWith("*/"))
        || nonResourceURLs.contains("*") || nonResourceURLs.contains("/*");
  }

  private boolean matches(String verb, String request) {
    int dot = request.indexOf('.');
    return ruleMatches(apiGroups, resources, verbs, dot < 0 ? "" : request.substring(dot + 1),
        dot < 0 ? request : request.substring(0, dot), verb);
  }

  /**
   * Whether one RBAC rule (its apiGroups, resources and verbs) covers {@code verb} on
   * {@code resource} ({@code res/sub} too) in API group {@code group}, as RBAC decides: {@code *}
   * matches anything, {@code *}{@code /sub} any resource's subresource. The one copy of this
   * matching, shared with {@link Grant}.
   */
  static boolean ruleMatches(List<String> apiGroups, List<String> resources, List<String> verbs,
      String group, String resource, String verb) {
    if (!apiGroups.contains(group) && !apiGroups.contains("*")) {
      return false;
    }
    if (!verbs.contains(verb) && !verbs.contains("*")) {
      return false;
    }
    int slash = resource.indexOf('/');
    String sub = slash < 0 ? "" : resource.substring(slash + 1);
    for (String r : resources) {
      if (r.equals("*") || r.equals(resource) || (!sub.isEmpty() && r.equals("*/" + sub))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String getTarget() {
    return KubeObject.targetOf(roleKind, roleNamespace, roleName);
  }

  @Override
  public Observation observe() {
    String what = resources.isEmpty() ? verbs + " on nonResourceURLs " + nonResourceURLs
        : verbs + " on " + resources + " in apiGroups " + groups()
            + (resourceNames.isEmpty() ? "" : " (only " + resourceNames + ")");
    return new Observation(getTarget(), "grants " + what,
        inEvidence ? "api-object" : "bootstrap-policy", roleLocation, null);
  }

  /** The apiGroups as RBAC writes them, the core group as {@code ""} (not an empty name). */
  private String groups() {
    return apiGroups.stream().map(g -> g.isEmpty() ? "\"\"" : g).toList().toString();
  }

  @Override
  public String toString() {
    return getTarget() + " " + verbs + " " + resources + nonResourceURLs;
  }
}
