package dev.kcis.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.Setting;
import dev.kcis.facts.SettingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingResolverTest {

  static final FactBundle.Source PROC = new FactBundle.Source("process", "/proc/7/cmdline", null);

  static Setting find(List<Setting> settings, String name) {
    return settings.stream().filter(s -> s.getName().equals(name)).findFirst().orElse(null);
  }

  static List<Setting> kubelet(List<String> args, Object config, List<CollectionIssue> issues) {
    List<FactBundle.ConfigFile> files = config == null ? List.of()
        : List.of(new FactBundle.ConfigFile("--config", "/var/lib/kubelet/config.yaml", config));
    return SettingResolver.resolve("n", new FactBundle.Component("kubelet", PROC, args, Map.of(),
        files, Map.of()), issues);
  }

  @Test
  void kubeletDefaultsDependOnWhetherAConfigFileIsUsed() {
    List<Setting> noConfig = kubelet(List.of("kubelet"), null, new ArrayList<>());
    Setting mode = find(noConfig, "authorization.mode");
    assertEquals("AlwaysAllow", mode.getValue());
    assertEquals(SettingSource.DEFAULT, mode.getSource());

    List<Setting> withConfig = kubelet(List.of("kubelet", "--config=/var/lib/kubelet/config.yaml"),
        Map.of("kind", "KubeletConfiguration"), new ArrayList<>());
    assertEquals("Webhook", find(withConfig, "authorization.mode").getValue());
  }

  @Test
  void aDefaultWrittenInAnOlderBundleIsDerivedAgainWithThisKcissDefaults() {
    // Earlier collectors wrote defaults into `effective`; a bundle carries evidence, so the engine
    // reading it applies its own defaults, and keeps what was seen.
    Map<String, FactBundle.EffectiveValue> old = Map.of(
        "authorization.mode", new FactBundle.EffectiveValue("AlwaysAllow", "default", "old kcis"),
        "readOnlyPort", new FactBundle.EffectiveValue("0", "config-file", "/etc/kubelet.yaml"));
    List<Setting> settings = SettingResolver.resolve("n", new FactBundle.Component("kubelet", PROC,
        List.of("kubelet", "--config=/etc/kubelet.yaml"), Map.of(),
        List.of(new FactBundle.ConfigFile("--config", "/etc/kubelet.yaml",
            Map.of("kind", "KubeletConfiguration"))), old), new ArrayList<>());
    Setting mode = find(settings, "authorization.mode");
    assertEquals("Webhook", mode.getValue(), "this kcis's default with a config file");
    assertEquals(SettingSource.DEFAULT, mode.getSource());
    assertEquals("0", find(settings, "readOnlyPort").getValue());
    assertEquals(SettingSource.CONFIG_FILE, find(settings, "readOnlyPort").getSource());
  }

  @Test
  void aFeatureGateLiveConfigzLeavesOutIsAtTheEnginesDefault() {
    FactBundle.Source configz = new FactBundle.Source("configz", "/api/v1/nodes/n/proxy/configz",
        null);
    List<Setting> settings = SettingResolver.resolve("n", new FactBundle.Component("kubelet",
        configz, List.of(), Map.of(), List.of(), Map.of("authorization.mode",
            new FactBundle.EffectiveValue("Webhook", "configz", configz.path()))),
        new ArrayList<>());
    Setting rotate = find(settings, "featureGates.RotateKubeletServerCertificate");
    assertEquals("true", rotate.getValue());
    assertEquals(SettingSource.DEFAULT, rotate.getSource());
    assertEquals(SettingSource.CONFIGZ, find(settings, "authorization.mode").getSource());
  }

  @Test
  void flagOverConfigOverDefault() {
    Map<String, Object> config = Map.of("authentication", Map.of("anonymous", Map.of("enabled", true)),
        "authorization", Map.of("mode", "AlwaysAllow"));
    List<Setting> settings = kubelet(List.of("kubelet", "--config", "/var/lib/kubelet/config.yaml",
        "--anonymous-auth=false"), config, new ArrayList<>());
    Setting anonymous = find(settings, "authentication.anonymous.enabled");
    assertEquals("false", anonymous.getValue());
    assertEquals(SettingSource.FLAG, anonymous.getSource());
    Setting mode = find(settings, "authorization.mode");
    assertEquals("AlwaysAllow", mode.getValue());
    assertEquals(SettingSource.CONFIG_FILE, mode.getSource());
    assertEquals("/var/lib/kubelet/config.yaml", mode.getLocation());
  }

  @Test
  void anUnreadableConfigFileLeavesItsKeysUnknown() {
    List<CollectionIssue> issues = new ArrayList<>();
    List<Setting> settings = kubelet(List.of("kubelet", "--config=/var/lib/kubelet/config.yaml",
        "--anonymous-auth=false"), null, issues);
    assertNull(find(settings, "authorization.mode"), "unknown, not defaulted");
    assertEquals("false", find(settings, "authentication.anonymous.enabled").getValue());
    assertEquals(1, issues.size());
    assertTrue(issues.get(0).getMessage().contains("--config"));
  }

  @Test
  void controlPlaneFlagsGetTheirDefaultsWhenAbsent() {
    List<Setting> settings = SettingResolver.resolve("cp", new FactBundle.Component(
        "kube-apiserver", PROC, List.of("kube-apiserver"), Map.of(), List.of(), Map.of()),
        new ArrayList<>());
    Setting anonymous = find(settings, "--anonymous-auth");
    assertEquals("true", anonymous.getValue());
    assertEquals(SettingSource.DEFAULT, anonymous.getSource());
    Setting authnConfig = find(settings, "--authentication-config");
    assertNull(authnConfig.getValue(), "no default: unset");
  }

  @Test
  void etcdEnvironmentCountsWhenNoFlagSetsIt() {
    List<Setting> settings = SettingResolver.resolve("cp", new FactBundle.Component("etcd", PROC,
        List.of("etcd", "--cert-file=/a.crt"), Map.of("ETCD_CLIENT_CERT_AUTH", "true",
            "ETCD_CERT_FILE", "/b.crt"), List.of(), Map.of()), new ArrayList<>());
    Setting auth = find(settings, "--client-cert-auth");
    assertEquals(SettingSource.ENV, auth.getSource());
    assertEquals("/a.crt", find(settings, "--cert-file").getValue(), "the flag wins over env");
  }

  @Test
  void etcdConfigFileReplacesFlagsAndEnvironment() {
    Map<String, Object> config = Map.of("client-transport-security",
        Map.of("client-cert-auth", true, "cert-file", "/etc/etcd/server.crt"));
    List<Setting> settings = SettingResolver.resolve("cp", new FactBundle.Component("etcd", PROC,
        List.of("etcd", "--config-file=/etc/etcd/etcd.yaml", "--auto-tls=true"),
        Map.of("ETCD_PEER_AUTO_TLS", "true"),
        List.of(new FactBundle.ConfigFile("--config-file", "/etc/etcd/etcd.yaml", config)),
        Map.of()), new ArrayList<>());
    Setting auth = find(settings, "--client-cert-auth");
    assertEquals("true", auth.getValue());
    assertEquals(SettingSource.CONFIG_FILE, auth.getSource());
    Setting autoTls = find(settings, "--auto-tls");
    assertEquals("false", autoTls.getValue(), "the flag is ignored with a config file");
    assertTrue(autoTls.getLocation().contains("ignored"), autoTls.getLocation());
    assertEquals("false", find(settings, "--peer-auto-tls").getValue(), "env ignored too");
  }

  @Test
  void admissionPluginsInEffect() {
    List<Setting> settings = SettingResolver.resolve("cp", new FactBundle.Component(
        "kube-apiserver", PROC, List.of("kube-apiserver", "--enable-admission-plugins=NodeRestriction",
            "--disable-admission-plugins=ServiceAccount"), Map.of(), List.of(), Map.of()),
        new ArrayList<>());
    Setting plugins = find(settings, SettingResolver.ADMISSION_PLUGINS);
    assertTrue(plugins.has("NodeRestriction"));
    assertTrue(plugins.has("NamespaceLifecycle"), "enabled by default");
    assertTrue(!plugins.has("ServiceAccount"), "disabled explicitly");
    assertEquals(SettingSource.FLAG, plugins.getSource());

    Setting legacy = find(SettingResolver.resolve("cp", new FactBundle.Component("kube-apiserver",
        PROC, List.of("kube-apiserver", "--admission-control=AlwaysAdmit"), Map.of(), List.of(),
        Map.of()), new ArrayList<>()), SettingResolver.ADMISSION_PLUGINS);
    assertEquals(List.of("AlwaysAdmit"), legacy.getValues(), "the deprecated flag replaces defaults");
  }

  @Test
  void featureGateEntriesResolveFromTheMapFlag() {
    List<Setting> settings = kubelet(List.of("kubelet",
        "--feature-gates=Foo=true,RotateKubeletServerCertificate=false"), null, new ArrayList<>());
    Setting gate = find(settings, "featureGates.RotateKubeletServerCertificate");
    assertEquals("false", gate.getValue());
    assertEquals(SettingSource.FLAG, gate.getSource());
    Setting defaulted = find(kubelet(List.of("kubelet", "--feature-gates=Foo=true"), null,
        new ArrayList<>()), "featureGates.RotateKubeletServerCertificate");
    assertEquals("true", defaulted.getValue());
    assertEquals(SettingSource.DEFAULT, defaulted.getSource());
  }

  @Test
  void liveConfigWithoutACommandLineKnowsNoFlags() {
    List<Setting> settings = SettingResolver.resolve("n", new FactBundle.Component("kubelet",
        new FactBundle.Source("configz", "/api/v1/nodes/n/proxy/configz", null), List.of(),
        Map.of(), List.of(), Map.of("readOnlyPort", new FactBundle.EffectiveValue("0", "configz",
            "/api/v1/nodes/n/proxy/configz"))), new ArrayList<>());
    assertEquals("0", find(settings, "readOnlyPort").getValue());
    assertNull(find(settings, "--hostname-override"), "unknown without the command line");
    assertNull(find(settings, "authorization.mode"), "not reported live: unknown, not defaulted");
  }
}
