package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RKE2, k3s and OpenShift profiles on bundles shaped like those distributions' nodes. */
class DistributionsTest {

  static Report evaluate(String profile, String bundle) {
    return ComplianceEngine.builder().profile(profile).build()
        .evaluate(FactBundle.parse(bundle, "test.yaml"));
  }

  static List<String> results(Report report, String control) {
    return report.results().stream().filter(r -> r.control().equals(control))
        .map(r -> r.target() + " " + r.status()).toList();
  }

  static Result first(Report report, String control) {
    return report.results().stream().filter(r -> r.control().equals(control)).findFirst()
        .orElseThrow();
  }

  static final String RKE2_SERVER = """
      apiVersion: kcis.dev/v1
      kind: FactBundle
      cluster: {kubernetesVersion: v1.31.4+rke2r1}
      nodes:
        - name: rke2-server-1
          roles: [control-plane]
          components:
            - kind: kube-apiserver
              source: {type: static-pod-manifest,
                path: /var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml}
              args: [kube-apiserver, --anonymous-auth=false, --profiling=true,
                     "--enable-admission-plugins=NodeRestriction"]
          files:
            - {path: /var/lib/rancher/rke2/server/tls, role: pki-dir,
               via: default, type: directory, mode: "0700", uid: 0, gid: 0}
            - {path: /var/lib/rancher/rke2/server/tls/server-ca.crt, role: pki-cert,
               via: found, type: file, mode: "0644", uid: 0, gid: 0}
            - {path: /var/lib/rancher/rke2/server/tls/client-ca.crt, role: pki-cert,
               via: found, type: file, mode: "0600", uid: 0, gid: 0}
      """;

  @Test
  void rke2AsksMode600ForCertificatesAndRemediatesThroughItsConfigFile() {
    Report report = evaluate("rke2-cis-1.8", RKE2_SERVER);
    assertEquals(List.of("node/rke2-server-1:/var/lib/rancher/rke2/server/tls/client-ca.crt PASS",
        "node/rke2-server-1:/var/lib/rancher/rke2/server/tls/server-ca.crt FAIL"),
        results(report, "1.1.20"));
    Result profiling = first(report, "1.2.16");
    assertEquals(Status.FAIL, profiling.status());
    assertTrue(profiling.remediation().startsWith("In /etc/rancher/rke2/config.yaml on every "
        + "server node, set kube-apiserver-arg to include \"profiling=false\""),
        profiling.remediation());
    assertEquals(Status.MANUAL, report.statusOf("1.2.12").orElseThrow(),
        "neither SecurityContextDeny nor PodSecurityPolicy: reviewed by hand");
  }

  @Test
  void k3sHasNoPodSpecificationFilesAndNoKubeletServiceFile() {
    Report report = evaluate("k3s-cis-1.9", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {kubernetesVersion: v1.31.4+k3s1}
        """);
    for (String control : List.of("1.1.1", "1.1.8", "1.1.12", "4.1.1", "4.1.2", "4.2.7")) {
      Result r = first(report, control);
      assertEquals(Status.NOT_APPLICABLE, r.status(), control);
      assertTrue(r.message().contains("K3s CIS self-assessment"), r.message());
    }
    assertEquals("k3s", report.cluster().platform());
  }

  @Test
  void openShiftSccsAndAnonymousBindingsAreJudgedFromTheirObjects() {
    Report report = evaluate("rh-1.8", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {platform: openshift}
        objects:
          - {apiVersion: security.openshift.io/v1, kind: SecurityContextConstraints,
             metadata: {name: privileged}, allowPrivilegedContainer: true, allowHostPID: true,
             allowHostIPC: true, allowHostNetwork: true, allowPrivilegeEscalation: true,
             allowedCapabilities: ["*"], runAsUser: {type: RunAsAny}}
          - {apiVersion: security.openshift.io/v1, kind: SecurityContextConstraints,
             metadata: {name: restricted-v2}, allowPrivilegedContainer: false, allowHostPID: false,
             allowHostIPC: false, allowHostNetwork: false, allowPrivilegeEscalation: false,
             requiredDropCapabilities: [ALL], runAsUser: {type: MustRunAsRange}}
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: self-access-reviewers}
            roleRef: {kind: ClusterRole, name: self-access-reviewer}
            subjects: [{kind: Group, name: "system:unauthenticated"}]
        """);
    for (String control : List.of("5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.7", "5.2.8",
        "5.2.9")) {
      assertEquals(Status.PASS, report.statusOf(control).orElseThrow(), control);
    }
    assertEquals(List.of("SecurityContextConstraints/privileged FAIL",
        "SecurityContextConstraints/restricted-v2 FAIL"), results(report, "5.2.6"),
        "no SCC runs as MustRunAsNonRoot");
    assertEquals(Status.PASS, report.statusOf("1.2.1").orElseThrow(),
        "OpenShift's own default binding of system:unauthenticated");
    assertEquals(Status.INCONCLUSIVE, report.statusOf("1.2.5").orElseThrow(),
        "OpenShift runs its own control plane: without it in the evidence, it stays open");
  }
}
