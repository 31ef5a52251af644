package dev.kcis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waiver files: what they accept, what they never do (turn anything into a PASS), and one line
 * naming the file and line for every entry that cannot be used.
 */
class WaiversTest {

  @TempDir
  Path dir;

  static final String HEAD = "apiVersion: kcis.dev/v1\nkind: Waivers\nwaivers:\n";

  Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** The scheduler's profiling FAILs and the controller manager's PASSes on this bundle. */
  ComplianceEngine engine(Waivers waivers) throws IOException {
    Path pack = Files.createDirectories(dir.resolve("pack"));
    Files.writeString(pack.resolve("profiling-off.drl"), RuleIsolationTest.rule("profiling-off",
        "node", "$p : Setting(name == \"--profiling\")", "verdict.expect($p, \"false\");"));
    return ComplianceEngine.builder().withoutBuiltInRules().addRules(pack)
        .profile(new Profile("test", "test", "1", Map.of("9", "pack"), List.of(
            new Control("9.1", "profiling is off", "9", "Automated", 1,
                List.of("profiling-off"), null))))
        .waivers(waivers).build();
  }

  @Test
  void aValidWaiverAcceptsTheFailureAndNamesWhoWhyAndUntilWhen() throws IOException {
    Waivers waivers = Waivers.read(file("w.yaml", HEAD + """
          - control: "9.1"
            target: node/*/kube-scheduler
            reason: the scheduler's profiling feeds our tracing
            owner: platform@example.com
            expires: 2099-12-31
            ticket: SEC-1
          - rule: profiling-off
            target: node/cp/kube-controller-manager
            reason: would accept a failure, but it passes
            owner: ops@example.com
            expires: 2099-12-31
          - rule: profiling-off
            target: "**"
            reason: lapsed
            owner: ops@example.com
            expires: 2020-01-31
        """));
    Report report = engine(waivers).evaluate(RuleIsolationTest.BUNDLE);
    Map<String, Status> byTarget = RuleIsolationTest.byTarget(report, "profiling-off");
    assertEquals(Status.WAIVED, byTarget.get("node/cp/kube-scheduler"), byTarget.toString());
    assertEquals(Status.PASS, byTarget.get("node/cp/kube-controller-manager"),
        "a waiver never changes a pass");
    Result waived = report.results().stream().filter(r -> r.status() == Status.WAIVED)
        .findFirst().orElseThrow();
    assertEquals(Status.FAIL, waived.waived().status());
    assertEquals("platform@example.com", waived.waived().waiver().owner());
    assertEquals(LocalDate.of(2099, 12, 31), waived.waived().waiver().expires());
    assertEquals(dir.resolve("w.yaml") + ":4", waived.waived().waiver().source());
    assertNotNull(waived.evidence(), "the evidence stays");
    assertEquals(Status.WAIVED, report.statusOf("9.1").orElseThrow(),
        "the control is as urgent as its most urgent result");
    assertEquals(List.of(Report.WaiverUse.State.APPLIED, Report.WaiverUse.State.UNUSED,
        Report.WaiverUse.State.EXPIRED),
        report.waivers().stream().map(Report.WaiverUse::state).toList());
    assertEquals(1, report.waivers().get(0).results());
    assertEquals(0, report.waivers().get(1).results());
    assertEquals(1, report.waivers().get(2).results(), "what the expired waiver would accept");
  }

  @Test
  void anExpiredWaiverAcceptsNothing() throws IOException {
    Report report = engine(Waivers.parse(HEAD + """
          - rule: profiling-off
            reason: lapsed
            owner: ops@example.com
            expires: 2020-01-31
        """, "old.yaml")).evaluate(RuleIsolationTest.BUNDLE);
    assertEquals(Status.FAIL, report.statusOf("9.1").orElseThrow());
    assertTrue(report.results().stream().allMatch(r -> r.waived() == null));
    assertEquals(Report.WaiverUse.State.EXPIRED, report.waivers().get(0).state());
  }

  @Test
  void eachUnusableEntryIsOneLineWithFileAndLine() throws IOException {
    assertProblem("""
          - rule: profiling-off
            reason: r
            expires: 2099-01-01
        """, "w.yaml:4:5: waivers[0]: missing 'owner'");
    assertProblem("""
          - rule: profiling-off
            owner: o
            expires: 2099-01-01
        """, "w.yaml:4:5: waivers[0]: missing 'reason'");
    assertProblem("""
          - rule: profiling-off
            owner: o
            reason: r
            expires: 2099-02-30
        """, "w.yaml:7:14: waivers[0].expires: '2099-02-30' is not a date YYYY-MM-DD");
    assertProblem("""
          - rule: profiling-off
            owner: o
            reason: r
            expires: next year
        """, "w.yaml:7:14: waivers[0].expires: 'next year' is not a date YYYY-MM-DD");
    assertProblem("""
          - target: node/**
            owner: o
            reason: r
            expires: 2099-01-01
        """, "w.yaml:4:5: waivers[0]: a waiver names the control or the rule");
    assertProblem("""
          - rule: profiling-off
            owner: o
            reason: r
            expires: 2099-01-01
            until: 2100-01-01
        """, "w.yaml:8:12: waivers[0].until: unknown field 'until'");
    WaiverException e = assertThrows(WaiverException.class,
        () -> Waivers.parse("apiVersion: kcis.dev/v1\nkind: Profile\n", "w.yaml"));
    assertTrue(e.getMessage().startsWith("w.yaml:2:7: kind: expected kind: Waivers"),
        e.getMessage());
  }

