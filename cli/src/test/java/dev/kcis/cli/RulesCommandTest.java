package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;

class RulesCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void listShowsEveryControlOfEachProfile() throws IOException {
    CliRun json = CliRun.of("rules", "list", "--benchmark", "cis-1.12", "--format", "json");
    assertEquals(0, json.exit(), json.err());
    JsonNode list = JSON.readTree(json.out());
    assertEquals(131, list.get("controls").size());
    assertEquals("apiserver-anonymous-auth", list.at("/controls/21/rules/0/id").asText());
    CliRun table = CliRun.of("rules", "list", "--benchmark", "cis-1.10");
    assertTrue(table.out().startsWith("cis-1.10: CIS Kubernetes Benchmark 1.10.0, 130 controls"),
        table.out());
  }

  @Test
  void showGivesMetadataMappingsSourceAndCases() {
    CliRun show = CliRun.of("rules", "show", "1.2.1");
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("rule apiserver-anonymous-auth"), show.out());
    assertTrue(show.out().contains("NIST SP 800-53 r5  AC-14      derived"), show.out());
    assertTrue(show.out().contains("source:      built-in dev/kcis/rules/apiserver/"
        + "apiserver-anonymous-auth.drl"), show.out());
    assertTrue(show.out().contains("flag absent fails because the default is true"), show.out());
    assertEquals(ExitCode.USAGE, CliRun.of("rules", "show", "no-such-thing").exit());
  }

  @Test
  void showListsParametersAndTheValuesAControlSets() {
    CliRun rule = CliRun.of("rules", "show", "pki-certificate-permissions");
    assertEquals(0, rule.exit(), rule.err());
    assertTrue(rule.out().contains("param:       mode (mode, default 644): the most permissive "
        + "mode allowed"), rule.out());
    CliRun control = CliRun.of("rules", "show", "1.1.20", "--benchmark", "cis-1.10");
    assertEquals(0, control.exit(), control.err());
    assertTrue(control.out().contains("params:      mode=600"), control.out());
  }

  /** A pack's parameterised rule with cases that set its parameters, compiled at run time. */
  @Test
  void aParameterisedPackIsTestedWithTheValuesItsCasesSet(@TempDir Path pack) throws IOException {
    Files.writeString(pack.resolve("key-mode.drl"), """
        package acme.rules
        import dev.kcis.facts.NodeFile
        import dev.kcis.facts.Parameters
        global dev.kcis.facts.Verdicts verdict

        rule "key-mode"
            @scope("node")
            @params("mode:mode=600 (the most permissive mode allowed)")
            @message("a key is more permissive than {mode}")
            @remediation("chmod {mode} the key")
        when
            $p : Parameters(rule == "key-mode")
            $f : NodeFile(role == "pki-key")
        then
            verdict.check($f.hasModeAtMost($p.mode("mode")), "mode " + $p.mode("mode"), $f);
        end
        """);
    Files.createDirectories(pack.resolve("tests"));
    Files.writeString(pack.resolve("tests/key-mode.yaml"), """
        rule: key-mode
        cases:
          - name: 644 fails by default
            bundle:
              nodes: [{name: w-1, files: [{path: /k, role: pki-key, type: file, mode: "0644"}]}]
            expect: [{target: "node/w-1:/k", status: FAIL, message: "than 600"}]
          - name: 644 passes with mode 644
            params: {mode: 644}
            bundle:
              nodes: [{name: w-1, files: [{path: /k, role: pki-key, type: file, mode: "0644"}]}]
            expect: [{target: "node/w-1:/k", status: PASS}]
          - name: no key is inconclusive
            expect: [{target: cluster, status: INCONCLUSIVE}]
        """);
    CliRun test = CliRun.of("rules", "test", pack.toString());
    assertEquals(0, test.exit(), test.out() + test.err());
    assertTrue(test.out().contains("3 cases of 1 rule: 3 passed, 0 failed"), test.out());
  }

  @ParameterizedTest
  @EnumSource(names = {"Setting", "NodeFile", "Workload", "Container", "Namespace", "Grant",
      "RoleGrant", "KubeObject"})
  void aScaffoldedRulePassesLintAndTest(dev.kcis.cli.internal.RuleTemplates.Target target,
      @TempDir Path pack) {
    String id = "acme-" + target.name().toLowerCase();
    CliRun created = CliRun.of("rules", "new", id, "--target", target.name(), "--dir",
        pack.toString());
    assertEquals(0, created.exit(), created.err());
    CliRun lint = CliRun.of("rules", "lint", pack.toString());
    assertEquals(0, lint.exit(), lint.out() + lint.err());
    CliRun test = CliRun.of("rules", "test", pack.toString());
    assertEquals(0, test.exit(), test.out());
    assertTrue(test.out().contains("3 cases of 1 rule: 3 passed, 0 failed"), test.out());
    assertEquals(ExitCode.INVALID_INPUT, CliRun.of("rules", "new", id, "--target", target.name(),
        "--dir", pack.toString()).exit(), "never overwrites a rule");
  }

  @Test
  void aTypoFailsLintAndEvalWithFileLineColumn(@TempDir Path pack) throws IOException {
    CliRun.of("rules", "new", "acme-profiling", "--target", "Setting", "--dir", pack.toString());
    Path drl = pack.resolve("acme-profiling.drl");
    Files.writeString(drl, Files.readString(drl).replace("name ==", "nmae =="));
    CliRun lint = CliRun.of("rules", "lint", pack.toString());
    assertEquals(ExitCode.INVALID_INPUT, lint.exit());
    assertTrue(lint.out().matches("(?s)" + java.util.regex.Pattern.quote(drl.toString())
        + ":\\d+:\\d+: Unable to Analyse Expression nmae.*"), lint.out());
    CliRun eval = CliRun.of("eval", "../samples/bundles/kubeadm-control-plane.json", "--rules",
        pack.toString());
    assertEquals(ExitCode.INVALID_INPUT, eval.exit());
    assertEquals(1, eval.errLines().size(), eval.err());
    assertTrue(eval.err().contains(drl + ":"), eval.err());
  }

  /**
   * A pack profile that sets a parameter its rule does not declare, and a built-in rule's
   * parameter with a value of the wrong type: lint gives each once, at its entry; eval stops with
   * one line naming the file and the place of the first.
   */
  @Test
  void profileParameterProblemsAreLintErrorsAtTheirEntry(@TempDir Path pack) throws IOException {
    CliRun.of("rules", "new", "acme-profiling", "--target", "Setting", "--dir", pack.toString());
    Path drl = pack.resolve("acme-profiling.drl");
    Files.writeString(drl, Files.readString(drl).replace("    @message(",
        "    @params(\"allowed:list=false (the values allowed)\")\n    @message("));
    Path profile = pack.resolve("profile.yaml");
    Files.writeString(profile, """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        extends: cis-1.12
        sections: {"9": ACME}
        controls:
          - {id: "9.1", title: Profiling, assessment: Automated, rules: [acme-profiling],
             params: {alowed: "false"}}
          - id: "9.2"
            title: kubelet kubeconfig permissions
            assessment: Automated
            rules: [kubelet-kubeconfig-permissions]
            params: {mode: "0999"}
        """);
    CliRun lint = CliRun.of("rules", "lint", "--rules", pack.toString());
    assertEquals(ExitCode.INVALID_INPUT, lint.exit(), lint.out() + lint.err());
    assertEquals(List.of(
        profile + ":8:23: controls[0].params.alowed: control 9.1: parameter 'alowed' is declared "
            + "by none of its rules (did you mean allowed? acme-profiling; they declare: "
            + "allowed)",
        profile + ":13:20: controls[1].params.mode: control 9.2: rule "
            + "kubelet-kubeconfig-permissions: '0999' is not an octal file mode such as 600 "
            + "(parameter mode)"), lint.out().lines().toList());
    assertTrue(lint.err().contains("kcis: 2 problems in " + pack), lint.err());

    CliRun eval = CliRun.of("eval", "../samples/bundles/kubeadm-control-plane.json", "--rules",
        pack.toString(), "--benchmark=cis-1.12");
    assertEquals(ExitCode.INVALID_INPUT, eval.exit(), eval.err());
    assertEquals(List.of("kcis: " + lint.out().lines().findFirst().orElseThrow()),
        eval.errLines());
  }

  @Test
  void aFailingCaseSaysWhichWithFactsAndJUnitXml(@TempDir Path pack) throws Exception {
    CliRun.of("rules", "new", "acme-nodeport", "--target", "KubeObject", "--dir", pack.toString());
    Path cases = pack.resolve("tests/acme-nodeport.yaml");
    Files.writeString(cases, Files.readString(cases)
        .replace("{target: Service/shop/web, status: FAIL}", "{target: Service/shop/web, status: PASS}"));
    CliRun test = CliRun.of("rules", "test", pack.toString());
    assertEquals(ExitCode.FINDINGS, test.exit());
    assertTrue(test.out().contains("FAIL acme-nodeport > a NodePort service fails"), test.out());
    assertTrue(test.out().contains("\"type\" : \"NodePort\""), "prints the facts: " + test.out());
    assertTrue(test.out().contains("1 failed"), test.out());

    Path xml = pack.resolve("junit.xml");
    CliRun junit = CliRun.of("rules", "test", pack.toString(), "--format", "junit", "--output",
        xml.toString());
    assertEquals(ExitCode.FINDINGS, junit.exit(), junit.err());
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
    assertEquals(1, doc.getElementsByTagName("failure").getLength());
  }

  @Test
  void builtInRulesLintCleanAndTheirCasesPass() {
    CliRun lint = CliRun.of("rules", "lint");
    assertEquals(0, lint.exit(), lint.out());
    CliRun test = CliRun.of("rules", "test");
    assertEquals(0, test.exit(), test.out());
    assertTrue(test.out().matches("(?s)\\d+ cases of \\d+ rules?: \\d+ passed, 0 failed.*"), test.out());
  }

  @Test
  void theCustomRulesSampleAddsItsControlsToTheReport() throws IOException {
    CliRun eval = CliRun.of("eval", "../samples/bundles/kubeadm-control-plane.json", "--rules",
        "../samples/custom-rules", "--format", "json", "--fail-on", "never");
    assertEquals(0, eval.exit(), eval.err());
    JsonNode report = JSON.readTree(eval.out());
    assertEquals("acme-k8s-baseline", report.at("/benchmark/id").asText());
    assertEquals(137, report.get("controls").size());
    assertEquals("9.6", report.at("/controls/136/id").asText());
  }

  @Test
  void docIsTheCommittedControlReference() throws IOException {
    CliRun doc = CliRun.of("rules", "doc");
    assertEquals(0, doc.exit(), doc.err());
    assertEquals(Files.readString(Path.of("../docs/controls.md")), doc.out(),
        "docs/controls.md is generated: rebuild and commit it");
  }
}
