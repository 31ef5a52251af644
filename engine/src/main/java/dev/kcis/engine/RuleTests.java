package dev.kcis.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.BundleReader;
import dev.kcis.bundle.internal.LocatedTree;
import dev.kcis.bundle.internal.TreeLoader;
import dev.kcis.core.KcisException;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.internal.BuiltInRules;
import dev.kcis.engine.internal.Evaluator;
import dev.kcis.engine.internal.RulePackCompiler;
import dev.kcis.engine.internal.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rule test cases as data, and the one runner for all of them: the project's own rules and users'
 * rule packs are tested the same way.
 *
 * <p>A case file ({@code <rule-id>.yaml}) names a rule and lists cases; each case gives facts as the
 * body of a fact bundle (no {@code apiVersion} or {@code kind} needed) and the results the rule must
 * produce, exactly: every expected result must appear, and no other. A rule that throws, loops or
 * halts fails its case with an INCONCLUSIVE result that names the rule, its file and what happened;
 * the other cases run.
 *
 * <pre>
 * rule: kubelet-anonymous-auth
 * cases:
 *   - name: flag false overrides config true passes
 *     bundle:
 *       nodes:
 *         - name: n1
 *           components:
 *             - kind: kubelet
 *               source: {type: process, path: /proc/42/cmdline}
 *               args: [kubelet, --anonymous-auth=false]
 *     expect:
 *       - {target: node/n1/kubelet, status: PASS}
 * </pre>
 *
 * <p>A case of a parameterised rule may set its parameters as a profile's control does
 * ({@code params: {mode: "644"}}); the rule's {@code @params} defaults apply otherwise. A case
 * with {@code strict: true} runs as {@code kcis eval --strict} does
 * ({@link ComplianceEngine.Builder#strict}); the others read recommendations as CIS writes them.
 */
public final class RuleTests {

  /**
   * One test case.
   *
   * @param rule the rule under test
   * @param name what the case shows: the condition and the outcome
   * @param file the case file and line, for messages
   * @param bundles the facts
   * @param expected the results the rule must produce
   * @param params parameter values for the rule, as a profile's control sets them
   * @param strict true to evaluate with {@link dev.kcis.facts.Semantics#STRICT}
   */
  public record Case(String rule, String name, String file, List<FactBundle> bundles,
      List<Expectation> expected, Map<String, String> params, boolean strict) {

    public Case {
      params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** A case read as CIS writes the recommendation. */
    public Case(String rule, String name, String file, List<FactBundle> bundles,
        List<Expectation> expected, Map<String, String> params) {
      this(rule, name, file, bundles, expected, params, false);
    }

    /** A case that runs the rule with its default parameter values. */
    public Case(String rule, String name, String file, List<FactBundle> bundles,
        List<Expectation> expected) {
      this(rule, name, file, bundles, expected, Map.of());
    }
  }

  /**
   * An expected result.
   *
   * @param target the target, e.g. {@code node/n1/kubelet}
   * @param status the status
   * @param messageContains text the result's message must contain, or {@code null}
   * @param evidenceContains text the result's evidence must contain (what complies, or a value
   *     observed), or {@code null}
   */
  public record Expectation(String target, Status status, String messageContains,
      String evidenceContains) {

    /** An expectation on the target, status and message. */
    public Expectation(String target, Status status, String messageContains) {
      this(target, status, messageContains, null);
    }

    @Override
    public String toString() {
      return status + " " + target
          + (messageContains == null ? "" : " ~\"" + messageContains + "\"")
          + (evidenceContains == null ? "" : " evidence ~\"" + evidenceContains + "\"");
    }
  }

  /**
   * The outcome of one case.
   *
   * @param testCase the case
   * @param passed true when the results are exactly the expected ones
   * @param problems what differs, one line each
   * @param actual the results the rule produced
   */
  public record Outcome(Case testCase, boolean passed, List<String> problems, List<Result> actual) {}

  private final List<RuleSet> ruleSets;
  private final Duration ruleTimeout;
  private final Map<String, Evaluator> evaluators = new HashMap<>();

  private RuleTests(List<RuleSet> ruleSets, Duration ruleTimeout) {
    this.ruleSets = ruleSets;
    this.ruleTimeout = ruleTimeout;
  }

  /** A runner for the built-in rules. */
  public static RuleTests forBuiltInRules() {
    return new RuleTests(List.of(BuiltInRules.get()), ComplianceEngine.DEFAULT_RULE_TIMEOUT);
  }

  /** A runner for rule packs, compiled once, with the built-in rules beside them. */
  public static RuleTests forRulePacks(List<Path> packs) {
    return new RuleTests(List.of(BuiltInRules.get(), RulePackCompiler.compile(packs)),
        ComplianceEngine.DEFAULT_RULE_TIMEOUT);
  }

  /**
   * The same runner, with each case's rules stopped after {@code timeout} (see
   * {@link ComplianceEngine.Builder#ruleTimeout}): a case whose rule loops then fails, its result
   * INCONCLUSIVE with the reason, and the other cases run.
   */
  public RuleTests withRuleTimeout(Duration timeout) {
    ComplianceEngine.builder().ruleTimeout(timeout); // the same checks
    return new RuleTests(ruleSets, timeout);
  }

  /** The ids of the rules this runner can test. */
  public Set<String> ruleIds() {
    Set<String> ids = new java.util.TreeSet<>();
    ruleSets.forEach(s -> ids.addAll(s.rules().keySet()));
    return ids;
  }

  /** True when the rule is a manual one: it has no PASS or FAIL to test, only its MANUAL result. */
  public boolean isManual(String ruleId) {
    return ruleSets.stream().map(s -> s.rules().get(ruleId)).filter(java.util.Objects::nonNull)
        .anyMatch(r -> r.scopeText().equals("manual"));
  }

  /** Runs one case: the rule alone, on the case's facts. */
  public synchronized Outcome run(Case testCase) {
    Evaluator evaluator = evaluators.computeIfAbsent(testCase.rule() + "\n"
        + testCase.params() + "\n" + testCase.strict(),
        k -> evaluatorFor(testCase.rule(), testCase.params(), testCase.strict()));
    Report report = evaluator.evaluate(testCase.bundles());
    List<Result> actual = report.results();
    List<Result> unmatched = new ArrayList<>(actual);
    List<String> problems = new ArrayList<>();
    for (Expectation e : testCase.expected()) {
      Result match = unmatched.stream().filter(r -> matches(e, r)).findFirst().orElse(null);
      if (match == null) {
        problems.add("missing: " + e);
      } else {
        unmatched.remove(match);
      }
    }
    for (Result r : unmatched) {
      problems.add("unexpected: " + r.status() + " " + r.target()
          + (r.message() == null ? "" : " (" + r.message() + ")"));
    }
    return new Outcome(testCase, problems.isEmpty(), problems, actual);
  }

  private static boolean matches(Expectation e, Result r) {
    return e.status() == r.status() && e.target().equals(r.target())
        && (e.messageContains() == null
            || (r.message() != null && r.message().contains(e.messageContains())))
        && (e.evidenceContains() == null || evidenceText(r).contains(e.evidenceContains()));
  }

  /** What complies and every value observed, as one text. */
  private static String evidenceText(Result r) {
    if (r.evidence() == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(String.valueOf(r.evidence().expected()));
    r.evidence().observed().forEach(o -> text.append('\n').append(o));
    return text.toString();
  }

  private Evaluator evaluatorFor(String rule, Map<String, String> params, boolean strict) {
    Profile profile = new Profile("test-" + rule, "rule test", "0", Map.of("0", "rule under test"),
        List.of(new Control("0.1", rule, "0", "Automated", 0, List.of(rule), null, List.of(),
            params, null)));
    if (ruleSets.stream().noneMatch(s -> s.rules().containsKey(rule))) {
      throw new KcisException("no rule '" + rule + "' to test");
    }
    try {
      return new Evaluator(profile, ruleSets, ruleTimeout,
          strict ? dev.kcis.facts.Semantics.STRICT : dev.kcis.facts.Semantics.CIS);
    } catch (ProfileException e) {
      throw new KcisException("rule '" + rule + "': " + e.getMessage());
    }
  }

  /**
   * Reads every case file ({@code *.yaml}, {@code *.yml}) under a file or directory; a rule pack's
   * {@code profile.yaml} is not a case file.
   */
  public static List<Case> load(Path fileOrDir) {
    List<Case> cases = new ArrayList<>();
    for (Path file : caseFiles(fileOrDir)) {
      cases.addAll(loadFile(file));
    }
    return cases;
  }

  /** The test-case files of a pack (every YAML file but its profile), or the one file given. */
  static List<Path> caseFiles(Path fileOrDir) {
    List<Path> files;
    if (Files.isDirectory(fileOrDir)) {
      try (Stream<Path> walk = Files.walk(fileOrDir)) {
        files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .filter(p -> !p.getFileName().toString().equals(ComplianceEngine.PACK_PROFILE))
            .filter(p -> !p.getFileName().toString().equals(
                dev.kcis.engine.internal.RulePackCompiler.PACK_PROVENANCE))
            .filter(p -> !Files.isDirectory(p)).sorted().toList();
      } catch (IOException e) {
        throw new KcisException(fileOrDir + ": cannot read: " + e.getMessage(), e);
      }
    } else {
      files = List.of(fileOrDir);
    }
    return files;
  }

  /**
   * The test cases of the built-in rules, shipped beside them as
   * {@code dev/kcis/cases/<rule-id>.yaml}.
   */
  public List<Case> builtInCases() {
    List<Case> cases = new ArrayList<>();
    for (String rule : BuiltInRules.get().rules().keySet().stream().sorted().toList()) {
      String resource = "dev/kcis/cases/" + rule + ".yaml";
      try (java.io.InputStream in = RuleTests.class.getClassLoader().getResourceAsStream(resource)) {
        if (in != null) {
          cases.addAll(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
              "built-in " + resource));
        }
      } catch (IOException e) {
        throw new KcisException(resource + ": cannot read: " + e.getMessage(), e);
      }
    }
    return cases;
  }

  static List<Case> loadFile(Path file) {
    String origin = file.toString();
    String text;
    try {
      text = InputFiles.readText(file, InputFiles.RULE_FILE_LIMIT);
    } catch (IOException e) {
      throw new KcisException(origin + ": " + InputFiles.problem(e), e);
    }
    return parse(text, origin);
  }

  /** Reads the cases of one case file's text; {@code origin} names it in messages. */
  public static List<Case> parse(String text, String origin) {
    LocatedTree tree = TreeLoader.load(text, origin);
    JsonNode root = tree.root();
    if (!root.isObject() || !root.path("rule").isTextual() || !root.path("cases").isArray()) {
      throw new BundleException(origin, "", "a test-case file needs 'rule: <id>' and 'cases: [...]'");
    }
    String rule = root.get("rule").asText();
    List<Case> cases = new ArrayList<>();
    JsonNode list = root.get("cases");
    for (int i = 0; i < list.size(); i++) {
      String at = "/cases/" + i;
      JsonNode c = list.get(i);
      String where = origin + ":" + tree.positionOf(at);
      if (!c.path("name").isTextual()) {
        throw new BundleException(origin, tree.positionOf(at), at + ": a case needs a 'name'");
      }
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!Set.of("name", "bundle", "bundles", "expect", "params", "strict")
            .contains(field)) {
          throw new BundleException(origin, tree.positionOf(at + "/" + field), at + "/" + field
              + ": unknown field '" + field + "' (expected name, strict, params, bundle, bundles, "
              + "expect)");
        }
      }
      if (c.has("strict") && !c.get("strict").isBoolean()) {
        throw new BundleException(origin, tree.positionOf(at + "/strict"), at
            + "/strict: expected true or false");
      }
      boolean strict = c.path("strict").asBoolean(false);
      Map<String, String> params = new java.util.LinkedHashMap<>();
      if (c.has("params")) {
        JsonNode p = c.get("params");
        if (!p.isObject()) {
          throw new BundleException(origin, tree.positionOf(at + "/params"), at
              + "/params: expected parameter values by name, e.g. {mode: \"644\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isValueNode() || e.getValue().isNull()) {
            throw new BundleException(origin, tree.positionOf(at + "/params/" + e.getKey()), at
                + "/params/" + e.getKey() + ": expected a value");
          }
          params.put(e.getKey(), e.getValue().asText());
        }
      }
      List<FactBundle> bundles = new ArrayList<>();
      if (c.has("bundle")) {
        bundles.add(bundle(tree, at + "/bundle", origin));
      }
      if (c.has("bundles")) {
        for (int b = 0; b < c.get("bundles").size(); b++) {
          bundles.add(bundle(tree, at + "/bundles/" + b, origin));
        }
      }
      if (bundles.isEmpty()) {
        bundles.add(FactBundle.empty(origin));
      }
      List<Expectation> expected = new ArrayList<>();
      JsonNode ex = c.path("expect");
      if (!ex.isArray() || ex.isEmpty()) {
        throw new BundleException(origin, tree.positionOf(at), at
            + ": a case needs 'expect': the results the rule must produce");
      }
      for (int e = 0; e < ex.size(); e++) {
        JsonNode item = ex.get(e);
        String eat = at + "/expect/" + e;
        Status status;
        try {
          status = Status.valueOf(item.path("status").asText());
        } catch (IllegalArgumentException bad) {
          throw new BundleException(origin, tree.positionOf(eat), eat
              + ": status must be one of " + java.util.Arrays.toString(Status.values()));
        }
        if (!item.path("target").isTextual()) {
          throw new BundleException(origin, tree.positionOf(eat), eat + ": missing 'target'");
        }
        expected.add(new Expectation(item.get("target").asText(), status,
            item.path("message").isTextual() ? item.get("message").asText() : null,
            item.path("evidence").isTextual() ? item.get("evidence").asText() : null));
      }
      cases.add(new Case(rule, c.get("name").asText(), where, bundles, expected, params, strict));
    }
    return cases;
  }

  private static FactBundle bundle(LocatedTree tree, String pointer, String origin) {
    LocatedTree sub = tree.subtree(pointer);
    if (!sub.root().isObject()) {
      throw new BundleException(origin, tree.positionOf(pointer), pointer + ": expected a bundle body");
    }
    ObjectNode body = ((ObjectNode) sub.root()).deepCopy();
    if (!body.has("apiVersion")) {
      body.put("apiVersion", FactBundle.API_VERSION);
    }
    if (!body.has("kind")) {
      body.put("kind", FactBundle.KIND);
    }
    Map<String, String> positions = new HashMap<>();
    sub.positions().forEach((k, v) -> positions.put(k, v));
    try {
      return BundleReader.decode(new LocatedTree(body, positions), origin);
    } catch (BundleException e) {
      // Re-anchor the pointer in the case file so the message points at the right place.
      String problem = e.problem().startsWith("/: ") ? pointer + e.problem().substring(1)
          : e.problem().startsWith("/") ? pointer + e.problem()
          : pointer + ": " + e.problem();
      throw new BundleException(origin, e.place(), problem);
    }
  }
}
