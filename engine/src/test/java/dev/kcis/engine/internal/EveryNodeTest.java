package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node entry "*" (what holds on every node): its components are judged, it is no node. */
class EveryNodeTest {

  static final String RULES = """
      package org.example.rules
      import dev.kcis.facts.NodeFile
      import dev.kcis.facts.Setting
      global dev.kcis.facts.Verdicts verdict

      rule "pki-mode"
          @scope("node")
          @message("a key is readable by others")
          @remediation("chmod 600")
      when
          $f : NodeFile(role == "pki-key")
      then
          verdict.check($f.hasModeAtMost("600"), "600", $f);
      end

      rule "proxy-metrics"
          @scope("component:kube-proxy")
          @message("kube-proxy metrics on every address")
          @remediation("bind to 127.0.0.1")
      when
          $s : Setting(component == "kube-proxy", name == "metricsBindAddress")
      then
          verdict.expect($s, "127.0.0.1:10249");
      end
      """;

  @Test
  void everyNodeHoldsComponentsButIsNotANode(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("rules.drl"), RULES);
    Profile profile = new Profile("test", "test", "1", Map.of("9", "custom"), List.of(
        new Control("9.1", "pki", "9", "Automated", 1, List.of("pki-mode"), null),
        new Control("9.2", "proxy", "9", "Automated", 1, List.of("proxy-metrics"), null)));
    ComplianceEngine engine = ComplianceEngine.builder().withoutBuiltInRules().addRules(dir)
        .profile(profile).build();
    Report report = engine.evaluate(FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: w-1
            files: [{path: /etc/kubernetes/pki/a.key, role: pki-key, type: file, mode: "0600"}]
          - name: "*"
            components:
              - kind: kube-proxy
                source: {type: configmap, path: ConfigMap/kube-system/kube-proxy}
                args: [kube-proxy, --config=/var/lib/kube-proxy/config.conf]
                configFiles:
                  - {flag: --config, path: /var/lib/kube-proxy/config.conf,
                     content: {metricsBindAddress: "127.0.0.1:10249"}}
        """, "t.yaml"));
    assertEquals(List.of("9.1 node/w-1:/etc/kubernetes/pki/a.key PASS",
        "9.2 node/*/kube-proxy PASS"), report.results().stream()
        .map(EveryNodeTest::line).toList());
  }

  static String line(Result r) {
    return r.control() + " " + r.target() + " " + r.status();
  }
}
