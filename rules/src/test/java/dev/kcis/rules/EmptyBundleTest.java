package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Fail-closed: no evidence yields not one PASS, and every control of the profile appears. */
class EmptyBundleTest {

  @ParameterizedTest
  @MethodSource("dev.kcis.engine.ComplianceEngine#builtInProfiles")
  void emptyBundleHasNoPassAndEveryControl(String profileId) {
    ComplianceEngine engine = ComplianceEngine.builder().profile(profileId).build();
    Report report = engine.evaluate(FactBundle.empty("empty"));

    List<Result> passes = report.results().stream().filter(r -> r.status() == Status.PASS).toList();
    assertEquals(List.of(), passes, "an empty bundle must not pass anything");
    Set<String> reported = report.results().stream().map(Result::control).collect(Collectors.toSet());
    for (Control control : engine.profile().controls()) {
      assertTrue(reported.contains(control.id()), control.id() + " missing from the report");
      Status status = report.statusOf(control.id()).orElseThrow();
      // Declared by the profile: not applicable on its platform, or exempt there (4.2.7 on RKE2).
      boolean declaredNotApplicable = status == Status.NOT_APPLICABLE
          && (control.notApplicable() != null
              || control.exemptions().containsKey(engine.profile().platform()));
      assertTrue(status == Status.INCONCLUSIVE || status == Status.MANUAL
          || declaredNotApplicable, control.id() + " is " + status + " without evidence");
    }
    assertEquals(engine.profile().controls().size(), report.controls().size());
  }

  /** A control is "automated" in the report when a rule decides it, not when a rule asks for review. */
  @ParameterizedTest
  @ValueSource(strings = {"cis-1.12", "cis-1.10"})
  void reportSaysWhichControlsKcisDecides(String profileId) {
    Report report = ComplianceEngine.builder().profile(profileId).build()
        .evaluate(FactBundle.empty("empty"));
    Set<String> decided = report.controls().stream().filter(Report.ControlStatus::automated)
        .map(Report.ControlStatus::id).collect(Collectors.toSet());
    assertTrue(decided.contains("1.2.29"), "strong ciphers are decided from evidence");
    assertTrue(!decided.contains("5.1.7"), "system:masters use is reviewed by hand");
    assertEquals(profileId.equals("cis-1.12") ? 122 : 121, decided.size());
  }
}
