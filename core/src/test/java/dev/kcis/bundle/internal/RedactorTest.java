package dev.kcis.bundle.internal;

import static dev.kcis.bundle.internal.Redactor.REDACTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.core.internal.SettingsCatalog.FlagType;
import dev.kcis.core.internal.SettingsCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl";

  @ParameterizedTest
  @ValueSource(strings = {"secret", "token", "bearerToken", "password", "passwd", "credentials",
      "privateKey", "private_key", "client-key-data", "keyData", "certData", "cert-data",
      "ETCD_INITIAL_CLUSTER_TOKEN", "clientSecret", "apiKey", "api_key", "API_KEY", "x-api-key",
      "privateExponent", "bearer", "db-password", "initial-cluster-token", "DB_PWD", "Cookie",
      "accessKey", "passphrase", "example.com/api-token"})
  void credentialKeys(String key) {
    assertTrue(Redactor.isCredentialKey(key), key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tokenFile", "tlsPrivateKeyFile", "credentialProviderDir",
      "token-path", "ETCD_PEER_KEY_FILE", "keys", "name", "clientCAFile", "certificate",
      "client-certificate-data", "enableBootstrapTokenAuthFile", "token-auth-file",
      "service-account-key-file", "authentication.x509.clientCAFile", "secretName",
      "tokenSecretRef", "authentication-token-webhook-cache-ttl",
      "service-account-max-token-expiration", "authorization", "authorization-mode",
      "kubernetes.io/service-account.name", "PWD_DIR"})
  void pathsReferencesAndOrdinaryKeysAreKept(String key) {
    assertFalse(Redactor.isCredentialKey(key), key);
  }

  @Test
  void encryptionProviderSecretsAreRedactedAndTheProvidersKept() {
    Object config = Map.of("kind", "EncryptionConfiguration", "resources", List.of(Map.of(
        "resources", List.of("secrets"),
        "providers", List.of(
            Map.of("aescbc", Map.of("keys", List.of(Map.of("name", "key1",
                "secret", "c2VjcmV0IGlzIHNlY3VyZQ==")))),
            Map.of("secretbox", Map.of("keys", List.of(Map.of("name", "k2",
                "secret", "YWJjZA==")))),
            Map.of("identity", Map.of())))));
    String redacted = Redactor.redact(config).toString();
    assertFalse(redacted.contains("c2VjcmV0IGlzIHNlY3VyZQ=="), redacted);
    assertFalse(redacted.contains("YWJjZA=="), redacted);
    assertTrue(redacted.contains("resources=[secrets]"), "values named 'secrets' stay: "
        + redacted);
    assertTrue(redacted.contains("name=key1"), redacted);
    assertTrue(redacted.contains("{secretbox={keys=[{"), "the provider stays: " + redacted);
  }

  @Test
  void numbersUnderCredentialKeysAndPemAnywhereAreRedacted() {
    Map<?, ?> out = (Map<?, ?>) Redactor.redact(Map.of("password", 123456,
        "tokens", List.of("a", "b"), "enableToken", true,
        "certificateAuthority", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "tokenFile", "/var/run/secrets/token"));
    assertEquals(REDACTED, out.get("password"));
    assertEquals(List.of(REDACTED, REDACTED), out.get("tokens"));
    assertEquals(true, out.get("enableToken"), "a boolean carries no secret");
    assertEquals(REDACTED, out.get("certificateAuthority"));
    assertEquals("/var/run/secrets/token", out.get("tokenFile"));
  }

  @Test
  void everythingBeneathACredentialKeyIsRedactedWhateverItsShape() {
    Map<?, ?> out = (Map<?, ?>) Redactor.redact(Map.of(
        "token", Map.of("value", "SECRET-in-a-map", "nested", List.of(Map.of("x", 42))),
        "staticPodURLHeader", Map.of("Authorization", List.of("Bearer SECRET-header"),
            "X-Trace", List.of("SECRET-any-header")),
        "webhook", Map.of("headers", Map.of("Cookie", "SECRET-cookie")),
        "proxy", Map.of("Authorization", "Basic U0VDUkVULWJhc2lj"),
        "authorization", Map.of("mode", "Webhook", "webhook", Map.of("cacheAuthorizedTTL", "5m")),
        "authentication", Map.of("x509", Map.of("clientCAFile", "/etc/kubernetes/pki/ca.crt"))));
    String text = out.toString();
    assertFalse(text.contains("SECRET"), text);
    assertFalse(text.contains("U0VDUkVU"), text);
    assertFalse(text.contains("42"), text);
    assertEquals(Map.of("value", REDACTED, "nested", List.of(Map.of("x", REDACTED))),
        out.get("token"));
    assertEquals(Map.of("mode", "Webhook", "webhook", Map.of("cacheAuthorizedTTL", "5m")),
        out.get("authorization"), "the kubelet's authorization section is not a header");
    assertEquals(Map.of("x509", Map.of("clientCAFile", "/etc/kubernetes/pki/ca.crt")),
        out.get("authentication"));
  }

  @Test
  void privateMembersOfJwksAreRedactedAndPublicOnesKept() {
    Map<String, Object> rsa = Map.of("kty", "RSA", "kid", "k1", "n", "public-modulus",
        "e", "AQAB", "d", "SECRET-d", "p", "SECRET-p", "q", "SECRET-q", "dp", "SECRET-dp",
        "dq", "SECRET-dq", "qi", "SECRET-qi");
    Map<?, ?> out = (Map<?, ?>) Redactor.redact(Map.of(
        "jwt", List.of(Map.of("issuer", Map.of("url", "https://issuer.example"),
            "keys", List.of(rsa, Map.of("kty", "oct", "k", "SECRET-k")))),
        "signer", Map.of("privateExponent", "SECRET-exp"),
        "inline", "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"x\",\"d\":\"SECRET-inline\"}]}",
        "d", "a key named d outside a JWK is not a credential"));
    String text = out.toString();
    assertFalse(text.contains("SECRET"), text);
    assertTrue(text.contains("n=public-modulus") && text.contains("e=AQAB")
        && text.contains("url=https://issuer.example"), text);
    assertEquals("a key named d outside a JWK is not a credential", out.get("d"));
  }

  @ParameterizedTest
  @ValueSource(strings = {JWT, "Bearer abcdefgh12345678", "ghp_0123456789abcdefghij0123456789abcd",
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "xoxb-1234567890-abcdefghij",
      "AKIAIOSFODNN7EXAMPLE", "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t",
      "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----"})
  void credentialShapesAreFoundAnywhere(String value) {
    assertTrue(Redactor.looksLikeCredential(value), value);
    assertEquals(REDACTED, Redactor.redact(Map.of("note", value)).toString()
        .replaceAll("^\\{note=|\\}$", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "/etc/kubernetes/pki/ca.crt",
      "Basic authentication is disabled", "https://kubernetes.default.svc", "Webhook",
      "system:masters", "4h0m0s", "node01.example.com"})
  void ordinaryValuesDoNotLookLikeCredentials(String value) {
    assertFalse(Redactor.looksLikeCredential(value), value);
  }

  @Test
  void credentialFlagValuesAreRedactedInEitherForm() {
    assertEquals(List.of("/usr/bin/app", "--db-password=" + REDACTED, "--db-password", REDACTED,
            "--api-key", REDACTED, "--listen", ":8080", "--token-auth-file=/etc/tokens.csv",
            "-H", "Authorization: " + REDACTED, "--verbose"),
        Redactor.redactArgs(List.of("/usr/bin/app", "--db-password=SECRET-1", "--db-password",
            "SECRET-2", "--api-key", "SECRET-3", "--listen", ":8080",
            "--token-auth-file=/etc/tokens.csv", "-H", "Authorization: Bearer SECRET-bearer-4",
            "--verbose"), null));
    assertEquals(List.of("etcd", "--name=cp-1", "--initial-cluster-token=" + REDACTED,
            "--data-dir=/var/lib/etcd"),
        Redactor.redactArgs(List.of("etcd", "--name=cp-1", "--initial-cluster-token=SECRET-5",
            "--data-dir=/var/lib/etcd"), "etcd"));
  }

  @Test
  void booleanFlagsAndTheFollowingFlagAreKept() {
    List<String> args = List.of("kube-controller-manager", "--use-service-account-credentials",
        "--profiling=false", "--enable-token-thing=true", "--service-account-private-key-file",
        "/etc/kubernetes/pki/sa.key");
    assertEquals(args, Redactor.redactArgs(args, "kube-controller-manager"));
    assertEquals(args, Redactor.redactArgs(args, null));
  }

  @Test
  void credentialFlagsInsideAShellScriptAreRedacted() {
    List<String> out = Redactor.redactArgs(List.of("sh", "-c",
        "exec kube-apiserver --enable-bootstrap-token-auth --db-password=SECRET-6 "
            + "--etcd-password 'SECRET-7' --token-auth-file=/etc/t.csv"), null);
    assertEquals("exec kube-apiserver --enable-bootstrap-token-auth --db-password=" + REDACTED
        + " --etcd-password " + REDACTED + " --token-auth-file=/etc/t.csv", out.get(2));
  }

  /** The rules read every catalog setting: none may be taken for a credential, in any pod. */
  @Test
  void noCatalogFlagIsRedacted() {
    SettingsCatalog catalog = SettingsCatalog.get();
    for (String kind : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler",
        "etcd", "kubelet", "kube-proxy")) {
      List<String> args = new ArrayList<>(List.of(kind));
      for (SettingsCatalog.SettingSpec setting : catalog.component(kind).settings().values()) {
        if (setting.flag() != null) {
          args.add(setting.flag() + "=" + (setting.type() == FlagType.BOOL ? "true"
              : "/etc/kubernetes/value"));
        }
      }
      assertEquals(args, Redactor.redactArgs(args, kind), kind);
      assertEquals(args, Redactor.redactArgs(args, null), kind + " as a pod's container");
    }
  }

  @Test
  void environmentValues() {
    assertEquals(REDACTED, Redactor.redactEnv("ETCD_INITIAL_CLUSTER_TOKEN", "t"));
    assertEquals(REDACTED, Redactor.redactEnv("ETCD_NOTE", JWT));
    assertEquals("/etc/etcd/peer.key", Redactor.redactEnv("ETCD_PEER_KEY_FILE",
        "/etc/etcd/peer.key"));
  }
}
