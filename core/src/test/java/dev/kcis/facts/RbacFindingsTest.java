package dev.kcis.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacFindingsTest {

  /** Records each verdict as "STATUS target: text". */
  static final class Recorder implements Verdicts {
    final List<String> seen = new ArrayList<>();

    private void add(String status, String text, Fact... evidence) {
      seen.add(status + " " + evidence[0].getTarget() + ": " + text);
    }

    @Override public void expect(Setting setting, String expected) {}
    @Override public void check(boolean compliant, String expected, Fact... evidence) {}
    @Override public void pass(String expected, Fact... evidence) {
      add("PASS", expected, evidence);
    }
    @Override public void fail(String expected, Fact... evidence) {
      add("FAIL", expected, evidence);
    }
    @Override public void warn(String expected, Fact... evidence) {
      add("WARN", expected, evidence);
    }
    @Override public void inconclusive(String reason, Fact... evidence) {
      add("INCONCLUSIVE", reason, evidence);
    }
    @Override public void notApplicable(String reason, Fact... evidence) {}
  }

  @Test
  void reportsGrantsMissingRolesAndUnboundRolesWithTheirAudience() {
    Binding everyone = new Binding("ClusterRoleBinding", null, "all", "ClusterRole", "reader",
        false, true, List.of("Group/system:authenticated", "User/jane"), null);
    Grant grant = new Grant(everyone, "Group", "system:authenticated", null, false, List.of(""),
        List.of("secrets"), List.of("get"), List.of(), null);
    Binding unknown = new Binding("RoleBinding", "shop", "ci", "Role", "deployer", false, false,
        List.of("User/ci"), null);
    RoleGrant unbound = new RoleGrant("ClusterRole", null, "lonely", false, true, null,
        List.of(""), List.of("secrets"), List.of("list"), List.of(), List.of(), false, List.of(),
        List.of());
    Recorder r = new Recorder();
    RbacFindings.report(r, "get on Secrets", List.of(grant), List.of(new MissingRole(unknown)),
        List.of(unbound));
    assertEquals(List.of(
        "FAIL ClusterRoleBinding/all: no binding outside the Kubernetes defaults grants get on "
            + "Secrets; ClusterRoleBinding/all grants it to Group/system:authenticated (every "
            + "authenticated user)",
        "INCONCLUSIVE RoleBinding/shop/ci: Role/deployer, which RoleBinding/shop/ci grants, is not "
            + "in the evidence: whether it grants get on Secrets is unknown",
        "WARN ClusterRole/lonely: no role outside the Kubernetes defaults grants get on Secrets; "
            + "ClusterRole/lonely does, and nothing in the evidence binds it yet"), r.seen);
  }

  @Test
  void theAudienceNamesSubjectsThatReachEveryone() {
    Binding b = new Binding("RoleBinding", "shop", "sa", "Role", "r", false, true,
        List.of("Group/system:serviceaccounts:shop", "User/system:anonymous"), null);
    assertEquals("; RoleBinding/shop/sa grants it to Group/system:serviceaccounts:shop (every "
        + "service account of namespace shop), User/system:anonymous (anonymous requests)",
        RbacFindings.audience(b));
    assertEquals("", RbacFindings.audience(new Binding("ClusterRoleBinding", null, "x",
        "ClusterRole", "r", false, true, List.of("User/jane"), null)));
  }
}
