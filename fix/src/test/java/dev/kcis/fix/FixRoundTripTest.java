package dev.kcis.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.collect.ManifestCollector;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Fix;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.RuleDescription;
import dev.kcis.engine.Status;
import dev.kcis.fix.internal.FixSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every built-in rule with a fix, on every FAIL case of its test cases that is made of API
 * objects: the case's objects are written as a manifest, evaluated, fixed, and evaluated again.
 * The fixed results PASS, and no other result gets worse.
 */
class FixRoundTripTest {

  private static final ComplianceEngine ENGINE =
      ComplianceEngine.builder().profile("cis-1.12").build();
  private static final Fixes FIXES = Fixes.of(ENGINE);

  @TempDir
  Path dir;

  @Test
  void everyBuiltInFixDeclarationParses() {
    int fixable = 0;
    for (RuleDescription rule : ENGINE.rules().values()) {
      if (rule.fix() != null) {
        assertFalse(FixSpec.parse(rule.fix()).ops().isEmpty(), rule.id());
        fixable++;
      }
    }
    assertTrue(fixable >= 11, "fixable rules: " + fixable);
  }

  @TestFactory
  Stream<DynamicTest> fixedFailCasesPassAndNothingElseGetsWorse() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (RuleDescription rule : ENGINE.rules().values()) {
      if (rule.fix() == null || !rule.scope().startsWith("objects:")) {
        continue;
      }
      for (Map<String, Object> c : cases(rule.id())) {
        tests.add(DynamicTest.dynamicTest(rule.id() + " > " + c.get("name"),
            () -> roundTrip(rule.id(), c)));
      }
    }
    assertTrue(tests.size() >= 11, "cases: " + tests.size());
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  private void roundTrip(String ruleId, Map<String, Object> c) throws IOException {
    List<Object> objects = (List<Object>) ((Map<String, Object>) c.get("bundle")).get("objects");
    Path file = Files.createTempDirectory(dir, "case").resolve("case.yaml");
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(file, "# written by the test\n" + new Yaml(options).dumpAll(objects.iterator()));
    Report before = ENGINE.evaluate(ManifestCollector.of(List.of(file)).collect());
    List<Result> failing = before.results().stream()
        .filter(r -> ruleId.equals(r.rule()) && r.status() == Status.FAIL).toList();
    assertFalse(failing.isEmpty(), "the case fails before the fix");
    FixPlan plan = FIXES.plan(failing);
    List<Result> fixed = plan.changes().stream().flatMap(ch -> ch.results().stream()).toList();
    for (FileChange change : plan.changes()) {
      assertEquals(Files.readString(file), change.before());
      Files.writeString(change.path(), change.after());
    }
    Report after = ENGINE.evaluate(ManifestCollector.of(List.of(file)).collect());
    Map<String, Status> now = new HashMap<>();
    after.results().forEach(r -> now.merge(r.control() + " " + r.target(), r.status(),
        Status::worst));
    for (Result r : fixed) {
      String key = r.control() + " " + r.target();
      boolean stillFailsForAnotherReason = now.get(key) == Status.FAIL;
      if (stillFailsForAnotherReason) {
        // Only a case the fix cannot settle alone (e.g. an added CAP_SYS_ADMIN) may stay FAIL.
        assertTrue(String.valueOf(c.get("name")).matches(".*(SYS_ADMIN|privileged|add).*"),
            key + " still fails after the fix:\n" + Files.readString(file));
      }
    }
    if (fixed.isEmpty()) {
      assertFalse(plan.suggestions().isEmpty(), "a failing result gets a change or a suggestion");
    }
    for (Result r : before.results()) {
      Status then = now.get(r.control() + " " + r.target());
      if (then != null) {
        boolean worse = then != r.status() && Status.worst(then, r.status()) == then;
        assertFalse(worse, r.control() + " " + r.target() + " got worse: " + r.status() + " -> "
            + then);
      }
    }
  }

  @Test
  void forResultReturnsTheDiffWithoutTouchingTheFile() throws IOException {
    Path file = dir.resolve("pod.yaml");
    String text = "# keep me\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
        + "  namespace: shop\nspec:\n  containers:\n    - name: web\n      image: nginx\n";
    Files.writeString(file, text);
    Report report = ENGINE.evaluate(ManifestCollector.of(List.of(file)).collect());
    Result result = report.results().stream()
        .filter(r -> "container-privilege-escalation".equals(r.rule())).findFirst().orElseThrow();
    Fix fix = FIXES.forResult(result).orElseThrow();
    assertEquals(Fix.EDIT, fix.kind());
    assertEquals(file.toString(), fix.file());
    assertTrue(fix.patch().contains("+      securityContext:\n"
        + "+        allowPrivilegeEscalation: false\n"), fix.patch());
    assertFalse(fix.patch().contains("keep me") || fix.patch().contains("nginx"),
        "a report's patch shows no line of the file it did not write: " + fix.patch());
    assertNotNull(fix.replacements().get(0));
    assertEquals(text, Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> cases(String ruleId) throws IOException {
    try (InputStream in = FixRoundTripTest.class.getResourceAsStream(
        "/dev/kcis/cases/" + ruleId + ".yaml")) {
      if (in == null) {
        return List.of();
      }
      Map<String, Object> doc = new Yaml().load(new String(in.readAllBytes(),
          StandardCharsets.UTF_8));
      List<Map<String, Object>> out = new ArrayList<>();
      for (Map<String, Object> c : (List<Map<String, Object>>) doc.get("cases")) {
        Map<String, Object> bundle = (Map<String, Object>) c.get("bundle");
        List<Map<String, Object>> expect = (List<Map<String, Object>>) c.get("expect");
        // Cases of the strict reading (strict: true) fail only under --strict; this engine
        // reads recommendations as CIS writes them.
        boolean strict = Boolean.TRUE.equals(c.get("strict"));
        if (!strict && bundle != null && bundle.keySet().equals(java.util.Set.of("objects"))
            && expect != null
            && expect.stream().anyMatch(e -> "FAIL".equals(e.get("status")))) {
          out.add(c);
        }
      }
      return out;
    }
  }
}
