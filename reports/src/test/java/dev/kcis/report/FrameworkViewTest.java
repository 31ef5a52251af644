package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.Framework;
import dev.kcis.engine.FrameworkView;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Score;
import dev.kcis.engine.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Framework views and scores, recomputed here from the per-control results. */
class FrameworkViewTest {

  @ParameterizedTest
  @EnumSource(Framework.class)
  void everyRequirementTakesTheWorstStatusOfTheControlsMappedToIt(Framework framework) {
    for (Report report : SampleReports.all().values()) {
      Map<String, Status> expected = new TreeMap<>();
      Map<String, Set<String>> controls = new TreeMap<>();
      for (Result r : report.results()) {
        Status control = report.statusOf(r.control()).orElseThrow();
        for (Mapping m : r.mappings()) {
          if (m.framework().equals(framework.displayName())) {
            expected.merge(m.id(), control, Status::worst);
            controls.computeIfAbsent(m.id(), k -> new TreeSet<>()).add(r.control());
          }
        }
      }
      FrameworkView view = FrameworkView.of(report, framework, Set.of());
      assertEquals(expected.keySet(), new TreeSet<>(view.requirements().stream()
          .map(FrameworkView.Requirement::id).toList()));
      for (FrameworkView.Requirement req : view.requirements()) {
        assertEquals(expected.get(req.id()), req.status(), req.id());
        assertEquals(controls.get(req.id()), new TreeSet<>(req.controls().stream()
            .map(FrameworkView.MappedControl::control).toList()), req.id());
      }
    }
  }

  @Test
  void sourcedOnlyKeepsOnlySourcedMappings() {
    Report report = SampleReports.kubeadm();
    FrameworkView all = FrameworkView.of(report, Framework.NIST_800_53_R5, Set.of());
    FrameworkView sourced = FrameworkView.of(report, Framework.NIST_800_53_R5,
        Set.of("sourced"));
    assertTrue(sourced.requirements().stream().flatMap(r -> r.controls().stream())
        .allMatch(c -> c.provenance().equals("sourced")));
    assertTrue(sourced.requirements().size() < all.requirements().size());
  }

  @Test
  void requirementsComeInNaturalOrder() {
    List<String> ids = new ArrayList<>(FrameworkView.of(SampleReports.kubeadm(),
        Framework.NIST_800_53_R5, Set.of()).requirements().stream()
        .map(FrameworkView.Requirement::id).toList());
    assertTrue(ids.indexOf("AC-3") < ids.indexOf("AC-6"), ids.toString());
    if (ids.contains("AU-12")) {
      assertTrue(ids.indexOf("AU-2") < ids.indexOf("AU-12"), ids.toString());
    }
  }

  @Test
  void scoreCountsPassOverDecidedAndLeavesManualOut() {
    Score score = Score.of(List.of(Status.PASS, Status.PASS, Status.FAIL, Status.WARN,
        Status.INCONCLUSIVE, Status.MANUAL, Status.NOT_APPLICABLE, Status.WAIVED));
    assertEquals(2, score.passed());
    assertEquals(2, score.failed());
    assertEquals(1, score.inconclusive());
    assertEquals(3, score.excluded());
    assertEquals(40.0, score.percent(), 1e-9);
    assertEquals("40.0%", score.formatted());
    assertEquals("n/a", Score.of(List.of(Status.MANUAL)).formatted());
  }

  @Test
  void reportScoresAgreeWithTheControlStatuses() {
    for (Report report : SampleReports.all().values()) {
      long pass = report.controls().stream().filter(c -> c.status() == Status.PASS).count();
      long decided = report.controls().stream().filter(c -> c.status() == Status.PASS
          || c.status() == Status.FAIL || c.status() == Status.WARN
          || c.status() == Status.INCONCLUSIVE).count();
      assertEquals(pass, report.scores().overall().passed());
      assertEquals(decided, report.scores().overall().decided());
      assertFalse(report.scores().sections().isEmpty());
    }
  }
}
