package dev.kcis.facts;

import java.util.List;

/**
 * Reports the findings of an RBAC permission rule the way kcis's section-5.1 rules do, so packs
 * judge a permission of their own with the same verdicts:
 *
 * <ul>
 *   <li>FAIL for each binding outside the Kubernetes defaults that grants the permission (its
 *       {@link Grant}s; the message names subjects that reach everyone, such as
 *       {@code Group/system:authenticated});
 *   <li>INCONCLUSIVE for each such binding whose role is missing ({@link MissingRole});
 *   <li>WARN for each role users created that grants the permission but that nothing in the
 *       evidence reaches ({@link RoleGrant}s with {@code !reached}): bound later, it grants it.
 * </ul>
 *
 * <pre>
 * import dev.kcis.facts.RbacFindings
 * rule "acme-configmap-delete"
 * when
 *     $grants : List() from collect(Grant(!builtIn, allows("delete", "configmaps")))
 *     $missing : List() from collect(MissingRole(!builtIn))
 *     $unbound : List() from collect(RoleGrant(!builtInRole, inEvidence, !reached,
 *         allows("delete", "configmaps")))
 * then
 *     RbacFindings.report(verdict, "delete on configmaps", $grants, $missing, $unbound);
 * end
 * </pre>
 */
public final class RbacFindings {

  private RbacFindings() {}

  /**
   * Reports {@code grants} (FAIL), {@code missingRoles} (INCONCLUSIVE) and {@code unboundRoles}
   * (WARN, one result per role) for the permission named {@code permission} ("create on pods").
   *
   * @param grants {@link Grant} facts that grant the permission
   * @param missingRoles {@link MissingRole} facts: bindings whose permissions are unknown
   * @param unboundRoles {@link RoleGrant} facts of roles that grant it but nothing reaches
   */
  public static void report(Verdicts verdict, String permission, List<?> grants,
      List<?> missingRoles, List<?> unboundRoles) {
    for (Object o : grants) {
      Grant g = (Grant) o;
      verdict.fail("no binding outside the Kubernetes defaults grants " + permission
          + audience(g.getBinding()), g);
    }
    for (Object o : missingRoles) {
      MissingRole m = (MissingRole) o;
      verdict.inconclusive(m.getRole() + ", which " + m.getTarget() + " grants, is not in the "
          + "evidence: whether it grants " + permission + " is unknown", m.getBinding(), m);
    }
    for (Object o : unboundRoles) {
      // Several rules of one role are one result (per target) with each rule as evidence.
      RoleGrant r = (RoleGrant) o;
      verdict.warn("no role outside the Kubernetes defaults grants " + permission + "; "
          + r.getTarget() + " does, and nothing in the evidence binds it yet", r);
    }
  }

  /**
   * What a message should add when a binding reaches everyone: its subjects that are groups of
   * every authenticated user, anonymous requests or every service account (empty when none).
   */
  public static String audience(Binding binding) {
    StringBuilder out = new StringBuilder();
    for (String s : binding.getSubjects()) {
      String who = null;
      if (s.equals("Group/system:authenticated")) {
        who = "every authenticated user";
      } else if (s.equals("Group/system:unauthenticated") || s.equals("User/system:anonymous")) {
        who = "anonymous requests";
      } else if (s.equals("Group/system:serviceaccounts")) {
        who = "every service account";
      } else if (s.startsWith("Group/system:serviceaccounts:")) {
        who = "every service account of namespace "
            + s.substring("Group/system:serviceaccounts:".length());
      }
      if (who != null) {
        out.append(out.length() == 0 ? "; " + binding.getTarget() + " grants it to " : ", ")
            .append(s).append(" (").append(who).append(")");
      }
    }
    return out.toString();
  }
}
