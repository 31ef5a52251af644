package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Control-plane recommendations where the control plane is not the cluster users' (a managed
 * platform) or not on the node (a worker): NOT_APPLICABLE with the reason, never INCONCLUSIVE
 * noise; a control-plane node whose components were not collected stays INCONCLUSIVE.
 */
class PlatformVerdictsTest {

  static final String KUBELET = """
          components:
            - {kind: kubelet, source: {type: process, path: /proc/7/cmdline},
               args: [kubelet, --config=/var/lib/kubelet/config.yaml],
               configFiles: [{flag: --config, path: /var/lib/kubelet/config.yaml,
                              content: {authentication: {anonymous: {enabled: false}}}}]}
      """;


  static Report evaluate(String profile, String bundle) {
    return ComplianceEngine.builder().profile(profile).build()
        .evaluate(FactBundle.parse(bundle, "test.yaml"));
  }

  static Set<Status> statusesOfSection(Report report, String section) {
    return report.controls().stream().filter(c -> c.id().startsWith(section + "."))
        .map(Report.ControlStatus::status).collect(Collectors.toSet());
  }

  @Test
  void onAManagedPlatformTheControlPlaneSectionsAreNotApplicable() {
    Report report = evaluate("cis-1.12", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {name: prod, kubernetesVersion: v1.33.2-eks-4096722, platform: eks}
        nodes:
          - name: ip-10-0-1-20.ec2.internal
        """ + KUBELET);
    for (String section : List.of("1", "2", "3")) {
      assertEquals(Set.of(Status.NOT_APPLICABLE), statusesOfSection(report, section), section);
    }
    Result r = report.results().stream().filter(x -> x.control().equals("1.2.1")).findFirst()
        .orElseThrow();
    assertEquals("cluster", r.target());
    assertTrue(r.message().startsWith("the control plane of EKS is managed by AWS"), r.message());
    assertTrue(r.message().contains("--benchmark eks-1.8.0"), r.message());
    assertEquals(Status.PASS, report.statusOf("4.2.1").orElseThrow());
  }

  @Test
  void theManagedPlatformIsReadFromTheVersionWhenNoBundleNamesIt() {
    Report report = evaluate("cis-1.12", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {kubernetesVersion: v1.33.1-gke.1584000}
        """);
    assertEquals("gke", report.cluster().platform());
    assertEquals(Set.of(Status.NOT_APPLICABLE), statusesOfSection(report, "1"));
    assertTrue(report.results().stream().filter(x -> x.control().equals("1.1.1")).findFirst()
        .orElseThrow().message().startsWith("the control plane of GKE is managed by Google Cloud"));
  }

  @Test
  void aWorkerNodeIsJudgedAsAWorker() {
    Report report = evaluate("cis-1.12", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: w-1
            roles: [worker]
            files:
              - {path: /etc/kubernetes/pki, role: pki-dir,
                 via: default, type: directory, mode: "0755", uid: 0, gid: 0}
              - {path: /etc/kubernetes/pki/ca.crt, role: pki-cert,
                 via: found, type: file, mode: "0666", uid: 0, gid: 0}
        """ + KUBELET);
    // Reviews of the cluster's API server (1.2.20, 3.1.x) stay MANUAL: they concern no node.
    assertEquals(Set.of(Status.NOT_APPLICABLE, Status.MANUAL), statusesOfSection(report, "1"));
    assertEquals(Set.of(Status.NOT_APPLICABLE), statusesOfSection(report, "2"));
    Result pki = report.results().stream().filter(x -> x.control().equals("1.1.20")).findFirst()
        .orElseThrow();
    assertEquals("node/w-1", pki.target());
    assertEquals("w-1 is a worker node (a kubelet and no control-plane component were found on "
        + "it); this recommendation concerns control-plane nodes", pki.message());
    assertEquals(Status.MANUAL, report.statusOf("3.1.1").orElseThrow());
    assertEquals(Status.PASS, report.statusOf("4.2.1").orElseThrow());
  }

  @Test
  void aControlPlaneNodeWhoseComponentsWereNotCollectedStaysInconclusive() {
    Report report = evaluate("cis-1.12", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: cp-1
            roles: [control-plane, worker]
        """ + KUBELET);
    assertEquals(Status.INCONCLUSIVE, report.statusOf("1.2.1").orElseThrow());
    assertEquals(Status.INCONCLUSIVE, report.statusOf("1.1.20").orElseThrow());
  }

  @Test
  void aWorkerWhoseProcessesCouldNotBeReadIsNotTakenForAWorker() {
    Report report = evaluate("cis-1.12", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: w-1
            roles: [worker]
            errors:
              - {item: /proc/1234/cmdline, message: "permission denied"}
        """ + KUBELET);
    assertEquals(Status.INCONCLUSIVE, report.statusOf("1.2.1").orElseThrow());
  }

  @Test
  void aNodeNothingSaysIsAWorkerStaysInconclusive() {
    Report report = evaluate("cis-1.12", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: n-1
        """ + KUBELET);
    assertEquals(Status.INCONCLUSIVE, report.statusOf("1.2.1").orElseThrow());
  }

  @Test
  void workersBesideAControlPlaneNodeAreNotApplicableAndTheControlPlaneNodeIsJudged() {
    Report report = evaluate("cis-1.12", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: cp-1
            roles: [control-plane]
            components:
              - {kind: kube-apiserver, source: {type: process, path: /proc/9/cmdline},
                 args: [kube-apiserver, --anonymous-auth=false]}
            files:
              - {path: /etc/kubernetes/pki, role: pki-dir,
                 via: default, type: directory, mode: "0755", uid: 0, gid: 0}
              - {path: /etc/kubernetes/pki/ca.crt, role: pki-cert,
                 via: found, type: file, mode: "0644", uid: 0, gid: 0}
          - name: w-1
            roles: [worker]
            files:
              - {path: /etc/kubernetes/pki, role: pki-dir,
                 via: default, type: directory, mode: "0755", uid: 0, gid: 0}
              - {path: /etc/kubernetes/pki/ca.crt, role: pki-cert,
                 via: found, type: file, mode: "0666", uid: 0, gid: 0}
        """ + KUBELET);
    assertEquals(List.of("node/cp-1:/etc/kubernetes/pki/ca.crt PASS", "node/w-1 NOT_APPLICABLE"),
        report.results().stream().filter(x -> x.control().equals("1.1.20"))
            .map(x -> x.target() + " " + x.status()).toList());
    assertEquals(List.of("node/cp-1/kube-apiserver PASS"), report.results().stream()
        .filter(x -> x.control().equals("1.2.1")).map(x -> x.target() + " " + x.status())
        .toList());
  }
}
