package dev.kcis.report.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kcis.facts.Observation;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The files recognised in the locations the engine writes, and the locations that are none. */
class EvidenceFileTest {

  private static Optional<EvidenceFile> of(String target, String source, String location) {
    return EvidenceFile.of(target, new Observation("item", "value", source, location, null));
  }

  @Test
  void filesOnANode() {
    assertEquals(Optional.of(new EvidenceFile("cp-1", "/etc/kubernetes/admin.conf", null)),
        of("node/cp-1:/etc/kubernetes/admin.conf", "stat", "node/cp-1:/etc/kubernetes/admin.conf"));
    assertEquals(Optional.of(new EvidenceFile("cp-1",
        "/etc/kubernetes/manifests/kube-apiserver.yaml", 24)), of("node/cp-1/kube-apiserver",
        "flag", "/etc/kubernetes/manifests/kube-apiserver.yaml:24"));
    assertEquals(Optional.of(new EvidenceFile("w-1", "/var/lib/kubelet/config.yaml", null)),
        of("node/w-1/kubelet", "config-file",
            "/var/lib/kubelet/config.yaml (--read-only-port is ignored when --config is given)"));
  }

  @Test
  void manifestFiles() {
    assertEquals(Optional.of(new EvidenceFile(null, "deploy/rbac.yaml", 12)),
        of("ClusterRoleBinding/ops", "api-object", "deploy/rbac.yaml:12"));
  }

  @Test
  void locationsThatAreNoFile() {
    assertEquals(Optional.empty(), of("node/cp-1/kube-apiserver", "default",
        "kube-apiserver default (Kubernetes 1.31)"));
    assertEquals(Optional.empty(), of("node/cp-1/kubelet", "flag", "/proc/1042/cmdline"));
    assertEquals(Optional.empty(), of("node/cp-1/kube-apiserver", "flag",
        "Pod/kube-system/kube-apiserver-cp-1"));
    assertEquals(Optional.empty(), of("ClusterRoleBinding/ops", "api-object",
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ops"));
    assertEquals(Optional.empty(), of("ClusterRoleBinding/ops", "api-object",
        "bundle.json (ClusterRoleBinding/ops)"));
    assertEquals(Optional.empty(), of("cluster", "api-object", "inventory"));
  }
}
