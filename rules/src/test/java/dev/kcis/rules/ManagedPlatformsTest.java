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

/** The EKS, GKE and AKS profiles on bundles shaped like those platforms' nodes and API objects. */
class ManagedPlatformsTest {

  static Report evaluate(String profile, String bundle) {
    return ComplianceEngine.builder().profile(profile).build()
        .evaluate(FactBundle.parse(bundle, "test.yaml"));
  }

  static Result first(Report report, String control) {
    return report.results().stream().filter(r -> r.control().equals(control)).findFirst()
        .orElseThrow();
  }

  static final String EKS_NODE = """
      apiVersion: kcis.dev/v1
      kind: FactBundle
      cluster: {kubernetesVersion: v1.33.2-eks-4096722}
      nodes:
        - name: ip-10-0-1-20.ec2.internal
          roles: [worker]
          components:
            - kind: kubelet
              source: {type: process, path: /proc/1201/cmdline}
              args: [/usr/bin/kubelet, --config=/etc/kubernetes/kubelet/config.json,
                     --kubeconfig=/var/lib/kubelet/kubeconfig]
              configFiles:
                - {flag: --config, path: /etc/kubernetes/kubelet/config.json,
                   content: {authentication: {anonymous: {enabled: true}}, readOnlyPort: 0}}
          files:
            - {path: /var/lib/kubelet/kubeconfig, role: kubelet-kubeconfig, component: kubelet,
               via: "flag --kubeconfig", type: file, mode: "0644",
               uid: 0, gid: 0, owner: root, group: root}
            - {path: /etc/kubernetes/kubelet/config.json, role: kubelet-config, component: kubelet,
               via: "flag --config", type: file, mode: "0644",
               uid: 0, gid: 0, owner: root, group: root}
      """;

  @Test
  void anEksNodeIsJudgedAgainstTheEksBenchmark() {
    Report report = evaluate("eks-1.8.0", EKS_NODE);
    assertEquals(Status.PASS, report.statusOf("3.1.1").orElseThrow(), "644 is what EKS asks");
    assertEquals(Status.PASS, report.statusOf("3.1.3").orElseThrow());
    assertEquals(Status.PASS, report.statusOf("3.2.4").orElseThrow());
    Result anonymous = first(report, "3.2.1");
    assertEquals(Status.FAIL, anonymous.status());
    assertTrue(anonymous.remediation().contains("nodeadm NodeConfig"), anonymous.remediation());
    Result logging = first(report, "2.1.1");
    assertEquals(Status.MANUAL, logging.status());
    assertTrue(logging.message().startsWith("review: aws eks describe-cluster --name CLUSTER"),
        logging.message());
    assertEquals(Status.MANUAL, report.statusOf("5.3.1").orElseThrow());
    assertTrue(first(report, "5.3.1").message().contains("cluster.encryptionConfig"));
  }

  @Test
  void gkeNodeLabelsAndAnonymousBindingsAreDecided() {
    Report report = evaluate("gke-1.9.0", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {platform: gke, kubernetesVersion: v1.33.1-gke.1584000}
        inventory: [{kind: Node, count: 2}, {kind: ClusterRoleBinding, count: 1},
                    {kind: RoleBinding, count: 0}]
        objects:
          - apiVersion: v1
            kind: Node
            metadata:
              name: gke-prod-pool-1-a1b2
              labels: {iam.gke.io/gke-metadata-server-enabled: "true",
                       cloud.google.com/gke-os-distribution: cos}
            status: {nodeInfo: {osImage: "Container-Optimized OS from Google",
                                containerRuntimeVersion: "containerd://1.7.24"}}
          - apiVersion: v1
            kind: Node
            metadata:
              name: gke-prod-legacy-c3d4
              labels: {cloud.google.com/gke-os-distribution: ubuntu}
            status: {nodeInfo: {osImage: "Ubuntu 22.04.5 LTS",
                                containerRuntimeVersion: "containerd://1.7.24"}}
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: anonymous-view}
            roleRef: {kind: ClusterRole, name: view}
            subjects: [{kind: User, name: "system:anonymous"}]
        """);
    assertEquals(List.of("Node/gke-prod-legacy-c3d4 FAIL"), report.results().stream()
        .filter(r -> r.control().equals("5.4.1")).map(r -> r.target() + " " + r.status()).toList());
    assertEquals(Status.FAIL, report.statusOf("5.5.1").orElseThrow());
    assertEquals(List.of("ClusterRoleBinding/anonymous-view FAIL"), report.results().stream()
        .filter(r -> r.control().equals("4.1.8")).map(r -> r.target() + " " + r.status()).toList());
    assertEquals(Status.PASS, report.statusOf("4.1.9").orElseThrow());
    assertEquals(Status.PASS, report.statusOf("4.1.10").orElseThrow());
  }

  @Test
  void theAzureCloudConfigOfAnAksNodeIsJudgedByItsRole() {
    Report report = evaluate("aks-1.8", """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        cluster: {platform: aks}
        nodes:
          - name: aks-nodepool1-12345678-vmss000000
            files:
              - {path: /etc/kubernetes/azure.json, role: azure-json, via: default, type: file,
                 mode: "0600", uid: 0, gid: 0, owner: root, group: root}
        """);
    assertEquals(Status.PASS, report.statusOf("3.1.3").orElseThrow());
    assertEquals(Status.PASS, report.statusOf("3.1.4").orElseThrow());
    assertTrue(first(report, "5.5.1").message().contains("az aks show"));
  }
}
