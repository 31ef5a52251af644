package dev.kcis.collect;

import static dev.kcis.collect.NodeCollectorTest.collect;
import static dev.kcis.collect.NodeCollectorTest.component;
import static dev.kcis.collect.NodeCollectorTest.error;
import static dev.kcis.collect.NodeCollectorTest.json;
import static dev.kcis.collect.NodeCollectorTest.pod;
import static dev.kcis.collect.Trees.cmdline;
import static dev.kcis.collect.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials planted on a node root never reach its bundle, wherever they are planted. */
class NodeCredentialsTest {

  static final String REDACTED = "<redacted>";

  @TempDir
  Path dir;

  static void assertNoSecret(FactBundle bundle) throws IOException {
    String text = json(bundle);
    assertFalse(text.contains("SECRET"), text);
  }

  @Test
  void credentialFlagValuesAreRedactedInManifestsProcessesAndUnits() throws IOException {
    Path root = dir.resolve("root");
    pod(root, "kube-apiserver.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver, namespace: kube-system}
        spec:
          containers:
            - name: kube-apiserver
              image: registry.k8s.io/kube-apiserver:v1.31.4
              command: [kube-apiserver, --db-password=SECRET-eq, --db-password, SECRET-space,
                        --token-auth-file=/etc/kubernetes/tokens.csv, --anonymous-auth=false,
                        --enable-bootstrap-token-auth]
        """);
    pod(root, "etcd.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: etcd, namespace: kube-system}
        spec:
          containers:
            - name: etcd
              image: registry.k8s.io/etcd:3.5.15-0
              command: [etcd, --initial-cluster-token=SECRET-cluster-token,
                        --data-dir=/var/lib/etcd]
              env: [{name: ETCD_INITIAL_CLUSTER_TOKEN, value: SECRET-env-twin}]
        """);
    cmdline(root, 300, "/usr/local/bin/kube-controller-manager", "--api-key", "SECRET-proc",
        "--use-service-account-credentials=true");
    write(root, "lib/systemd/system/kubelet.service", "[Service]\n"
        + "Environment=\"KUBELET_EXTRA_ARGS=--registry-password=SECRET-unit-env\"\n"
        + "ExecStart=/usr/bin/kubelet --bootstrap-token SECRET-unit $KUBELET_EXTRA_ARGS\n");

    FactBundle bundle = collect(root);
    assertNoSecret(bundle);
    assertEquals(List.of("kube-apiserver", "--db-password=" + REDACTED, "--db-password", REDACTED,
            "--token-auth-file=/etc/kubernetes/tokens.csv", "--anonymous-auth=false",
            "--enable-bootstrap-token-auth"),
        component(bundle, "kube-apiserver").args());
    FactBundle.Component etcd = component(bundle, "etcd");
    assertEquals(List.of("etcd", "--initial-cluster-token=" + REDACTED,
        "--data-dir=/var/lib/etcd"), etcd.args());
    assertEquals(Map.of("ETCD_INITIAL_CLUSTER_TOKEN", REDACTED), etcd.env());
    assertEquals(List.of("/usr/local/bin/kube-controller-manager", "--api-key", REDACTED,
        "--use-service-account-credentials=true"),
        component(bundle, "kube-controller-manager").args());
    assertEquals(List.of("/usr/bin/kubelet", "--bootstrap-token", REDACTED,
        "--registry-password=" + REDACTED), component(bundle, "kubelet").args());
  }

