package dev.kcis.bundle.internal;

import static dev.kcis.bundle.internal.Redactor.REDACTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.bundle.FactBundle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectScrubberTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) throws Exception {
    return JSON.readValue(json, Map.class);
  }

  static Map<String, Object> scrubbed(String json) throws Exception {
    return ObjectScrubber.scrub(parse(json));
  }

  @Test
  void secretsLoseTheirValuesAtAnyDepthOfListNesting() throws Exception {
    Map<String, Object> list = scrubbed("""
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "v1", "kind": "List", "items": [
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
               "stringData": {"password": "SECRET-deep"}, "data": {"k": "U0VDUkVU"}}]},
            {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "api"},
             "stringData": {"token": "SECRET-nested"}}]},
          {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
           "data": {"conf": "SECRET-in-configmap"}}]}""");
    String text = JSON.writeValueAsString(list);
    assertFalse(text.contains("SECRET"), text);
    assertFalse(text.contains("U0VDUkVU"), text);
    assertTrue(text.contains("\"name\":\"db\"") && text.contains("\"name\":\"api\""), text);
  }

  @Test
  void aSecretACustomResourceEmbedsLosesItsValues() throws Exception {
    String text = JSON.writeValueAsString(scrubbed("""
        {"apiVersion": "example.com/v1", "kind": "SecretTemplate", "metadata": {"name": "t"},
         "spec": {"template": {"kind": "Secret", "stringData": {"token": "SECRET-embedded"}}}}"""));
    assertFalse(text.contains("SECRET"), text);
  }

  @Test
  void aCustomResourceKeepsItsStructureButNotItsCredentials() throws Exception {
    Map<String, Object> resource = scrubbed("""
        {"apiVersion": "db.example.com/v1", "kind": "Database", "metadata": {"name": "orders"},
         "spec": {"engine": "postgres", "password": "SECRET-cr-password",
                  "auth": {"apiKey": "SECRET-cr-key", "passwordSecretRef": {"name": "pg"}}}}""");
    assertEquals(Map.of("engine", "postgres", "password", REDACTED,
        "auth", Map.of("apiKey", REDACTED, "passwordSecretRef", Map.of("name", "pg"))),
        resource.get("spec"));
    Map<String, Object> role = scrubbed("""
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"},
         "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]}""");
    assertEquals(List.of(Map.of("apiGroups", List.of(""), "resources", List.of("secrets"),
        "verbs", List.of("get"))), role.get("rules"), "Kubernetes' own kinds keep their fields");
  }

  @Test
  void literalEnvironmentValuesAreNeverKeptAndReferencesStay() throws Exception {
    Map<String, Object> deployment = scrubbed("""
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
         "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "app:1",
           "env": [{"name": "API_KEY", "value": "SECRET-api-key"},
                   {"name": "LOG_LEVEL", "value": "info"},
                   {"name": "DB", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}}],
           "args": ["--db-password", "SECRET-arg", "--listen=:80"]}]}}}}""");
    Map<?, ?> container = (Map<?, ?>) at(deployment, "spec", "template", "spec", "containers", 0);
    assertEquals(List.of(Map.of("name", "API_KEY", "value", REDACTED),
        Map.of("name", "LOG_LEVEL", "value", REDACTED),
        Map.of("name", "DB", "valueFrom", Map.of("secretKeyRef", Map.of("name", "db", "key",
            "pw")))), container.get("env"));
    assertEquals(List.of("--db-password", REDACTED, "--listen=:80"), container.get("args"));

    Map<String, Object> cronJob = scrubbed("""
        {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
         "spec": {"jobTemplate": {"spec": {"template": {"spec": {"initContainers": [
           {"name": "i", "image": "i:1", "env": [{"name": "GITHUB_PAT", "value": "ghp_x"}]}]}}}}}}
        """);
    assertFalse(cronJob.toString().contains("ghp_x"), cronJob.toString());
  }

  @Test
  void credentialAnnotationsAndLastAppliedAreRemovedAtAnyLevel() throws Exception {
    Map<String, Object> pod = scrubbed("""
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web",
          "annotations": {"example.com/api-token": "SECRET-annotation-token",
            "example.com/identity": "%s",
            "kubernetes.io/enforce-mountable-secrets": "true",
            "kubernetes.io/config.mirror": "0123456789abcdef0123456789abcdef",
            "kubectl.kubernetes.io/last-applied-configuration": "{\\"a\\":\\"SECRET-la\\"}",
            "note": "deployed by ci"}},
         "spec": {"template": {"metadata": {"annotations": {
            "kubectl.kubernetes.io/last-applied-configuration": "SECRET-template-la"}}}}}
        """.formatted(RedactorTest.JWT));
    Map<?, ?> annotations = (Map<?, ?>) at(pod, "metadata", "annotations");
    assertEquals(Map.of("example.com/api-token", REDACTED, "example.com/identity", REDACTED,
        "kubernetes.io/enforce-mountable-secrets", "true",
        "kubernetes.io/config.mirror", "0123456789abcdef0123456789abcdef",
        "note", "deployed by ci"), annotations);
    assertEquals(Map.of(), at(pod, "spec", "template", "metadata", "annotations"));
  }

  /** A bundle given to eval is scrubbed as it is read: the reader keeps the collectors' rule. */
  @Test
  void theReaderScrubsObjectsAndComponentsOfAHandWrittenBundle() {
    FactBundle bundle = BundleReader.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: cp-1
            components:
              - kind: kube-apiserver
                source: {type: process, path: /proc/1/cmdline}
                args: [kube-apiserver, --db-password=SECRET-arg, --anonymous-auth=false]
                env: {API_TOKEN: SECRET-env}
                configFiles:
                  - flag: --authentication-config
                    path: /etc/kubernetes/authn.yaml
                    content: {jwt: [{issuer: {url: "https://i"}}], token: {value: SECRET-map}}
        objects:
          - apiVersion: v1
            kind: List
            metadata: {name: wrapped}
            items:
              - {apiVersion: v1, kind: List, items: [
                  {apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {a: SECRET-s}}]}
        """, "hand.yaml");
    String text = bundle.toString();
    assertFalse(text.contains("SECRET"), text);
    FactBundle.Component apiserver = bundle.nodes().get(0).components().get(0);
    assertEquals(List.of("kube-apiserver", "--db-password=" + REDACTED, "--anonymous-auth=false"),
        apiserver.args());
    assertEquals(Map.of("API_TOKEN", REDACTED), apiserver.env());
  }

  static Object at(Object node, Object... path) {
    for (Object step : path) {
      node = step instanceof Integer i ? ((List<?>) node).get(i) : ((Map<?, ?>) node).get(step);
    }
    return node;
  }
}
