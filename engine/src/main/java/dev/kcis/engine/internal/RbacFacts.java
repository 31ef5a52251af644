package dev.kcis.engine.internal;

import dev.kcis.facts.Binding;
import dev.kcis.facts.Grant;
import dev.kcis.facts.KubeObject;
import dev.kcis.facts.MissingRole;
import dev.kcis.facts.RoleGrant;
import dev.kcis.facts.Subject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives the RBAC facts from the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings of the
 * evidence: {@link Binding} and {@link Subject} per binding, {@link Grant} per subject and rule in
 * effect, {@link RoleGrant} per rule of each role, {@link MissingRole} per binding whose role is
 * unknown. A role the evidence lacks is taken from the {@link BootstrapPolicy}; one in the
 * evidence always wins. Aggregation is resolved over both, as the cluster's controller does.
 */
final class RbacFacts {

  private final List<KubeObject> objects;
  private final BootstrapPolicy policy;
  private final Map<String, RbacRole> clusterRoles = new LinkedHashMap<>();
  private final Map<String, RbacRole> roles = new LinkedHashMap<>();
  /** The ClusterRoles an aggregationRule can select: the evidence's, then the policy's it lacks. */
  private final List<RbacRole> aggregationCandidates = new ArrayList<>();
  /** The ClusterRoles another ClusterRole's aggregationRule selects, by target. */
  private final Set<String> selected = new HashSet<>();
  /** Per role target, the roles a binding to it reaches (computed once: many bind edit). */
  private final Map<String, List<RbacRole>> reachedCache = new HashMap<>();

  private RbacFacts(List<KubeObject> objects, BootstrapPolicy policy) {
    this.objects = objects;
    this.policy = policy;
    for (KubeObject o : objects) {
      if (o.getKind().equals("ClusterRole")) {
        clusterRoles.put(o.getName(), RbacRole.of(o));
      } else if (o.getKind().equals("Role")) {
        roles.put(o.getNamespace() + "/" + o.getName(), RbacRole.of(o));
      }
    }
    aggregationCandidates.addAll(clusterRoles.values());
    policy.clusterRoles().stream().filter(r -> !clusterRoles.containsKey(r.name()))
        .forEach(aggregationCandidates::add);
    for (RbacRole aggregator : aggregationCandidates) {
      if (aggregator.selectors().isEmpty()) {
        continue;
      }
      for (RbacRole candidate : aggregationCandidates) {
        if (candidate != aggregator && aggregator.selects(candidate)) {
          selected.add(candidate.target());
        }
      }
    }
  }

  /** The RBAC facts of {@code objects}, with the bootstrap policy kcis ships. */
  static List<Object> derive(List<KubeObject> objects) {
    return derive(objects, BootstrapPolicy.shipped());
  }

  static List<Object> derive(List<KubeObject> objects, BootstrapPolicy policy) {
    return new RbacFacts(objects, policy).facts();
  }

