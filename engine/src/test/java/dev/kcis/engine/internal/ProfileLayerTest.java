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
import dev.kcis.engine.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule pack's profile layers over the selected one: adds controls, disables rules, remaps. */
class ProfileLayerTest {

  static final Profile BASE = new Profile("base-1", "Base", "1", Map.of("1", "One"), List.of(
      new Control("1.1", "profiling off", "1", "Automated", 1, List.of("profiling-off"), null),
      new Control("1.2", "something manual", "1", "Manual", 1, List.of(), "look at it")));

  @Test
  void packProfileAddsDisablesAndRemaps(@TempDir Path pack) throws IOException {
    Files.writeString(pack.resolve("profiling-off.drl"), RulePackCompilerTest.GOOD);
    Files.writeString(pack.resolve("profile.yaml"), """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        extends: base-1
        sections: {"9": ACME policies}
        disable: [profiling-off]
        mappings:
          profiling-off: {nist: "CM-7 derived:leastfunc"}
        controls:
          - {id: "9.1", title: ACME check, assessment: Automated, rules: [profiling-off]}
        """);
    ComplianceEngine engine = ComplianceEngine.builder().withoutBuiltInRules().profile(BASE)
        .addRules(pack).build();
    Profile layered = engine.profile();
    assertEquals(List.of("1.1", "1.2", "9.1"), layered.controls().stream().map(Control::id).toList());
    assertEquals(List.of("profiling-off"), layered.controls().get(0).disabledRules());
    assertEquals("ACME policies", layered.sections().get("9"));

    Report report = engine.evaluate(FactBundle.empty("e"));
    assertEquals(Status.MANUAL, report.statusOf("1.1").orElseThrow(), "disabled: reviewed by hand");
    assertTrue(report.resultsOf("1.1").get(0).message().contains("disables profiling-off"));
    assertEquals(Status.MANUAL, report.statusOf("1.2").orElseThrow());
    assertEquals(Status.MANUAL, report.statusOf("9.1").orElseThrow(), "disabled everywhere");
    assertEquals(List.of("CM-7"), engine.rules().get("profiling-off").mappings().stream()
        .filter(m -> m.framework().startsWith("NIST")).map(m -> m.id()).toList());
  }

  @Test
  void packProfileMustExtendTheSelectedProfile(@TempDir Path pack) throws IOException {
    Files.writeString(pack.resolve("profiling-off.drl"), RulePackCompilerTest.GOOD);
    Files.writeString(pack.resolve("profile.yaml"), """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        extends: cis-1.12
        """);
    ProfileException e = assertThrows(ProfileException.class, () -> ComplianceEngine.builder()
        .withoutBuiltInRules().profile(BASE).addRules(pack).build());
    assertTrue(e.getMessage().contains("extends 'cis-1.12' but 'base-1' is selected"), e.getMessage());
    assertTrue(e.getMessage().contains("profile.yaml:4:10"), e.getMessage());
  }

  @Test
  void disablingAnUnknownRuleIsAnError(@TempDir Path pack) throws IOException {
    Files.writeString(pack.resolve("profiling-off.drl"), RulePackCompilerTest.GOOD);
    Files.writeString(pack.resolve("profile.yaml"), """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        disable: [no-such-rule]
        controls:
          - {id: "9.1", title: ACME check, assessment: Automated, rules: [profiling-off, no-such-rule]}
        """);
    ProfileException e = assertThrows(ProfileException.class, () -> ComplianceEngine.builder()
        .withoutBuiltInRules().profile(BASE).addRules(pack).build());
    assertTrue(e.getMessage().contains("no rule 'no-such-rule'"), e.getMessage());
  }
}
