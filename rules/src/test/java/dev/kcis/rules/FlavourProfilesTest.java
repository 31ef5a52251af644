package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.RuleDescription;
import dev.kcis.engine.RuleParameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The profiles of managed platforms and distributions against the benchmarks they transcribe
 * (kube-bench's catalog of each, in test resources): every recommendation with its id, title and
 * assessment, every Automated one decided by a rule or given a review, and remediations and review
 * procedures that fit the platform (none tells an EKS user to run kubeadm).
 */
class FlavourProfilesTest {

  /** A recommendation as kube-bench lists it. */
  record Recommendation(String id, String title, String marker, String type, boolean scored) {}

  /** kubeadm as a word: OpenShift's kubeadmin user is not kubeadm. */
  private static final Pattern KUBEADM = Pattern.compile("(?i)\\bkubeadm\\b");

  private static final Pattern MARKER =
      Pattern.compile("\\s*\\((Automated|Manual|automated|manual)\\)+\\s*$");

  static Stream<String> flavours() {
    return ComplianceEngine.builtInProfiles().stream().filter(id -> !id.startsWith("cis-"));
  }

  static List<Recommendation> benchmark(String id) throws IOException {
    try (InputStream in = FlavourProfilesTest.class.getResourceAsStream("/flavours/" + id
        + ".tsv")) {
      assertNotNull(in, "no kube-bench catalog flavours/" + id + ".tsv in the test resources");
      List<Recommendation> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        Matcher m = MARKER.matcher(f[1]);
        String title = m.find() ? f[1].substring(0, m.start()).trim() : f[1].trim();
        String marker = m.find(0) ? capitalise(m.group(1)) : null;
        out.add(new Recommendation(f[0], title, marker, f[2], Boolean.parseBoolean(f[3])));
      }
      return out;
    }
  }

  private static String capitalise(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  static ComplianceEngine engine(String id) {
    return ComplianceEngine.builder().profile(id).build();
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void everyRecommendationIsThereWithItsIdTitleAndAssessment(String id) throws IOException {
    List<Recommendation> expected = benchmark(id);
    Profile profile = engine(id).profile();
    assertEquals(expected.stream().map(Recommendation::id).toList(),
        profile.controls().stream().map(Control::id).toList(), id + ": ids in benchmark order");
    for (int i = 0; i < expected.size(); i++) {
      Recommendation r = expected.get(i);
      Control c = profile.controls().get(i);
      assertEquals(r.title(), c.title(), id + " " + r.id());
      String assessment = r.marker() != null ? r.marker()
          : r.type().equals("manual") ? "Manual" : "Automated";
      assertEquals(assessment, c.assessment(), id + " " + r.id()
          + ": the assessment the benchmark's title gives");
    }
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void everyAutomatedRecommendationHasARuleOrAReview(String id) {
    for (Control c : engine(id).profile().controls()) {
      if (c.assessment().equals("Automated")) {
        assertTrue(!c.rules().isEmpty() || c.review() != null || c.notApplicable() != null,
            id + " " + c.id());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void remediationsAndReviewsFitThePlatform(String id) {
    ComplianceEngine engine = engine(id);
    Map<String, RuleDescription> rules = engine.rules();
    List<String> problems = new ArrayList<>();
    for (Control c : engine.profile().controls()) {
      for (String ruleId : c.rules()) {
        RuleDescription rule = rules.get(ruleId);
        String remediation = c.remediation() != null ? c.remediation()
            : RuleParameter.render(rule.remediation(), values(rule, c));
        String review = c.review() != null ? c.review() : rule.review();
        for (String text : new String[] {remediation, review}) {
          if (text != null && KUBEADM.matcher(text).find()) {
            problems.add(c.id() + " (" + ruleId + "): " + text);
          }
        }
      }
    }
    assertEquals(List.of(), problems, id + ": kubeadm instructions in a " + engine.profile()
        .platform() + " profile");
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void aFlavourNamesItsPlatformAndWhatEachSectionIsAuditedOn(String id) {
    Profile profile = engine(id).profile();
    assertNotNull(profile.platform(), id);
    for (Control c : profile.controls()) {
      assertNotNull(profile.targetOf(c), id + " " + c.id() + ": no target for its section");
    }
  }

  /** The values a control gives a rule: its own, else the rule's defaults. */
  static Map<String, String> values(RuleDescription rule, Control control) {
    Map<String, String> values = new LinkedHashMap<>();
    for (RuleParameter p : rule.params()) {
      values.put(p.name(), p.normalise(control.params().getOrDefault(p.name(), p.defaultValue())));
    }
    return values;
  }
}
