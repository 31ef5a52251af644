package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.ProfileException;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Semantics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two readings of a recommendation: as CIS writes its pass condition (the default), and strict
 * (the value in effect too, the stricter verdict, no platform exemptions); the report says which.
 */
class VerdictSemanticsTest {

  /** A node whose kubelet sets --hostname-override and leaves rotateCertificates unset. */
  private static String node(String cluster) {
    return """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        """ + cluster + """
        nodes:
          - name: ip-10-0-1-20.ec2.internal
            components:
              - {kind: kubelet, source: {type: process, path: /proc/7/cmdline},
                 args: [kubelet, --config=/etc/kubernetes/kubelet/config.json,
                        --hostname-override=ip-10-0-1-20.ec2.internal, --cloud-provider=external],
                 configFiles: [{flag: --config, path: /etc/kubernetes/kubelet/config.json,
                                content: {kind: KubeletConfiguration}}]}
        """;
  }

  private static Report evaluate(String profile, boolean strict, String bundle) {
    return ComplianceEngine.builder().profile(profile).strict(strict).build()
        .evaluate(FactBundle.parse(bundle, "test.yaml"));
  }

  private static Result only(Report report, String control) {
    List<Result> results = report.resultsOf(control);
    assertEquals(1, results.size(), results.toString());
    return results.get(0);
  }

  @Test
  void aCloudProvidersHostnameOverrideIsExemptByDefaultAndJudgedWhenStrict() {
    String eks = node("cluster: {name: prod, kubernetesVersion: v1.33.2-eks-4096722}\n");
    Report byCis = evaluate("cis-1.12", false, eks);
    Result exempt = only(byCis, "4.2.7");
    assertEquals(Status.NOT_APPLICABLE, exempt.status());
    assertTrue(exempt.message().startsWith("not applicable on eks: "), exempt.message());
    assertTrue(exempt.message().contains("nodeadm"), exempt.message());
    assertTrue(exempt.message().contains("--strict judges it anyway"), exempt.message());
    assertEquals(Semantics.CIS, byCis.semantics());

    Report strict = evaluate("cis-1.12", true, eks);
    Result judged = only(strict, "4.2.7");
    assertEquals(Status.FAIL, judged.status());
    assertTrue(judged.message().contains("judged strictly: CIS exempts eks"), judged.message());
    assertEquals(Semantics.STRICT, strict.semantics());
  }

  @Test
  void withoutAPlatformTheOverrideFailsInBothReadings() {
    String kubeadm = node("cluster: {name: lab, kubernetesVersion: v1.33.2}\n");
    assertEquals(Status.FAIL, only(evaluate("cis-1.12", false, kubeadm), "4.2.7").status());
    assertEquals(Status.FAIL, only(evaluate("cis-1.12", true, kubeadm), "4.2.7").status());
  }

  @Test
  void aPlatformsOwnProfileExemptsItsNodesWhenTheEvidenceNamesNoPlatform() {
    Report report = evaluate("rke2-cis-1.8", false, node(""));
    Result exempt = only(report, "4.2.7");
    assertEquals(Status.NOT_APPLICABLE, exempt.status());
    assertTrue(exempt.message().contains("RKE2 CIS self-assessment: Not Applicable"),
        exempt.message());
  }

  @Test
  void rotateCertificatesAbsentPassesByDefaultSayingTheDefaultAndFailsWhenStrict() {
    String kubeadm = node("cluster: {name: lab, kubernetesVersion: v1.33.2}\n");
    Result pass = only(evaluate("cis-1.12", false, kubeadm), "4.2.10");
    assertEquals(Status.PASS, pass.status());
    assertTrue(pass.evidence().expected().contains("CIS accepts absence"), pass.evidence()
        .expected());
    assertTrue(pass.evidence().expected().contains("the kubelet's default is false"),
        pass.evidence().expected());
    Result fail = only(evaluate("cis-1.12", true, kubeadm), "4.2.10");
    assertEquals(Status.FAIL, fail.status());
    assertTrue(fail.evidence().expected().contains("judged strictly"), fail.evidence()
        .expected());
  }

  @Test
  void theJsonReportRecordsTheSemantics() throws Exception {
    String kubeadm = node("cluster: {name: lab, kubernetesVersion: v1.33.2}\n");
    for (boolean strict : new boolean[] {false, true}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      evaluate("cis-1.12", strict, kubeadm).writeJson(out);
      String json = out.toString(StandardCharsets.UTF_8);
      String expected = "\"semantics\":\"" + (strict ? "strict" : "cis") + "\"";
      assertTrue(json.replace(" ", "").contains(expected), json.substring(0, 300));
    }
  }

  /** A rule pack, compiled at run time (the classic builder), reads the semantics too. */
  @Test
  void aRulePackReadsTheSemantics(@TempDir Path pack) throws Exception {
    Files.writeString(pack.resolve("kubelet-seccomp-default-set.drl"), """
        package acme.rules

        import dev.kcis.facts.Semantics
        import dev.kcis.facts.Setting
        global dev.kcis.facts.Verdicts verdict

        rule "kubelet-seccomp-default-set"
            @scope("component:kubelet")
            @message("kubelet applies no seccomp profile by default")
            @remediation("Set seccompDefault: true in the kubelet config file.")
            @decision("Absent passes by default, fails when strict.")
        when
            Semantics($strict : strict)
            $s : Setting(component == "kubelet", name == "seccompDefault")
        then
            verdict.check($s.isTrue() || (!$s.isExplicit() && !$strict), "seccompDefault", $s);
        end
        """);
    Files.writeString(pack.resolve("profile.yaml"), """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        extends: cis-1.12
        name: ACME
        version: "1"
        sections: {"9": ACME}
        controls:
          - {id: "9.1", title: "seccomp", assessment: Automated,
             rules: [kubelet-seccomp-default-set]}
        """);
    String kubeadm = node("cluster: {name: lab, kubernetesVersion: v1.33.2}\n");
    for (boolean strict : new boolean[] {false, true}) {
      ComplianceEngine engine = ComplianceEngine.builder().profile("cis-1.12").addRules(pack)
          .strict(strict).build();
      assertEquals("Absent passes by default, fails when strict.",
          engine.rules().get("kubelet-seccomp-default-set").decision());
      Report report = engine.evaluate(FactBundle.parse(kubeadm, "test.yaml"));
      assertEquals(strict ? Status.FAIL : Status.PASS, only(report, "9.1").status());
    }
  }

  @Test
  void anExemptionWithoutAReasonIsRefusedWithItsPlace(@TempDir Path dir) throws Exception {
    Path profile = dir.resolve("mine.yaml");
    Files.writeString(profile, """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: mine
        name: Mine
        version: "1"
        sections: {"4": "Worker Nodes"}
        controls:
          - id: "4.2.7"
            title: "no override"
            assessment: Manual
            rules: [kubelet-hostname-override]
            exemptions: {eks: ""}
        """);
    ProfileException e = assertThrows(ProfileException.class,
        () -> ComplianceEngine.builder().profile(profile).build());
    assertTrue(e.getMessage().contains("mine.yaml:"), e.getMessage());
    assertTrue(e.getMessage().contains("controls[0].exemptions.eks"), e.getMessage());
  }
}
