package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.facts.Container;
import dev.kcis.facts.ContainerPort;
import dev.kcis.facts.EnvSource;
import dev.kcis.facts.KubeObject;
import dev.kcis.facts.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Container facts shaped from a Deployment's pod template. */
class ContainerFactsTest {

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        template:
          spec:
            volumes:
              - {name: host-logs, hostPath: {path: /var/log}}
              - {name: tls, secret: {secretName: web-tls}}
              - {name: settings, configMap: {name: web-settings}}
              - {name: scratch, emptyDir: {}}
              - {name: token, projected: {sources: []}}
            initContainers:
              - {name: migrate, image: "registry.acme.example:5000/shop/migrate@sha256:%s"}
            containers:
              - name: app
                image: nginx:1.27
                resources:
                  requests: {cpu: 250m, memory: 256Mi}
                  limits: {memory: 1Gi, cpu: 1, ephemeral-storage: lots}
                livenessProbe: {httpGet: {path: /healthz, port: 8080}}
                readinessProbe: {tcpSocket: {port: 8080}}
                ports:
                  - {containerPort: 8080, name: http}
                  - {containerPort: 53, hostPort: 53, protocol: UDP}
                volumeMounts:
                  - {name: host-logs, mountPath: /logs, readOnly: true}
                  - {name: tls, mountPath: /tls, subPath: tls.crt}
                  - {name: settings, mountPath: /etc/web}
                  - {name: scratch, mountPath: /tmp}
                  - {name: token, mountPath: /var/run/token}
                  - {name: missing, mountPath: /nowhere}
                env:
                  - {name: MODE, value: production}
                  - name: DB_PASSWORD
                    valueFrom: {secretKeyRef: {name: db, key: password}}
                  - name: LEVEL
                    valueFrom: {configMapKeyRef: {name: web-settings, key: level}}
                  - name: POD_IP
                    valueFrom: {fieldRef: {fieldPath: status.podIP}}
                  - name: MEM
                    valueFrom: {resourceFieldRef: {resource: limits.memory}}
                envFrom:
                  - {secretRef: {name: api-keys}, prefix: API_}
                  - {configMapRef: {name: web-settings}}
      """.formatted("b".repeat(64));

  @SuppressWarnings("unchecked")
  private static List<Container> containers(String yaml) {
    Map<String, Object> json = new Yaml().load(yaml);
    Map<String, Object> metadata = (Map<String, Object>) json.get("metadata");
    KubeObject o = new KubeObject(String.valueOf(json.get("apiVersion")),
        String.valueOf(json.get("kind")), String.valueOf(metadata.get("namespace")),
        String.valueOf(metadata.get("name")), Map.of(), json, "deploy.yaml");
    return ObjectShapes.shape(List.of(o)).stream().filter(Container.class::isInstance)
        .map(Container.class::cast).toList();
  }

  private static Container app() {
    return containers(DEPLOYMENT).stream().filter(c -> c.getName().equals("app")).findFirst()
        .orElseThrow();
  }

  @Test
  void aContainerIsNamedInItsTarget() {
    Container app = app();
    assertEquals("Deployment/shop/web[container=app]", app.getTarget());
    assertEquals("Deployment/shop/web", app.reportedOnWorkload().getTarget());
    assertEquals(app.observe(), app.reportedOnWorkload().observe());
  }

  @Test
  void initAndEphemeralContainersAreFlagged() {
    Container migrate = containers(DEPLOYMENT).stream()
        .filter(c -> c.getName().equals("migrate")).findFirst().orElseThrow();
    assertTrue(migrate.isInit());
    assertFalse(migrate.isEphemeral());
    assertFalse(app().isInit());
    assertEquals("registry.acme.example:5000", migrate.getImageRegistry());
    assertEquals("shop/migrate", migrate.getImageRepository());
    assertNull(migrate.getImageTag());
    assertEquals("sha256:" + "b".repeat(64), migrate.getImageDigest());
  }

  @Test
  void resourcesAreQuantitiesWithTheirText() {
    Container app = app();
    assertTrue(app.hasLimit("memory"));
    assertEquals("1Gi", app.limit("memory").getText());
    assertEquals(1073741824L, app.limit("memory").getValue().longValueExact());
    assertEquals("1", app.limit("cpu").getText(), "a YAML number reads as its text");
    assertTrue(app.request("cpu").atMost("1"));
    assertFalse(app.hasLimit("ephemeral-storage"), "an invalid quantity is no limit");
    assertEquals("lots", app.limit("ephemeral-storage").getText());
    assertFalse(app.hasRequest("ephemeral-storage"));
    assertNull(app.limit("nvidia.com/gpu"));
  }

  @Test
  void probesByKind() {
    Container app = app();
    assertEquals("httpGet", app.getLivenessProbe());
    assertEquals("tcpSocket", app.getReadinessProbe());
    assertNull(app.getStartupProbe());
    assertTrue(app.hasProbe("liveness"));
    assertFalse(app.hasProbe("startup"));
  }

  @Test
  void portsWithProtocolDefaults() {
    List<ContainerPort> ports = app().getPorts();
    assertEquals(2, ports.size());
    assertEquals(8080, ports.get(0).getContainerPort());
    assertEquals("TCP", ports.get(0).getProtocol());
    assertEquals("http", ports.get(0).getName());
    assertNull(ports.get(0).getHostPort());
    assertEquals(53, ports.get(1).getHostPort());
    assertEquals("UDP", ports.get(1).getProtocol());
    assertEquals(List.of(53), app().getHostPorts());
  }

  @Test
  void mountsAreJoinedWithThePodsVolumes() {
    List<VolumeMount> mounts = app().getVolumeMounts();
    assertEquals(List.of("hostPath", "secret", "configMap", "emptyDir", "projected"),
        mounts.subList(0, 5).stream().map(VolumeMount::getVolumeKind).toList());
    assertEquals("/var/log", mounts.get(0).getHostPath());
    assertTrue(mounts.get(0).isReadOnly());
    assertEquals("web-tls", mounts.get(1).getSource());
    assertEquals("tls.crt", mounts.get(1).getSubPath());
    assertNull(mounts.get(1).getHostPath());
    assertEquals("web-settings", mounts.get(2).getSource());
    assertNull(mounts.get(5).getVolumeKind(), "a mount of an undeclared volume has no kind");
    assertTrue(app().mountsVolumeKind("hostPath"));
  }

  @Test
  void envSourcesNeverCarryValues() {
    Container app = app();
    List<String> sources = app.getEnvSources().stream().map(EnvSource::toString).toList();
    assertEquals(List.of("MODE <- literal", "DB_PASSWORD <- secretKeyRef db/password",
        "LEVEL <- configMapKeyRef web-settings/level", "POD_IP <- fieldRef status.podIP",
        "MEM <- resourceFieldRef limits.memory", "API_ <- secretRef api-keys",
        "envFrom <- configMapRef web-settings"), sources);
    assertEquals(List.of("db/password", "api-keys/*"), app.getSecretEnv());
    assertTrue(app.hasEnv("MODE"));
    assertFalse(app.getSpec().toString().contains("production"), "the raw spec drops values");
    assertEquals("MODE", app.get("env.0.name"));
    assertNull(app.get("env.0.value"));
    assertEquals("/healthz", app.get("livenessProbe.httpGet.path"));
  }
}
