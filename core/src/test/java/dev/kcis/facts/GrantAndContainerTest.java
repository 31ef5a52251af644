package dev.kcis.facts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantAndContainerTest {

  static final Binding BINDING = new Binding("ClusterRoleBinding", null, "b", "ClusterRole", "r",
      false, true, List.of("User/jane"), null);

  static Grant grant(List<String> groups, List<String> resources, List<String> verbs,
      List<String> names) {
    return new Grant(BINDING, "User", "jane", null, false, groups, resources, verbs, names, null);
  }

  @Test
  void aVerbUnderTheWrongApiGroupGrantsNothing() {
    Grant g = grant(List.of("rbac.authorization.k8s.io"), List.of("pods"), List.of("create"), List.of());
    assertFalse(g.allows("", "pods", "create"));
    assertTrue(grant(List.of(""), List.of("pods"), List.of("create"), List.of()).allows("", "pods", "create"));
    assertTrue(grant(List.of("*"), List.of("*"), List.of("*"), List.of()).allows("", "pods", "create"));
  }

  @Test
  void subresourcesNeedTheirOwnGrantOrAWildcard() {
    assertFalse(grant(List.of(""), List.of("pods"), List.of("create"), List.of()).allows("", "pods/exec", "create"));
    assertTrue(grant(List.of(""), List.of("pods/exec"), List.of("create"), List.of()).allows("", "pods/exec", "create"));
    assertTrue(grant(List.of(""), List.of("*/exec"), List.of("create"), List.of()).allows("", "pods/exec", "create"));
    assertTrue(grant(List.of(""), List.of("*"), List.of("*"), List.of()).allows("", "serviceaccounts/token", "create"));
  }

  @Test
  void requestsReadLikeKubectlAuthCanI() {
    Grant bind = grant(List.of("rbac.authorization.k8s.io"), List.of("clusterroles"), List.of("bind"),
        List.of());
    assertTrue(bind.allows("bind", "clusterroles.rbac.authorization.k8s.io"));
    assertFalse(bind.allows("bind", "clusterroles"), "no group is the core group");
    Grant approval = grant(List.of("certificates.k8s.io"), List.of("certificatesigningrequests/approval"),
        List.of("update"), List.of());
    assertTrue(approval.allows("update", "certificatesigningrequests/approval.certificates.k8s.io"));
    assertTrue(approval.allowsAnyVerb("certificatesigningrequests/approval.certificates.k8s.io"));
    Grant named = grant(List.of("certificates.k8s.io"), List.of("signers"), List.of("approve"),
        List.of("kubernetes.io/kubelet-serving"));
    assertFalse(named.allows("approve", "signers.certificates.k8s.io"));
    assertTrue(named.allowsSome("approve", "signers.certificates.k8s.io"));
  }

  @Test
  void resourceNamesLimitAGrant() {
    Grant named = grant(List.of(""), List.of("secrets"), List.of("get"), List.of("one"));
    assertFalse(named.allows("", "secrets", "get"));
    assertTrue(named.allowsSome("", "secrets", "get"));
  }

  @Test
  void capabilitiesCompareWithoutCaseOrPrefix() {
    Workload w = new Workload("Pod", "default", "p", Map.of(), "default", null, null, false, false,
        false, List.of(), null, false, null, false, null);
    Container c = new Container(w, "container", "c", "nginx", null, null, null, null,
        List.of("cap_net_admin"), List.of("all"), List.of(), null, false, true, List.of(), "/spec");
    assertTrue(c.addsCapability("NET_ADMIN"));
    assertTrue(c.dropsCapability("NET_RAW"), "ALL drops every capability");
    assertTrue(c.isMayRunAsRoot(), "no runAsNonRoot and no user: the image decides");
    assertTrue(c.isPrivilegeEscalationAllowed(), "allowed unless explicitly false");
    assertTrue(w.isTokenMounted(), "mounted unless pod or service account says no");
  }
}
