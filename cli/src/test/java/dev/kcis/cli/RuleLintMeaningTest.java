package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.RuleLint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lint checks meaning in one pass, with FILE:LINE:COL, no cascades and "did you mean". */
class RuleLintMeaningTest {

  static String rule(String id, String scope, String when) {
    return """
        package acme.rules

        import dev.kcis.facts.KubeObject
        import dev.kcis.facts.Setting
        global dev.kcis.facts.Verdicts verdict

        rule "%s"
            @scope("%s")
            @message("a Service is exposed on every node's address")
            @remediation("Use a ClusterIP Service.")
        when
            %s
        then
            verdict.fail("no NodePort", $x);
        end
        """.formatted(id, scope, when);
  }

  static final String SERVICE = "$x : KubeObject(kind == \"Service\", "
      + "get(\"spec.type\") == \"NodePort\")";

  static String cases(String id, String passStatus) {
    return """
        rule: %s
        cases:
          - name: a ClusterIP service passes
            bundle:
              objects:
                - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}, spec: {type: ClusterIP}}
            expect:
              - {target: cluster, status: %s}
          - name: a NodePort service fails
            bundle:
              objects:
                - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}, spec: {type: NodePort}}
            expect:
              - {target: Service/shop/web, status: FAIL}
          - name: no services is inconclusive
            expect:
              - {target: cluster, status: INCONCLUSIVE}
        """.formatted(id, passStatus);
  }

  static void write(Path pack, String id, String drl, String cases) throws IOException {
    Files.createDirectories(pack.resolve("tests"));
    Files.writeString(pack.resolve(id + ".drl"), drl);
    Files.writeString(pack.resolve("tests/" + id + ".yaml"), cases);
  }