  private static void assertProblem(String entries, String expectedStart) {
    WaiverException e = assertThrows(WaiverException.class,
        () -> Waivers.parse(HEAD + entries, "w.yaml"));
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aWaiverOfAnUnknownControlOrRuleIsRefusedWhenTheEngineIsBuilt() throws IOException {
    WaiverException control = assertThrows(WaiverException.class, () -> engine(Waivers.parse(
        HEAD + "  - control: \"1.2.1\"\n    owner: o\n    reason: r\n    expires: 2099-01-01\n",
        "w.yaml")));
    assertTrue(control.getMessage().startsWith("w.yaml:4:14: waivers[0].control: no control "
        + "'1.2.1' in the benchmark test"), control.getMessage());
    WaiverException rule = assertThrows(WaiverException.class, () -> engine(Waivers.parse(
        HEAD + "  - owner: o\n    reason: r\n    expires: 2099-01-01\n    rule: no-such-rule\n",
        "w.yaml")));
    assertTrue(rule.getMessage().startsWith("w.yaml:7:11: waivers[0].rule: no rule "
        + "'no-such-rule'"), rule.getMessage());
  }

  @Test
  void globsMatchWithinAndAcrossPathParts() {
    Waiver files = waiver("node/*:/etc/kubernetes/pki/*");
    assertTrue(files.matches(result("node/cp-1:/etc/kubernetes/pki/apiserver.key")));
    assertTrue(!files.matches(result("node/cp-1:/etc/kubernetes/pki/etcd/ca.key")));
    assertTrue(waiver("node/*:/etc/kubernetes/pki/**")
        .matches(result("node/cp-1:/etc/kubernetes/pki/etcd/ca.key")));
    assertTrue(waiver("ClusterRoleBinding/argocd-*")
        .matches(result("ClusterRoleBinding/argocd-manager")));
    assertTrue(!waiver("ClusterRoleBinding/argocd-*")
        .matches(result("ClusterRoleBinding/ops-admin")));
    assertTrue(waiver("RoleBinding/team-?/view").matches(result("RoleBinding/team-a/view")));
    assertTrue(waiver("**").matches(result("cluster")));
    assertTrue(waiver("a.b").matches(result("a.b")) && !waiver("a.b").matches(result("axb")),
        "only *, ** and ? are special");
  }

  @Test
  void aWaivedReportReadsBackFromItsJson() throws IOException {
    Report report = engine(Waivers.parse(HEAD + """
          - control: "9.1"
            target: node/*/kube-scheduler
            reason: tracing
            owner: platform@example.com
            expires: 2099-12-31
            ticket: SEC-1
          - rule: profiling-off
            reason: lapsed
            owner: ops@example.com
            expires: 2020-01-31
        """, "w.yaml")).evaluate(RuleIsolationTest.BUNDLE);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    report.writeJson(json);
    Report back = Report.readJson(new ByteArrayInputStream(json.toByteArray()), "r.json");
    assertEquals(report.results().size(), back.results().size());
    for (int i = 0; i < report.results().size(); i++) {
      Result a = report.results().get(i);
      Result b = back.results().get(i);
      assertEquals(List.of(a.control(), a.status(), a.target(), a.rule(), a.title()),
          List.of(b.control(), b.status(), b.target(), b.rule(), b.title()));
      assertEquals(a.evidence(), b.evidence());
      assertEquals(a.remediation(), b.remediation());
      assertEquals(a.mappings(), b.mappings());
      assertEquals(a.waived(), b.waived());
    }
    assertEquals(report.waivers(), back.waivers());
    assertEquals(report.controls(), back.controls());
    assertEquals(report.generatedAt(), back.generatedAt());
    assertEquals(report.profile().id(), back.profile().id());
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    back.writeJson(again);
    assertEquals(json.toString(StandardCharsets.UTF_8), again.toString(StandardCharsets.UTF_8),
        "written again, the same document");
    assertNull(Report.readJson(new ByteArrayInputStream(json.toString(StandardCharsets.UTF_8)
        .replace("\"kind\": \"Report\",", "\"kind\": \"Report\", \"later\": {\"x\": [1]},")
        .getBytes(StandardCharsets.UTF_8)), "r.json").cluster().platform(),
        "fields a later kcis adds are skipped");
  }

  private static Waiver waiver(String target) {
    return new Waiver(null, "r", target, "why", "who", LocalDate.MAX, null, "w.yaml:1");
  }

  private static Result result(String target) {
    return new Result("1", "t", Status.FAIL, target, "r", "m", null, null, List.of());
  }
}
