package dev.kcis.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleRoundTripTest {

  @Test
  void writtenBundlesReadBackEqual() throws Exception {
    FactBundle sample = FactBundle.read(Path.of("../samples/bundles/kubeadm-control-plane.json"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sample.writeJson(out);
    FactBundle again = FactBundle.parse(out.toString(StandardCharsets.UTF_8), "again");
    assertEquals(sample.nodes(), again.nodes());
    assertEquals(sample.objects(), again.objects());
    assertEquals(sample.inventory(), again.inventory());
    assertEquals(sample.cluster(), again.cluster());
    assertEquals(sample.metadata(), again.metadata());
  }

  @Test
  void yamlAndJsonReadTheSame() {
    FactBundle yaml = FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: n
            files:
              - {path: /etc/kubernetes/admin.conf, mode: "0600", uid: 0, gid: 0, owner: root, group: root}
              - {path: /etc/kubernetes/super-admin.conf, missing: true}
        """, "y");
    FactBundle json = FactBundle.parse("""
        {"apiVersion": "kcis.dev/v1", "kind": "FactBundle", "nodes": [{"name": "n", "files": [
          {"path": "/etc/kubernetes/admin.conf", "mode": "0600", "uid": 0, "gid": 0, "owner": "root", "group": "root"},
          {"path": "/etc/kubernetes/super-admin.conf", "missing": true}]}]}
        """, "j");
    assertEquals(yaml.nodes(), json.nodes());
    assertEquals(0600, yaml.nodes().get(0).files().get(0).mode());
    assertTrue(yaml.nodes().get(0).files().get(1).missing());
  }

  @Test
  @SuppressWarnings("unchecked")
  void secretValuesNeverSurviveReading() {
    FactBundle bundle = FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        objects:
          - apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: app
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"aHVudGVyMg=="}}'
            data: {password: aHVudGVyMg==}
            stringData: {token: hunter2}
        """, "s");
    Map<String, Object> secret = bundle.objects().get(0);
    assertFalse(secret.containsKey("data"));
    assertFalse(secret.containsKey("stringData"));
    assertFalse(secret.toString().contains("aHVudGVyMg"));
    assertEquals("db", ((Map<String, Object>) secret.get("metadata")).get("name"));
  }

  @Test
  void aFileThatIsNotMissingNeedsAMode() {
    BundleException e = assertThrows(BundleException.class, () -> FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: n
            files:
              - {path: /etc/x}
        """, "m.yaml"));
    assertEquals("m.yaml:6:9: /nodes/0/files/0: a file that is not missing needs a mode",
        e.getMessage());
  }
}