  @Test
  void oneBadStatusIsOneProblemNotACascade(@TempDir Path pack) throws IOException {
    for (String id : List.of("nodeport-a", "nodeport-b", "nodeport-c")) {
      write(pack, id, rule(id, "objects:Service", SERVICE), cases(id, "PASS"));
    }
    assertEquals(List.of(), RuleLint.packs(List.of(pack)), "the pack is clean");
    Files.writeString(pack.resolve("tests/nodeport-b.yaml"), cases("nodeport-b", "PASSED"));
    List<String> problems = RuleLint.packs(List.of(pack));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(pack.resolve("tests/nodeport-b.yaml") + ":"),
        problems.get(0));
    assertTrue(problems.get(0).contains("status must be one of"), problems.get(0));
  }

  static final String PRIVILEGED_IN_DEPLOYMENTS = """
      package acme.rules

      import dev.kcis.facts.Container
      global dev.kcis.facts.Verdicts verdict

      rule "no-privileged-deployments"
          @scope("objects:Deployment")
          @message("a Deployment runs a privileged container")
          @remediation("Drop privileged.")
      when
          $c : Container(privileged == true%s)
      then
          verdict.fail("not privileged", $c.getWorkload());
      end
      """;

  @Test
  void aPatternThatCanReportKindsOutsideTheScopeIsNamedAndItsVerdictsAreNotCounted(
      @TempDir Path pack) throws IOException {
    String cases = """
        rule: no-privileged-deployments
        cases:
          - name: a privileged Deployment fails
            bundle:
              objects:
                - {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: shop}, spec: {template: {spec: {containers: [{name: app, image: nginx, securityContext: {privileged: true}}]}}}}
            expect:
              - {target: Deployment/shop/web, status: FAIL}
        """;
    write(pack, "no-privileged-deployments", PRIVILEGED_IN_DEPLOYMENTS.formatted(""), cases);
    List<String> problems = RuleLint.packs(List.of(pack));
    String all = String.join("\n", problems);
    assertTrue(all.contains(pack.resolve("no-privileged-deployments.drl") + ":11:10: this "
        + "Container pattern matches workloads of every kind, but the rule's @scope is "
        + "objects:Deployment: constrain it (e.g. workload.kind == \"Deployment\")"), all);

    // Unconstrained, a StatefulSet's privileged container is not reported as a FAIL of a rule
    // about Deployments: the engine reports it INCONCLUSIVE, naming the mistake.
    dev.kcis.engine.ComplianceEngine engine = dev.kcis.engine.ComplianceEngine.builder()
        .addRules(pack).build();
    dev.kcis.bundle.FactBundle bundle = dev.kcis.bundle.FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        objects:
          - {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: shop}, spec: {template: {spec: {containers: [{name: pg, image: postgres, securityContext: {privileged: true}}]}}}}
        """, "inline");
    dev.kcis.engine.Result db = engine.evaluate(bundle).results().stream()
        .filter(r -> "no-privileged-deployments".equals(r.rule()))
        .filter(r -> r.target().startsWith("StatefulSet/")).findFirst().orElseThrow();
    assertEquals(dev.kcis.engine.Status.INCONCLUSIVE, db.status(), db.toString());
    assertTrue(db.message().contains("outside its @scope(\"objects:Deployment\")"), db.message());

    write(pack, "no-privileged-deployments",
        PRIVILEGED_IN_DEPLOYMENTS.formatted(", workload.kind == \"Deployment\""), cases);
    assertTrue(RuleLint.packs(List.of(pack)).stream()
        .noneMatch(p -> p.contains("pattern matches workloads")), "constrained: no such problem");
  }

  @Test
  void nearMissesGetAPlaceAndASuggestion(@TempDir Path pack) throws IOException {
    write(pack, "deployments", rule("deployments", "objects:Deployments", SERVICE),
        cases("deployments", "PASS"));
    write(pack, "kubelett", rule("kubelett", "component:kubelett",
        "$x : Setting(component == \"kubelet\", name == \"readOnlyPort\")"),
        cases("kubelett", "PASS"));
    write(pack, "kernel-defaults", rule("kernel-defaults", "component:kubelet",
        "$x : Setting(component == \"kubelet\", name == \"--protect-kernel-defaults\")"),
        cases("kernel-defaults", "PASS"));
    write(pack, "config-key-for-flag", rule("config-key-for-flag", "component:kube-scheduler",
        "$x : Setting(component == \"kube-scheduler\", name == \"enableProfiling\")"),
        cases("config-key-for-flag", "PASS"));
    List<String> problems = RuleLint.packs(List.of(pack));
    String all = String.join("\n", problems);
    assertTrue(all.contains(pack.resolve("deployments.drl") + ":8:21: unknown kind 'Deployments' "
        + "in @scope (did you mean objects:Deployment?"), all);
    assertTrue(all.contains(pack.resolve("kubelett.drl") + ":8:13: unknown component 'kubelett' "
        + "in @scope (did you mean component:kubelet?)"), all);
    assertTrue(all.contains(pack.resolve("kernel-defaults.drl") + ":12:51: Setting "
        + "'--protect-kernel-defaults' is the flag of the kubelet setting kcis names "
        + "'protectKernelDefaults' (did you mean name == \"protectKernelDefaults\"?"), all);
    assertTrue(all.contains(pack.resolve("config-key-for-flag.drl") + ":12:58: Setting "
        + "'enableProfiling' is the config key of the kube-scheduler setting kcis names "
        + "'--profiling' (did you mean name == \"--profiling\"?"), all);
  }

  @Test
  void metadataProblemsHaveALineAndLintGoesOnPastACompileError(@TempDir Path pack)
      throws IOException {
    write(pack, "bad-nist", rule("bad-nist", "objects:Service", SERVICE)
        .replace("@remediation", "@nist(\"AC-99 derived:base\")\n    @remediation"),
        cases("bad-nist", "PASS"));
    List<String> problems = RuleLint.packs(List.of(pack));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(pack.resolve("bad-nist.drl") + ":10:5: rule "
        + "\"bad-nist\": @nist entry 'AC-99 derived:base'"), problems.get(0));

    Files.writeString(pack.resolve("bad-nist.drl"), rule("bad-nist", "objects:Service",
        "$x : KubeObject(kind == \"Service\""));
    Files.writeString(pack.resolve("tests/bad-nist.yaml"), cases("bad-nist", "PASSED"));
    problems = RuleLint.packs(List.of(pack));
    assertTrue(problems.stream().anyMatch(p -> p.startsWith(pack.resolve("bad-nist.drl") + ":")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith(pack.resolve("tests/bad-nist.yaml")
        + ":") && p.contains("status must be one of")), problems.toString());
  }

  @Test
  void profileEntriesNamingNoRuleHaveTheirPlace(@TempDir Path pack) throws IOException {
    write(pack, "service-nodeport", rule("service-nodeport", "objects:Service", SERVICE),
        cases("service-nodeport", "PASS"));
    Files.writeString(pack.resolve("profile.yaml"), """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        extends: cis-1.12
        sections: {"9": ACME}
        controls:
          - {id: "9.1", title: No NodePort, assessment: Automated, rules: [service-nodeprot]}
        disable: [kubelet-anonymous-auht]
        """);
    List<String> problems = RuleLint.packs(List.of(pack));
    assertEquals(List.of(
        pack.resolve("profile.yaml") + ":7:68: controls[0].rules[0]: no rule 'service-nodeprot' "
            + "in the packs or the built-in rules (did you mean service-nodeport?)",
        pack.resolve("profile.yaml") + ":8:11: disable[0]: no rule 'kubelet-anonymous-auht' "
            + "in the packs or the built-in rules (did you mean kubelet-anonymous-auth?)"),
        problems);
  }

  @Test
  void fileRolesAndKindsNoCollectorProducesAreNearMissesWithAPlace(@TempDir Path pack)
      throws IOException {
    write(pack, "kubelet-config-mode", rule("kubelet-config-mode", "component:kubelet",
        "$x : NodeFile(role == \"kubelet-confg\", exists)")
        .replace("import dev.kcis.facts.Setting", "import dev.kcis.facts.NodeFile"),
        cases("kubelet-config-mode", "PASS"));
    write(pack, "deployments-pattern", rule("deployments-pattern", "objects:Deployment",
        "$x : KubeObject(kind == \"Deployments\")"), cases("deployments-pattern", "PASS"));
    write(pack, "crd-kind", rule("crd-kind", "objects:Certificate",
        "$x : KubeObject(kind == \"Certificate\")"), cases("crd-kind", "PASS"));
    write(pack, "known-role", rule("known-role", "component:kubelet",
        "$x : NodeFile(role == \"kubelet-config\", exists)")
        .replace("import dev.kcis.facts.Setting", "import dev.kcis.facts.NodeFile"),
        cases("known-role", "PASS"));
    List<String> problems = RuleLint.packs(List.of(pack));
    String all = String.join("\n", problems);
    assertTrue(all.contains(pack.resolve("kubelet-config-mode.drl") + ":12:28: no collector "
        + "records a file of role 'kubelet-confg' (did you mean role == \"kubelet-config\"?"),
        all);
    assertTrue(all.contains(pack.resolve("deployments-pattern.drl") + ":12:30: no collector "
        + "produces objects of kind 'Deployments' (did you mean kind == \"Deployment\"?"), all);
    assertEquals(1, problems.stream().filter(p -> p.contains("kubelet-confg")).count(), all);
    assertTrue(problems.stream().noneMatch(p -> p.contains("Certificate")
        || p.contains("role 'kubelet-config'")), "a CRD kind and a known role are fine: " + all);
  }

  static final String PARAMETERISED = """
      package acme.rules

      import dev.kcis.facts.KubeObject
      import dev.kcis.facts.Parameters
      global dev.kcis.facts.Verdicts verdict

      rule "service-types"
          @scope("objects:Service")
          @params("allowed:list=ClusterIP (the Service types allowed)")
          @message("a Service has a type not in {allowed}")
          @remediation("Use one of {allowed}.")
      when
          $p : Parameters(rule == "service-types")
          $x : KubeObject(kind == "Service", !$p.list("%s").contains(get("spec.type")))
      then
          verdict.fail("type in " + $p.list("allowed"), $x);
      end
      """;

  @Test
  void parameterNamesAndValuesAreCheckedAtTheirPlace(@TempDir Path pack) throws IOException {
    write(pack, "service-types", PARAMETERISED.formatted("allowd"),
        cases("service-types", "PASS"));
    Files.writeString(pack.resolve("profile.yaml"), """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        extends: cis-1.12
        sections: {"9": ACME}
        controls:
          - {id: "9.1", title: Service types, assessment: Automated, rules: [service-types],
             params: {alowed: "ClusterIP,LoadBalancer"}}
        """);
    List<String> problems = RuleLint.packs(List.of(pack));
    String all = String.join("\n", problems);
    assertTrue(all.contains(pack.resolve("service-types.drl") + ":14:50: the rule reads "
        + "parameter 'allowd', which its @params does not declare (did you mean allowed?)"),
        all);
    assertTrue(all.contains(pack.resolve("profile.yaml") + ":8:23: controls[0].params.alowed: "
        + "control 9.1: parameter 'alowed' is declared by none of its rules (did you mean "
        + "allowed? service-types; they declare: allowed)"), all);
    assertEquals(1, problems.stream().filter(p -> p.contains("allowd")).count(), all);
    assertEquals(1, problems.stream().filter(p -> p.contains("'alowed'")).count(),
        "located once, not again as the engine's unlocated error: " + all);
  }
}
