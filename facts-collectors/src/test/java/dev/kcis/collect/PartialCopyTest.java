package dev.kcis.collect;

import static dev.kcis.collect.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of a node's /etc without /usr, /proc or /etc/hostname: the kubelet is still found from
 * the drop-in that resets and sets {@code ExecStart=}, the node's name comes from the client
 * certificate of the kubelet's kubeconfig, and the node is judged as a worker.
 */
class PartialCopyTest {

  /** A self-signed test certificate, CN system:node:worker-7 (its key was thrown away). */
  static final String NODE_CERT = """
      -----BEGIN CERTIFICATE-----
      MIIBwjCCAWegAwIBAgIUY807HUMMOiQQ1Uw+BtGbzYeAPeowCgYIKoZIzj0EAwIw
      NjEVMBMGA1UECgwMc3lzdGVtOm5vZGVzMR0wGwYDVQQDDBRzeXN0ZW06bm9kZTp3
      b3JrZXItNzAeFw0yNjEyMDMxMzQ3MzZaFw0zNjExMzAxMzQ3MzZaMDYxFTATBgNV
      BAoMDHN5c3RlbTpub2RlczEdMBsGA1UEAwwUc3lzdGVtOm5vZGU6d29ya2VyLTcw
      WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATmQwl5npZpxlNW2lwf4m1HDgg3mcXQ
      FLH5pPdeiHeQVavNVGxSbWQYL5oPyQuF+59WCtKefduTrrrQ736Xbpavo1MwUTAd
      BgNVHQ4EFgQUJfSnZ0stWnEL5DmaYnu4Gvs71skwHwYDVR0jBBgwFoAUJfSnZ0st
      WnEL5DmaYnu4Gvs71skwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBG
      AiEA3pc0xE7fBuMTPwC+zvSacX2VLVL16x3etdXyKa6Ssx0CIQDqtoftXAdfJYVK
      LUZgLfq4upVH/ZNFixtA4nnjvjZqeA==
      -----END CERTIFICATE-----
      """;

  static final String DROP_IN = """
      [Service]
      Environment="KUBELET_KUBECONFIG_ARGS=--kubeconfig=/etc/kubernetes/kubelet.conf"
      Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
      ExecStart=
      ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS
      """;

  @TempDir
  Path dir;

  @Test
  void aKubeletDefinedOnlyByADropInIsFoundAndNamedByItsCertificate() {
    Path root = dir.resolve("root");
    write(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    write(root, "etc/group", "root:x:0:\n");
    write(root, "etc/systemd/system/kubelet.service.d/10-kubeadm.conf", DROP_IN);
    write(root, "var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\n"
        + "kind: KubeletConfiguration\nstaticPodPath: /etc/kubernetes/manifests\n");
    write(root, "etc/kubernetes/manifests/.keep", "");
    write(root, "etc/kubernetes/kubelet.conf", """
        apiVersion: v1
        kind: Config
        current-context: node
        contexts:
        - name: node
          context: {cluster: c, user: kubelet}
        users:
        - name: kubelet
          user:
            client-certificate-data: %s
            client-key-data: VEVTVCBEQVRB
        """.formatted(Base64.getEncoder().encodeToString(
            NODE_CERT.getBytes(StandardCharsets.US_ASCII))));
    FactBundle bundle = NodeCollector.builder().root(root).build().collect();
    FactBundle.Node node = bundle.nodes().get(0);
    assertEquals("worker-7", node.name());
    assertEquals(List.of("worker"), node.roles(), "no control plane in the static pod directory");
    FactBundle.Component kubelet = node.components().get(0);
    assertEquals("kubelet", kubelet.kind());
    assertEquals("systemd-unit", kubelet.source().type());
    assertEquals("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", kubelet.source().path());
    assertEquals(List.of("/usr/bin/kubelet", "--kubeconfig=/etc/kubernetes/kubelet.conf",
        "--config=/var/lib/kubelet/config.yaml"), kubelet.args());
    assertTrue(node.errors().isEmpty(), node.errors().toString());
  }

  @Test
  void aDropInThatDoesNotResetExecStartLeavesTheCommandLineUnknown() {
    Path root = dir.resolve("root");
    write(root, "etc/hostname", "worker-8\n");
    write(root, "etc/systemd/system/kubelet.service.d/20-extra.conf",
        "[Service]\nExecStart=/usr/bin/kubelet --v=2\n");
    FactBundle.Node node = NodeCollector.builder().root(root).build().collect().nodes().get(0);
    assertEquals("worker-8", node.name());
    assertTrue(node.components().isEmpty(), node.components().toString());
    assertTrue(node.errors().stream().anyMatch(e -> e.message().contains("none resets ExecStart=")),
        node.errors().toString());
  }
}
