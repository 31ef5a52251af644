package dev.kcis.collect;

import static dev.kcis.collect.Trees.cmdline;
import static dev.kcis.collect.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.NodeLayouts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A distribution kcis does not know, described by a user's layout catalog: no Java. */
class UserLayoutTest {

  static final String CATALOG = """
      layouts:
        - id: acme
          name: ACME Kubernetes
          platform: acme
          recognise:
            files: [/etc/acme/node.yaml]
            processes: [acme-agent]
          components:
            kubelet:
              runs: process
              kubeconfig: /var/lib/acme/kubelet.kubeconfig
              staticPodPath: /var/lib/acme/pods
              cniConfDir: /var/lib/acme/cni
          files:
            - {role: admin-kubeconfig, path: /etc/acme/admin.kubeconfig}
            - {role: pki-dir, path: /var/lib/acme/pki, walk: pki}
      """;

  @TempDir
  Path dir;

  @Test
  void aLayoutGivenByTheUserIsRecognisedAndItsPathsRecorded() {
    Path root = dir.resolve("root");
    Path catalog = dir.resolve("layouts.yaml");
    write(dir, "layouts.yaml", CATALOG);
    write(root, "etc/hostname", "acme-1\n");
    write(root, "etc/acme/node.yaml", "role: worker\n");
    write(root, "etc/acme/admin.kubeconfig", "apiVersion: v1\nkind: Config\n");
    write(root, "var/lib/acme/kubelet.kubeconfig", "apiVersion: v1\nkind: Config\n");
    write(root, "var/lib/acme/pki/ca.crt", "TEST DATA\n");
    write(root, "var/lib/acme/pods/.keep", "");
    cmdline(root, 10, "/opt/acme/bin/acme-agent", "run");
    cmdline(root, 11, "/opt/acme/bin/kubelet", "--v=2");
    FactBundle bundle = NodeCollector.builder().root(root).layouts(catalog).build().collect();
    assertEquals("acme", bundle.cluster().platform());
    assertEquals(List.of("layout acme (ACME Kubernetes)", "/etc/acme/node.yaml exists",
        "process 10 runs /opt/acme/bin/acme-agent run"), bundle.cluster().platformEvidence());
    FactBundle.Node node = bundle.nodes().get(0);
    assertEquals(List.of("worker"), node.roles());
    assertTrue(recorded(node, "kubelet-kubeconfig", "/var/lib/acme/kubelet.kubeconfig"));
    assertTrue(recorded(node, "admin-kubeconfig", "/etc/acme/admin.kubeconfig"));
    assertTrue(recorded(node, "pki-cert", "/var/lib/acme/pki/ca.crt"));
    assertTrue(recorded(node, "cni-config-dir", "/var/lib/acme/cni"));
  }

  @Test
  void theKubeletsSystemdUnitIsTheOneTheCatalogNames() {
    // A snap-packaged kubelet: its unit is not kubelet.service, and no Java says so.
    write(dir, "snap.yaml", """
        layouts:
          - id: snapped
            name: Snapped Kubernetes
            platform: snapped
            recognise:
              units: [snap.kubelet.daemon.service]
            components:
              kubelet:
                runs: systemd-unit
                units: [snap.kubelet.daemon.service]
                kubeconfig: /var/snap/kubelet/current/kubelet.kubeconfig
        """);
    Path root = dir.resolve("root");
    write(root, "etc/hostname", "snap-1\n");
    write(root, "etc/systemd/system/snap.kubelet.daemon.service", """
        [Service]
        ExecStart=/snap/bin/kubelet --anonymous-auth=false --read-only-port=0
        """);
    FactBundle withCatalog = NodeCollector.builder().root(root)
        .layouts(dir.resolve("snap.yaml")).build().collect();
    assertEquals("snapped", withCatalog.cluster().platform());
    FactBundle.Component kubelet = withCatalog.nodes().get(0).components().get(0);
    assertEquals(new FactBundle.Source("systemd-unit",
        "/etc/systemd/system/snap.kubelet.daemon.service", null), kubelet.source());
    assertEquals(List.of("/snap/bin/kubelet", "--anonymous-auth=false", "--read-only-port=0"),
        kubelet.args());
    assertTrue(recorded(withCatalog.nodes().get(0), "kubelet-service",
        "/etc/systemd/system/snap.kubelet.daemon.service"));
    // Without it, kcis knows no such unit: no kubelet is found.
    FactBundle without = NodeCollector.builder().root(root).build().collect();
    assertEquals(List.of(), without.nodes().get(0).components());
  }

  @Test
  void theConfigMapsCollectClusterReadsAreTheCatalogs() {
    // kubeadm and minikube name the same ConfigMap: read once.
    assertEquals(Map.of("kube-proxy", List.of(new NodeLayouts.ConfigMapFile("kube-system",
        "kube-proxy", "config.conf", "--config", "/var/lib/kube-proxy/config.conf"))),
        NodeLayouts.configMaps(NodeLayouts.builtIn()));
  }

  @Test
  void aCatalogWithAnUnknownKeyIsRefusedNamingThePlace() {
    write(dir, "bad.yaml", CATALOG.replace("staticPodPath", "staticPodDir"));
    CollectionException e = assertThrows(CollectionException.class, () -> NodeCollector.builder()
        .root(dir).layouts(dir.resolve("bad.yaml")).build());
    assertTrue(e.getMessage().startsWith(dir.resolve("bad.yaml") + ": /layouts/0 (acme)"
        + "/components/kubelet: unknown key 'staticPodDir'"), e.getMessage());
  }

  private static boolean recorded(FactBundle.Node node, String role, String path) {
    return node.files().stream().anyMatch(f -> f.role().equals(role) && f.path().equals(path));
  }
}