  private List<Object> facts() {
    List<Object> facts = new ArrayList<>();
    Map<String, List<Binding>> bindingsOfRole = new LinkedHashMap<>();
    Map<Binding, List<Subject>> subjectsOfBinding = new LinkedHashMap<>();
    Map<String, RbacRole> policyRolesUsed = new LinkedHashMap<>();
    for (KubeObject o : objects) {
      if (!o.getKind().equals("RoleBinding") && !o.getKind().equals("ClusterRoleBinding")) {
        continue;
      }
      Map<String, Object> roleRef = RbacRole.map(o.get("roleRef"));
      String roleKind = text(roleRef.get("kind"));
      String roleName = text(roleRef.get("name"));
      RbacRole role = resolve(roleKind, roleName, o.getNamespace());
      List<RbacRole> reached = role == null ? List.of() : reachedThrough(role);
      List<Map<String, Object>> subjects = new ArrayList<>();
      RbacRole.list(o.get("subjects")).forEach(s -> subjects.add(RbacRole.map(s)));
      List<String> subjectNames = new ArrayList<>();
      for (Map<String, Object> s : subjects) {
        String ns = subjectNamespace(s, o);
        subjectNames.add(ns == null ? s.get("kind") + "/" + s.get("name")
            : s.get("kind") + "/" + ns + "/" + s.get("name"));
      }
      boolean builtIn = "rbac-defaults".equals(o.getLabels().get("kubernetes.io/bootstrapping"));
      Binding binding = new Binding(o.getKind(), o.getNamespace(), o.getName(), roleKind, roleName,
          builtIn, role != null, subjectNames, o.getLocation());
      facts.add(binding);
      if (role == null) {
        facts.add(new MissingRole(binding));
      }
      for (RbacRole r : reached) {
        bindingsOfRole.computeIfAbsent(r.target(), k -> new ArrayList<>()).add(binding);
        if (!r.inEvidence()) {
          policyRolesUsed.put(r.target(), r);
        }
      }
      List<Subject> subjectFacts = new ArrayList<>();
      for (Map<String, Object> s : subjects) {
        String kind = text(s.get("kind"));
        String name = text(s.get("name"));
        String ns = subjectNamespace(s, o);
        Subject subject = new Subject(binding, kind, name, ns);
        subjectFacts.add(subject);
        facts.add(subject);
        for (RbacRole r : reached) {
          for (Map<String, Object> rule : r.rules()) {
            if (RbacRole.list(rule.get("resources")).isEmpty()) {
              continue; // non-resource URLs only: no API object permission
            }
            facts.add(new Grant(binding, kind, name, ns, role.builtIn(),
                RbacRole.strings(rule.get("apiGroups")), RbacRole.strings(rule.get("resources")),
                RbacRole.strings(rule.get("verbs")), RbacRole.strings(rule.get("resourceNames")),
                role.location()));
          }
        }
      }
      subjectsOfBinding.put(binding, subjectFacts);
    }
    List<RbacRole> all = new ArrayList<>(clusterRoles.values());
    all.addAll(roles.values());
    all.addAll(policyRolesUsed.values());
    for (RbacRole r : all) {
      List<Binding> bindings = bindingsOfRole.getOrDefault(r.target(), List.of());
      List<Subject> subjects = new ArrayList<>();
      bindings.forEach(b -> subjects.addAll(subjectsOfBinding.get(b)));
      boolean reached = !bindings.isEmpty() || selectedByAggregation(r);
      for (Map<String, Object> rule : r.rules()) {
        facts.add(new RoleGrant(r.kind(), r.namespace(), r.name(), r.builtIn(), r.inEvidence(),
            r.location(), RbacRole.strings(rule.get("apiGroups")),
            RbacRole.strings(rule.get("resources")), RbacRole.strings(rule.get("verbs")),
            RbacRole.strings(rule.get("resourceNames")),
            RbacRole.strings(rule.get("nonResourceURLs")), reached, bindings, subjects));
      }
    }
    return facts;
  }

  /** The role a roleRef names, from the evidence or else the bootstrap policy; else null. */
  private RbacRole resolve(String kind, String name, String bindingNamespace) {
    if ("ClusterRole".equals(kind)) {
      RbacRole role = clusterRoles.get(name);
      return role != null ? role : policy.clusterRole(name);
    }
    if ("Role".equals(kind) && bindingNamespace != null) {
      RbacRole role = roles.get(bindingNamespace + "/" + name);
      return role != null ? role : policy.role(bindingNamespace, name);
    }
    return null;
  }

  /** The role and, for an aggregated ClusterRole, every ClusterRole it selects (transitively). */
  private List<RbacRole> reachedThrough(RbacRole role) {
    return reachedCache.computeIfAbsent(role.target(), k -> {
      List<RbacRole> out = new ArrayList<>();
      collect(role, out, new HashSet<>());
      return out;
    });
  }

  private void collect(RbacRole role, List<RbacRole> out, Set<String> seen) {
    if (!seen.add(role.target())) {
      return;
    }
    out.add(role);
    if (role.selectors().isEmpty()) {
      return;
    }
    for (RbacRole candidate : aggregationCandidates) {
      if (role.selects(candidate)) {
        collect(candidate, out, seen);
      }
    }
  }

  /**
   * True for a ClusterRole that an aggregated ClusterRole selects, or that carries a standard
   * aggregate-to-* label (selected by the default admin, edit and view roles): it is reached
   * through them, so it is not unbound.
   */
  private boolean selectedByAggregation(RbacRole role) {
    if (!role.kind().equals("ClusterRole")) {
      return false;
    }
    return role.hasAggregateLabel() || selected.contains(role.target());
  }

  private static String subjectNamespace(Map<String, Object> subject, KubeObject binding) {
    String ns = text(subject.get("namespace"));
    if (ns == null && "ServiceAccount".equals(subject.get("kind"))) {
      ns = binding.getNamespace(); // a RoleBinding's service account defaults to its namespace
    }
    return "ServiceAccount".equals(subject.get("kind")) ? ns : null;
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
