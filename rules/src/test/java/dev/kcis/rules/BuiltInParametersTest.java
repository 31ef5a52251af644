package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.Report;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameters of the built-in rules, which run as the precompiled executable model: one rule, two
 * controls with different values, each control judged by its own.
 */
class BuiltInParametersTest {

  @Test
  void oneRuleServesTwoControlsWithDifferentModes() {
    Profile profile = new Profile("two-modes", "test", "1", Map.of("9", "kubeconfig"), List.of(
        new Control("9.1", "CIS: 600", "9", "Automated", 1,
            List.of("kubelet-kubeconfig-permissions"), null),
        new Control("9.2", "EKS: 644", "9", "Automated", 1,
            List.of("kubelet-kubeconfig-permissions"), null, List.of(), Map.of("mode", "644"),
            null)));
    Report report = ComplianceEngine.builder().profile(profile).build().evaluate(FactBundle.parse(
        """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: w-1
            components:
              - {kind: kubelet, source: {type: process, path: /proc/7/cmdline},
                 args: [kubelet, --kubeconfig=/var/lib/kubelet/kubeconfig]}
            files:
              - {path: /var/lib/kubelet/kubeconfig, role: kubelet-kubeconfig, component: kubelet,
                 via: "flag --kubeconfig", type: file, mode: "0644", uid: 0, gid: 0}
        """, "w-1.yaml"));
    assertEquals(List.of("9.1 FAIL mode 600 or more restrictive | chmod 600 the file named by the "
        + "kubelet's --kubeconfig (on kubeadm: /etc/kubernetes/kubelet.conf).",
        "9.2 PASS mode 644 or more restrictive | chmod 644 the file named by the kubelet's "
        + "--kubeconfig (on kubeadm: /etc/kubernetes/kubelet.conf)."),
        report.results().stream().map(r -> r.control() + " " + r.status() + " "
            + r.evidence().expected() + " | " + r.remediation()).toList());
  }
}