  /** An apiserver whose config flags name credential files, and a kubelet with header secrets. */
  @Test
  void configFilesKeepNoKeyMaterialAndFilesThatAreNotConfigsAreNotCopied() throws IOException {
    Path root = dir.resolve("root");
    pod(root, "kube-apiserver.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver, namespace: kube-system}
        spec:
          containers:
            - name: kube-apiserver
              image: registry.k8s.io/kube-apiserver:v1.31.4
              command: [kube-apiserver, --token-auth-file=/etc/kubernetes/tokens.csv,
                        --admission-control-config-file=/etc/kubernetes/tokens.csv,
                        --authentication-config=/etc/kubernetes/authn.yaml,
                        --audit-policy-file=/etc/kubernetes/sa.key]
              volumeMounts: [{name: k8s, mountPath: /etc/kubernetes, readOnly: true}]
          volumes: [{name: k8s, hostPath: {path: /etc/kubernetes}}]
        """);
    write(root, "etc/kubernetes/tokens.csv",
        "SECRET-csv-token,admin,1000,\"system:masters\"\nSECRET-csv-2,bob,1001\n");
    write(root, "etc/kubernetes/sa.key",
        "-----BEGIN RSA PRIVATE KEY-----\nSECRETkeymaterial\n-----END RSA PRIVATE KEY-----\n");
    write(root, "etc/kubernetes/authn.yaml", """
        apiVersion: apiserver.config.k8s.io/v1beta1
        kind: AuthenticationConfiguration
        anonymous: {enabled: false}
        jwt:
          - issuer: {url: "https://issuer.example", audiences: [kcis]}
            claimMappings: {username: {claim: sub, prefix: ""}}
            keys:
              - {kty: RSA, kid: k1, n: public-modulus, e: AQAB, d: SECRET-private-exponent,
                 p: SECRET-p, q: SECRET-q, dp: SECRET-dp, dq: SECRET-dq, qi: SECRET-qi}
        """);
    cmdline(root, 20, "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml");
    write(root, "var/lib/kubelet/config.yaml", """
        kind: KubeletConfiguration
        authentication: {anonymous: {enabled: false}, webhook: {enabled: true}}
        authorization: {mode: Webhook}
        staticPodURL: https://pods.example/
        staticPodURLHeader: {Authorization: ["Bearer SECRET-header-token"]}
        registryCredentials: {token: {value: SECRET-token-in-a-map}}
        """);

    FactBundle bundle = collect(root);
    assertNoSecret(bundle);
    FactBundle.Component apiserver = component(bundle, "kube-apiserver");
    assertEquals(List.of("--authentication-config"),
        apiserver.configFiles().stream().map(FactBundle.ConfigFile::flag).toList(),
        "the token CSV and the key are not config files: not copied");
    assertEquals("not a config file: it holds no YAML or JSON mapping, so its content is not "
        + "kept", error(bundle, "/etc/kubernetes/tokens.csv").message());
    String keyError = error(bundle, "/etc/kubernetes/sa.key").message();
    assertEquals("malformed YAML: expected '<document start>', but found '<scalar>' at line 3, "
        + "column 1", keyError, "a PEM file is not YAML; the error does not quote it");
    String authn = apiserver.configFiles().get(0).content().toString();
    assertTrue(authn.contains("n=public-modulus") && authn.contains("anonymous={enabled=false}"),
        authn);

    FactBundle.Component kubelet = component(bundle, "kubelet");
    Map<?, ?> config = (Map<?, ?>) kubelet.configFiles().get(0).content();
    assertEquals(Map.of("Authorization", List.of(REDACTED)), config.get("staticPodURLHeader"));
    assertEquals(Map.of("mode", "Webhook"), config.get("authorization"));
    assertEquals("Webhook", kubelet.effective().get("authorization.mode").value(),
        "the rules still read the kubelet's authorization");
  }

  @Test
  void aMalformedConfigFileIsNamedWithItsLineButNeverQuoted() throws IOException {
    Path root = dir.resolve("root");
    cmdline(root, 20, "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml");
    write(root, "var/lib/kubelet/config.yaml",
        "kind: KubeletConfiguration\nstaticPodURLHeader:\n  Authorization: Bearer SECRET-x: y\n");
    FactBundle bundle = collect(root);
    assertNoSecret(bundle);
    assertEquals("malformed YAML: mapping values are not allowed here at line 3, column 33",
        error(bundle, "/var/lib/kubelet/config.yaml").message());
    assertNull(component(bundle, "kubelet").configFiles().stream().findFirst()
        .map(FactBundle.ConfigFile::content).orElse(null));
  }
}
