package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.ProfileException;
import dev.kcis.engine.Report;
import dev.kcis.engine.RuleCompilationException;
import dev.kcis.engine.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule packs compiled at run time: errors with FILE:LINE:COL, metadata checks, evaluation. */
class RulePackCompilerTest {

  static final String HEADER = """
      package org.example.rules
      import dev.kcis.facts.Setting
      global dev.kcis.facts.Verdicts verdict
      """;

  static final String GOOD = HEADER + """
      rule "profiling-off"
          @scope("component:kube-scheduler")
          @message("kube-scheduler exposes profiling")
          @remediation("Set --profiling=false.")
          @nist("CM-7 derived:leastfunc; CM-6 derived:base")
      when
          $p : Setting(component == "kube-scheduler", name == "--profiling")
      then
          verdict.expect($p, "false");
      end
      """;

  static Profile profile(String rule) {
    return new Profile("test", "test", "1", Map.of("9", "custom"),
        List.of(new Control("9.1", "custom", "9", "Automated", 1, List.of(rule), null)));
  }

  @Test
  void aPackEvaluatesOnItsOwn(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("profiling-off.drl"), GOOD);
    ComplianceEngine engine = ComplianceEngine.builder().withoutBuiltInRules().addRules(dir)
        .profile(profile("profiling-off")).build();
    Report report = engine.evaluate(FactBundle.parse("""
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: cp
            components:
              - kind: kube-scheduler
                source: {type: process, path: /proc/3/cmdline}
                args: [kube-scheduler, --profiling=true]
        """, "t.yaml"));
    assertEquals(Status.FAIL, report.statusOf("9.1").orElseThrow());
    assertEquals("kube-scheduler exposes profiling", report.results().get(0).message());
    assertEquals("CM-7", report.results().get(0).mappings().get(0).id());
  }

  @Test
  void aTypoIsReportedWithFileLineAndColumn(@TempDir Path dir) throws IOException {
    Path drl = Files.writeString(dir.resolve("typo.drl"), GOOD.replace("name ==", "nmae =="));
    RuleCompilationException e = assertThrows(RuleCompilationException.class,
        () -> ComplianceEngine.builder().withoutBuiltInRules().addRules(dir)
            .profile(profile("profiling-off")).build());
    int column = Files.readAllLines(drl).get(9).indexOf("nmae") + 1;
    assertTrue(e.getMessage().startsWith(drl + ":10:" + column
        + ": Unable to Analyse Expression nmae"), e.getMessage());
    assertTrue(e.getMessage().contains("nmae"), e.getMessage());
  }

  @Test
  void aSyntaxErrorPointsAtItsLine(@TempDir Path dir) throws IOException {
    Path drl = Files.writeString(dir.resolve("syntax.drl"), GOOD.replace("then\n", ""));
    RuleCompilationException e = assertThrows(RuleCompilationException.class,
        () -> ComplianceEngine.builder().withoutBuiltInRules().addRules(dir).build());
    assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(drl.toString())
        + ":\\d+:\\d+: .*"), e.getMessage());
  }

  @Test
  void malformedMetadataIsRejected(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("meta.drl"), GOOD
        .replace("@scope(\"component:kube-scheduler\")", "@scope(\"everything\")")
        .replace("CM-7 derived:leastfunc", "CM-7 guessed"));
    RuleCompilationException e = assertThrows(RuleCompilationException.class,
        () -> ComplianceEngine.builder().withoutBuiltInRules().addRules(dir).build());
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("@scope 'everything'"), all);
    assertTrue(all.contains("provenance must be"), all);
  }

  @Test
  void aProfileNamingAMissingRuleFailsToBuild(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("profiling-off.drl"), GOOD);
    ProfileException e = assertThrows(ProfileException.class, () -> ComplianceEngine.builder()
        .withoutBuiltInRules().addRules(dir).profile(profile("no-such-rule")).build());
    assertTrue(e.getMessage().contains("no rule 'no-such-rule'"), e.getMessage());
  }
}
