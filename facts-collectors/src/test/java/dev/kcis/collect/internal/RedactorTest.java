package dev.kcis.collect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  @ParameterizedTest
  @ValueSource(strings = {"secret", "token", "bearerToken", "password", "passwd", "credentials",
      "privateKey", "private_key", "client-key-data", "keyData", "certData", "cert-data", "ETCD_INITIAL_CLUSTER_TOKEN", "clientSecret"})
  void credentialKeys(String key) {
    assertTrue(Redactor.isCredentialKey(key), key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tokenFile", "tlsPrivateKeyFile", "credentialProviderDir",
      "token-path", "ETCD_PEER_KEY_FILE", "keys", "name", "clientCAFile", "certificate",
      "client-certificate-data",
      "enableBootstrapTokenAuthFile"})
  void pathsAndOrdinaryKeysAreKept(String key) {
    assertFalse(Redactor.isCredentialKey(key), key);
  }

  @Test
  void encryptionProviderSecretsAreRedactedAndTheStructureKept() {
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
  }

  @Test
  void numbersUnderCredentialKeysAndPemAnywhereAreRedacted() {
    Map<?, ?> out = (Map<?, ?>) Redactor.redact(Map.of("password", 123456,
        "tokens", List.of("a", "b"), "enableToken", true,
        "certificateAuthority", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "tokenFile", "/var/run/secrets/token"));
    assertEquals(Redactor.REDACTED, out.get("password"));
    assertEquals(List.of(Redactor.REDACTED, Redactor.REDACTED), out.get("tokens"));
    assertEquals(true, out.get("enableToken"), "a boolean carries no secret");
    assertEquals(Redactor.REDACTED, out.get("certificateAuthority"));
    assertEquals("/var/run/secrets/token", out.get("tokenFile"));
  }

  @Test
  void environmentValues() {
    assertEquals(Redactor.REDACTED, Redactor.redactEnv("ETCD_INITIAL_CLUSTER_TOKEN", "t"));
    assertEquals("/etc/etcd/peer.key", Redactor.redactEnv("ETCD_PEER_KEY_FILE",
        "/etc/etcd/peer.key"));
  }

  @Test
  void structuredTextKeepsTimestampsAsTextAndRejectsHostileYaml() throws Exception {
    Map<?, ?> doc = (Map<?, ?>) StructuredText.document(
        "created: 2024-01-02\nport: 10250\nratio: 1.5\nbin: !!binary aGk=\n", "c.yaml");
    assertEquals("2024-01-02", doc.get("created"));
    assertEquals(10250L, doc.get("port"));
    assertEquals(new BigDecimal("1.5"), doc.get("ratio"));
    assertEquals(Redactor.REDACTED, doc.get("bin"));

    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("a: 1\na: 2\n", "dup.yaml"));
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("x: !!javax.script.ScriptEngineManager []\n", "t.yaml"));
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("[".repeat(100) + "]".repeat(100), "deep.yaml"));
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("{\"a\": 1, \"a\": 2}", "dup.json"));
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("{\"a\": 1} {\"b\": 2}", "trailing.json"));
    StringBuilder bomb = new StringBuilder("a: &a [x, x]\n");
    for (int i = 1; i < 60; i++) {
      bomb.append("k").append(i).append(": &k").append(i).append(" [*")
          .append(i == 1 ? "a" : "k" + (i - 1)).append(", *")
          .append(i == 1 ? "a" : "k" + (i - 1)).append("]\n");
    }
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document(bomb.toString(), "bomb.yaml"));
  }

  @Test
  void documentsKeepTheirIndexesInAStream() throws Exception {
    List<Object> docs = StructuredText.documents("---\n---\nkind: Pod\n", "m.yaml");
    assertEquals(2, docs.size());
    assertEquals(null, docs.get(0));
    assertEquals("Pod", ((Map<?, ?>) docs.get(1)).get("kind"));
  }
}
