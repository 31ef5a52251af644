package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.core.KcisException;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.ProfileException;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.RuleCompilationException;
import dev.kcis.engine.RuleParameter;
import dev.kcis.engine.RuleTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule parameters in a rule pack compiled at run time (the classic compiler): declared with
 * defaults in {@code @params}, set per control by a profile, read by the rule's conditions from
 * the Parameters fact of its own id, one run per distinct set of values.
 */
class RuleParametersTest {

  static final String RULE = """
      package org.example.rules
      import dev.kcis.facts.NodeFile
      import dev.kcis.facts.Parameters
      global dev.kcis.facts.Verdicts verdict

      rule "key-mode"
          @scope("node")
          @params("mode:mode=600 (the most permissive mode allowed); strict:bool=true")
          @message("a key is more permissive than {mode}")
          @remediation("chmod {mode} the key")
      when
          $p : Parameters(rule == "key-mode")
          $f : NodeFile(role == "pki-key")
      then
          verdict.check($f.hasModeAtMost($p.mode("mode")), "mode " + $p.mode("mode"), $f);
      end
      """;

  static final String BUNDLE = """
      apiVersion: kcis.dev/v1
      kind: FactBundle
      nodes:
        - name: w-1
          files: [{path: /etc/kubernetes/pki/a.key, role: pki-key, type: file, mode: "0644"}]
      """;

  static Control control(String id, Map<String, String> params, String remediation) {
    return new Control(id, "key " + id, "9", "Automated", 1, List.of("key-mode"), null, List.of(),
        params, remediation);
  }

  static Profile profile(Control... controls) {
    return new Profile("test", "test", "1", Map.of("9", "custom"), List.of(controls));
  }

  static ComplianceEngine engine(Path dir, Profile profile) {
    return ComplianceEngine.builder().withoutBuiltInRules().addRules(dir).profile(profile).build();
  }

