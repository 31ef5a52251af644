package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.RuleTests;
import dev.kcis.engine.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rules, profiles and test cases agree with each other. */
class CatalogConsistencyTest {

  @Test
  void theGenericProfilesListEveryRecommendation() {
    assertEquals(List.of("cis-1.12", "cis-1.10"), ComplianceEngine.builtInProfiles().subList(0, 2));
    assertEquals(131, profile("cis-1.12").controls().size());
    assertEquals(130, profile("cis-1.10").controls().size());
  }

  @Test
  void everyRuleIsInAProfileAndHasPassFailAndMissingEvidenceCases() {
    RuleTests runner = RuleTests.forBuiltInRules();
    Set<String> rules = runner.ruleIds();
    Set<String> inProfiles = new TreeSet<>();
    for (String id : ComplianceEngine.builtInProfiles()) {
      profile(id).controls().forEach(c -> inProfiles.addAll(c.rules()));
    }
    Map<String, List<RuleTests.Case>> cases = RuleTests.load(RuleCasesTest.CASES).stream()
        .collect(Collectors.groupingBy(RuleTests.Case::rule));
    List<String> problems = new ArrayList<>();
    for (String rule : rules) {
      if (!inProfiles.contains(rule)) {
        problems.add(rule + ": in no profile");
      }
      List<RuleTests.Case> own = cases.getOrDefault(rule, List.of());
      Set<Status> expected = own.stream().flatMap(c -> c.expected().stream())
          .map(RuleTests.Expectation::status).collect(Collectors.toSet());
      List<Status> needs = runner.isManual(rule) ? List.of(Status.MANUAL)
          : List.of(Status.PASS, Status.FAIL, Status.INCONCLUSIVE);
      for (Status needed : needs) {
        if (!expected.contains(needed)) {
          problems.add(rule + ": no case expecting " + needed);
        }
      }
    }
    for (String rule : cases.keySet()) {
      if (!rules.contains(rule)) {
        problems.add("cases/" + rule + ".yaml: no such rule");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void controlsAreInBenchmarkOrderWithKnownSections() {
    for (String id : ComplianceEngine.builtInProfiles()) {
      Profile profile = profile(id);
      for (Control control : profile.controls()) {
        assertTrue(profile.sections().containsKey(control.section())
            || profile.sections().containsKey(control.id().split("\\.")[0]),
            id + " " + control.id() + ": section " + control.section() + " has no title");
      }
    }
  }

  /** The profiles' comments that say which Manual controls kcis decides are true. */
  @Test
  void profilesSayWhichManualControlsKcisDecides() throws IOException {
    RuleTests runner = RuleTests.forBuiltInRules();
    for (String id : ComplianceEngine.builtInProfiles()) {
      String text = resource("dev/kcis/profiles/" + id + ".yaml");
      for (Control control : profile(id).controls()) {
        boolean decided = control.rules().stream().anyMatch(r -> !runner.isManual(r));
        boolean said = Pattern.compile("- id: \"" + Pattern.quote(control.id())
            + "\"\n(?:    .*\n)*?    rules: .*# automated by kcis").matcher(text).find();
        assertEquals(decided && control.assessment().equals("Manual"), said,
            id + " " + control.id() + ": the 'automated by kcis' comment is wrong");
      }
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CatalogConsistencyTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Profile profile(String id) {
    return ComplianceEngine.builder().profile(id).build().profile();
  }
}