  @Test
  void eachControlGetsTheVerdictOfItsOwnValues(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE);
    Report report = engine(dir, profile(control("9.1", Map.of(), null),
        control("9.2", Map.of("mode", "644"), null),
        control("9.3", Map.of("mode", "0644"), "Platform-specific fix.")))
        .evaluate(FactBundle.parse(BUNDLE, "t.yaml"));
    assertEquals(List.of("9.1 FAIL a key is more permissive than 600 | chmod 600 the key",
        "9.2 PASS null | chmod 644 the key", "9.3 PASS null | Platform-specific fix."),
        report.results().stream().map(RuleParametersTest::line).toList());
  }

  @Test
  void theRuleDescriptionListsItsParameters(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE);
    List<RuleParameter> params = engine(dir, profile(control("9.1", Map.of(), null))).rules()
        .get("key-mode").params();
    assertEquals(List.of(new RuleParameter("mode", "mode", "600",
        "the most permissive mode allowed"), new RuleParameter("strict", "bool", "true", null)),
        params);
  }

  @Test
  void aParameterNoRuleDeclaresIsAProfileError(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE);
    ProfileException e = assertThrows(ProfileException.class,
        () -> engine(dir, profile(control("9.1", Map.of("mod", "644"), null))));
    assertEquals("test: control 9.1: parameter 'mod' is declared by none of its rules (did you "
        + "mean mode? key-mode; they declare: mode, strict)", e.getMessage());
  }

  /**
   * A pack's profile.yaml that sets parameters its rules do not take: the build names the file
   * and the entry of the first, and lint's explanation gives each of them at its place, once.
   */
  @Test
  void parameterProblemsOfAPackProfileAreNamedAtTheirEntry(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE);
    Path file = dir.resolve("profile.yaml");
    Files.writeString(file, """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        extends: test
        controls:
          - {id: "9.1", title: keys, assessment: Automated, rules: [key-mode],
             params: {mod: "644"}}
          - id: "9.2"
            title: keys, strictly
            assessment: Automated
            rules: [key-mode]
            params:
              strict: maybe
              mode: "640"
        """);
    Profile base = profile(control("1.1", Map.of(), null));
    ProfileException e = assertThrows(ProfileException.class, () -> ComplianceEngine.builder()
        .withoutBuiltInRules().profile(base).addRules(dir).build());
    assertEquals(file + ":7:20: controls[0].params.mod: control 9.1: parameter 'mod' is declared "
        + "by none of its rules (did you mean mode? key-mode; they declare: mode, strict)",
        e.getMessage());

    Profile layered = ProfileLoader.layer(base, file);
    List<RuleSet> sets = List.of(RulePackCompiler.compile(List.of(dir)));
    ProfileException unlocated = new ProfileException("acme: control 9.1: parameter 'mod' is "
        + "declared by none of its rules (did you mean mode? key-mode; they declare: mode, "
        + "strict)");
    assertEquals(List.of(e.getMessage(), file + ":13:15: controls[1].params.strict: control 9.2: "
        + "rule key-mode: 'maybe' is not true or false (parameter strict)"),
        ProfileParameters.explain(unlocated, layered, sets,
            List.of(ProfileParameters.Source.file(file))));
    assertEquals(List.of(), ProfileParameters.explain(new ProfileException("acme: disable: no "
        + "rule 'x'"), layered, sets, List.of(ProfileParameters.Source.file(file))),
        "another problem is not explained as a parameter's");
  }

  @Test
  void aValueOfTheWrongTypeIsAProfileError(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE);
    ProfileException e = assertThrows(ProfileException.class,
        () -> engine(dir, profile(control("9.1", Map.of("mode", "rw-r--r--"), null))));
    assertTrue(e.getMessage().contains("'rw-r--r--' is not an octal file mode such as 600"),
        e.getMessage());
  }

  @Test
  void aMalformedDeclarationFailsTheLoad(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE.replace("mode:mode=600", "mode:mode=999"));
    RuleCompilationException e = assertThrows(RuleCompilationException.class,
        () -> engine(dir, profile(control("9.1", Map.of(), null))));
    assertTrue(e.problems().get(0).contains("default '999' is not an octal file mode"),
        e.problems().toString());
  }

  @Test
  void aRuleThatDeclaresParametersMustReadThem(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE
        .replace("    $p : Parameters(rule == \"key-mode\")\n", "")
        .replace("$p.mode(\"mode\")", "\"600\""));
    // An authoring mistake found at run time is isolated like any failing rule: INCONCLUSIVE
    // with the reason, and the evaluation goes on.
    Report report = engine(dir, profile(control("9.1", Map.of(), null)))
        .evaluate(FactBundle.parse(BUNDLE, "t.yaml"));
    String message = inconclusive(report, "9.1");
    assertTrue(message.contains("rule \"key-mode\" declares @params but its conditions do "
        + "not read them"), message);
  }

  @Test
  void aRuleMustReadItsOwnParameters(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE);
    Files.writeString(dir.resolve("other.drl"), RULE.replace("rule \"key-mode\"",
        "rule \"other\"").replace("package org.example.rules", "package org.example.other"));
    Profile profile = new Profile("test", "test", "1", Map.of("9", "custom"), List.of(
        control("9.1", Map.of(), null), new Control("9.2", "other", "9", "Automated", 1,
            List.of("other"), null)));
    Report report = engine(dir, profile).evaluate(FactBundle.parse(BUNDLE, "t.yaml"));
    String message = inconclusive(report, "9.2");
    assertTrue(message.contains("rule \"other\" matched the parameters of rule "
        + "\"key-mode\""), message);
  }

  /** Read here; run with the built-in rules beside the pack by the CLI's and the rules' tests. */
  @Test
  void testCasesSetParametersAsAProfileDoes(@TempDir Path dir) throws IOException {
    Path cases = dir.resolve("tests");
    Files.createDirectories(cases);
    Files.writeString(cases.resolve("key-mode.yaml"), """
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
        """);
    List<RuleTests.Case> loaded = RuleTests.load(cases);
    assertEquals(List.of(Map.of(), Map.of("mode", "644")),
        loaded.stream().map(RuleTests.Case::params).toList());
  }

  @Test
  void profileFilesSetParametersAndRemediationPerControl(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("key-mode.drl"), RULE);
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: keys
        name: Keys
        version: "1"
        sections: {"9": Keys}
        controls:
          - {id: "9.1", title: keys, assessment: Automated, rules: [key-mode], params: {mode: 0644},
             remediation: "chmod 644 /etc/kubernetes/pki/*.key"}
        """);
    Report report = ComplianceEngine.builder().withoutBuiltInRules().addRules(dir).profile(file)
        .build().evaluate(FactBundle.parse(BUNDLE, "t.yaml"));
    assertEquals(List.of("9.1 PASS null | chmod 644 /etc/kubernetes/pki/*.key"),
        report.results().stream().map(RuleParametersTest::line).toList());
    assertEquals(Map.of("mode", "644"), report.profile().controls().get(0).params());
  }

  static String line(Result r) {
    return r.control() + " " + r.status() + " " + r.message() + " | " + r.remediation();
  }

  /** The message of the control's INCONCLUSIVE result. */
  private static String inconclusive(Report report, String control) {
    return report.resultsOf(control).stream()
        .filter(r -> r.status() == dev.kcis.engine.Status.INCONCLUSIVE)
        .map(Result::message).findFirst()
        .orElseThrow(() -> new AssertionError(report.resultsOf(control).toString()));
  }
}
