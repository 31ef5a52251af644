package dev.kcis.engine;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.internal.BuiltInRules;
import dev.kcis.engine.internal.Digests;
import dev.kcis.engine.internal.Evaluator;
import dev.kcis.engine.internal.PackSections;
import dev.kcis.engine.internal.ProfileLoader;
import dev.kcis.engine.internal.ProfileParameters;
import dev.kcis.engine.internal.RulePackCompiler;
import dev.kcis.engine.internal.RuleSet;
import dev.kcis.engine.internal.WaiverApplication;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates fact bundles against a benchmark profile: the embeddable entry point of kcis.
 *
 * <p>Build one engine per profile and reuse it: the rule base is loaded once (the built-in rules
 * are precompiled, rule packs are compiled by {@link Builder#build()}), and {@link #evaluate} is
 * thread-safe. Missing evidence is never a PASS: every control of the profile gets at least one
 * result, INCONCLUSIVE with the reason when the evidence does not decide it.
 *
 * <p>No rule can hang or end an evaluation. The rules run within a time limit
 * ({@link Builder#ruleTimeout}) and bounds on rule firings and on the facts rules insert; a rule
 * that throws, loops or halts the session is INCONCLUSIVE with the reason (the rule, its file, the
 * exception) and the other rules are evaluated without it. A rule pack is code that runs with the
 * rights of the JVM, though: see {@code docs/security.md}.
 *
 * <pre>
 * ComplianceEngine engine = ComplianceEngine.builder()
 *         .profile("cis-1.12")
 *         .addRules(Path.of("my-rules"))      // optional rule packs, layered over the built-ins
 *         .build();
 * Report report = engine.evaluate(FactBundle.read(Path.of("cp-1.json")));
 * </pre>
 *
 * <p>Many clusters: share one engine between threads, and let each task read, evaluate and hand
 * on one cluster's bundles, so that memory grows with the number of threads, not of clusters
 * ({@code kcis eval --each} does this; an engine per profile when clusters need different ones,
 * {@link ProfileChoice}). Evaluations of one engine share nothing but the compiled rules: each
 * report equals the one a sequential evaluation gives.
 *
 * <pre>
 * ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
 * List&lt;Future&lt;Score&gt;&gt; scores = new ArrayList&lt;&gt;();
 * for (Path file : clusterBundles) {
 *   scores.add(pool.submit(() -&gt; {
 *     Report report = engine.evaluate(FactBundle.read(file));
 *     ReportFormat.JSON.write(report, ReportOptions.defaults(), out(file)); // kcis-reports
 *     return Scores.of(report).overall();  // keep the little that is needed, drop the report
 *   }));
 * }
 * </pre>
 */
public final class ComplianceEngine {

  /** The file name of a rule pack's profile, layered over the selected profile. */
  public static final String PACK_PROFILE = "profile.yaml";

  /** The profile used when none is chosen. */
  public static final String DEFAULT_PROFILE = "cis-1.12";

  /** How long the rules may run in one evaluation unless {@link Builder#ruleTimeout} says. */
  public static final Duration DEFAULT_RULE_TIMEOUT = Duration.ofSeconds(60);

  private final Evaluator evaluator;
  private final Waivers waivers;
  /** Of the rule packs and the profile file, recorded in every report. */
  private final List<InputDigest> digests;
  private final List<String> notices;

  private ComplianceEngine(Evaluator evaluator, Waivers waivers, List<InputDigest> digests,
      List<String> notices) {
    this.evaluator = evaluator;
    this.waivers = waivers;
    this.digests = List.copyOf(digests);
    this.notices = List.copyOf(notices);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The ids of the built-in benchmark profiles, e.g. {@code cis-1.12}, {@code cis-1.10}. */
  public static List<String> builtInProfiles() {
    return ProfileLoader.builtInIds();
  }

  /** The kcis version. */
  public static String version() {
    return Evaluator.version();
  }

  /**
   * Starts loading the built-in rules in a background thread, so that a caller can read its
   * bundles meanwhile; {@link Builder#build()} then finds them loaded. Optional.
   */
  public static void preloadBuiltInRules() {
    BuiltInRules.preload();
  }

  /** The selected profile: its controls and the rules that decide them. */
  public Profile profile() {
    return evaluator.profile();
  }

  /** How the engine reads recommendations where pass condition and effective value differ. */
  public dev.kcis.facts.Semantics semantics() {
    return evaluator.semantics();
  }

  /** Every rule the engine has loaded (built-in and rule packs), by id. */
  public java.util.Map<String, RuleDescription> rules() {
    return evaluator.descriptions();
  }

  /** Evaluates bundles of one cluster together (one per node, one for the API...). */
  public Report evaluate(FactBundle... bundles) {
    return evaluate(Arrays.asList(bundles));
  }

  /**
   * Evaluates bundles of one cluster together. The report's {@link Report#digests()} are those of
   * the rule packs and the profile file; a caller that read the bundles adds theirs with
   * {@link Report#withDigests}.
   *
   * @throws dev.kcis.bundle.BundleException when the bundles belong to different clusters
   * @throws IllegalArgumentException when no bundle is given: a report of nothing would read as
   *     a cluster whose every control is INCONCLUSIVE (an empty bundle is evaluated)
   */
  public Report evaluate(List<FactBundle> bundles) {
    Objects.requireNonNull(bundles, "bundles");
    bundles.forEach(b -> Objects.requireNonNull(b, "bundle"));
    if (bundles.isEmpty()) {
      throw new IllegalArgumentException("no fact bundle to evaluate: give evaluate() at least one "
          + "(FactBundle.read(path), or a collector's bundle)");
    }
    Report report = WaiverApplication.apply(evaluator.evaluate(List.copyOf(bundles)),
        waivers.entries());
    return digests.isEmpty() ? report : report.withDigests(digests);
  }

  /** The waivers the engine applies to every evaluation. */
  public Waivers waivers() {
    return waivers;
  }

  /** The SHA-256 of every rule pack and of the profile file the engine was built from. */
  public List<InputDigest> digests() {
    return digests;
  }

  /**
   * What a user should know about how the rules were laid out, one line each, e.g. that a rule
   * pack without a {@code profile.yaml} is reported under a section of its own. The CLI prints
   * them on stderr.
   */
  public List<String> notices() {
    return notices;
  }

  /** Configures an engine. Not thread-safe; the engine it builds is. */
  public static final class Builder {

    private String profileId = DEFAULT_PROFILE;
    private Path profileFile;
    private Profile profile;
    private final List<Path> ruleDirs = new ArrayList<>();
    private boolean builtIns = true;
    private Duration ruleTimeout = DEFAULT_RULE_TIMEOUT;
    private Waivers waivers = Waivers.none();
    private boolean strict;

    private Builder() {}

    /**
     * Waivers to apply to every evaluation (docs/waivers.md): a FAIL, WARN or INCONCLUSIVE result
     * a valid waiver matches becomes WAIVED and names it; {@link Report#waivers()} says which
     * waivers applied, had expired or matched nothing. {@link #build()} checks that each names a
     * control of the profile or a rule the engine has.
     */
    public Builder waivers(Waivers waivers) {
      this.waivers = Objects.requireNonNull(waivers, "waivers");
      return this;
    }

    /** A built-in profile by id, e.g. {@code cis-1.10}. */
    public Builder profile(String id) {
      this.profileId = Objects.requireNonNull(id, "id");
      this.profileFile = null;
      this.profile = null;
      return this;
    }

    /**
     * The built-in profile that fits the cluster the bundles describe ({@link ProfileChoice}):
     * the platform's own benchmark, else the CIS benchmark for its Kubernetes version.
     */
    public Builder profileFor(List<dev.kcis.bundle.FactBundle> bundles) {
      return profile(ProfileChoice.forBundles(bundles).id());
    }

    /** A profile from a YAML file. */
    public Builder profile(Path file) {
      this.profileFile = Objects.requireNonNull(file, "file");
      this.profile = null;
      return this;
    }

    /** A profile built in code (test harnesses use one control per rule). */
    public Builder profile(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      this.profileFile = null;
      return this;
    }

    /**
     * Adds a rule pack: a directory of DRL files compiled at {@link #build()}. When the pack holds
     * a {@code profile.yaml}, it is layered over the selected profile: its controls are added, its
     * {@code disable} list and {@code mappings} apply. Without one, each of its rules becomes a
     * control of a section named after the pack's directory (control id = rule id), and
     * {@link ComplianceEngine#notices()} says so.
     */
    public Builder addRules(Path dir) {
      ruleDirs.add(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    /**
     * How long the rules may run in one {@link ComplianceEngine#evaluate(List)} (default
     * {@link #DEFAULT_RULE_TIMEOUT}, 60 s). When it is over the rules are stopped: a rule still
     * firing, and every rule that had not finished, is INCONCLUSIVE with a reason such as
     * {@code evaluation stopped after 60 s: rule "x" (my-rules/x.drl) was still firing}, and the
     * report is complete otherwise. A rule stuck in its consequence cannot be ended safely: it goes
     * on in a daemon thread until the JVM exits.
     *
     * <p>Rules are also stopped, whatever the time, after 1,000,000 firings plus 20 per fact, or
     * once they have inserted more than 100,000 facts plus twice those of the evidence; the rule
     * that fired most is then left out and the others are evaluated again.
     *
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public Builder ruleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the rule timeout must be positive: " + timeout);
      }
      this.ruleTimeout = timeout;
      return this;
    }

    /**
     * Judges the values in effect as well as the benchmark's pass condition (default
     * {@code false}: the pass condition as CIS writes it, its audit and its text). Where they
     * differ, strict takes the stricter verdict: a kubelet without {@code --rotate-certificates}
     * passes 4.2.10 by default (the benchmark's audit accepts absence) and fails when strict (the
     * kubelet's default is {@code false}); a platform exemption a recommendation grants (4.2.7 on
     * cloud providers) applies only by default. The report records which reading was used
     * ({@link Report#semantics()}); docs/controls.md lists every such decision.
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** Leaves out the built-in rules (for evaluating a rule pack on its own). */
    public Builder withoutBuiltInRules() {
      this.builtIns = false;
      return this;
    }

    /**
     * Loads the rules and the profile.
     *
     * @throws RuleCompilationException when a rule pack does not compile, with {@code FILE:LINE:COL}
     * @throws ProfileException when the profile is malformed or names a rule that does not exist
     * @throws WaiverException when a waiver names a control or rule that does not exist
     */
    public ComplianceEngine build() {
      List<RuleSet> sets = new ArrayList<>();
      if (builtIns) {
        sets.add(BuiltInRules.get());
      }
      RuleSet packs = ruleDirs.isEmpty() ? null : RulePackCompiler.compile(ruleDirs);
      if (packs != null) {
        sets.add(packs);
      }
      Profile selected = profile != null ? profile
          : profileFile != null ? ProfileLoader.file(profileFile)
          : ProfileLoader.builtIn(profileId);
      List<InputDigest> digests = new ArrayList<>();
      List<String> notices = new ArrayList<>();
      List<ProfileParameters.Source> sources = new ArrayList<>();
      if (profile == null && profileFile != null) {
        digests.add(Digests.file(InputDigest.PROFILE, profileFile));
        sources.add(ProfileParameters.Source.file(profileFile));
      } else if (profile == null) {
        sources.add(ProfileParameters.Source.builtIn(profileId));
      }
      for (Path dir : ruleDirs) {
        digests.add(Digests.pack(dir));
        Path packProfile = dir.resolve(PACK_PROFILE);
        // Exists, not "is a regular file": a profile.yaml that cannot be read is an error.
        if (java.nio.file.Files.exists(packProfile, LinkOption.NOFOLLOW_LINKS)) {
          selected = ProfileLoader.layer(selected, packProfile);
          sources.add(ProfileParameters.Source.file(packProfile));
        }
      }
      // After every pack profile: a rule another pack's profile names keeps that control.
      for (Path dir : ruleDirs) {
        if (!java.nio.file.Files.exists(dir.resolve(PACK_PROFILE), LinkOption.NOFOLLOW_LINKS)) {
          int before = selected.controls().size();
          selected = PackSections.add(selected, dir, packs.rules());
          int added = selected.controls().size() - before;
          if (added > 0) {
            notices.add(packNotice(dir, added, selected.controls().get(before).section()));
          }
        }
      }
      Evaluator evaluator;
      try {
        evaluator = new Evaluator(selected, sets, ruleTimeout,
            strict ? dev.kcis.facts.Semantics.STRICT : dev.kcis.facts.Semantics.CIS);
      } catch (ProfileException e) {
        // A parameter a profile sets that its rules do not take: name the file and the entry.
        List<String> located = ProfileParameters.explain(e, selected, sets, sources);
        throw located.isEmpty() ? e : new ProfileException(located.get(0));
      }
      waivers.check(selected, evaluator.rules().keySet());
      return new ComplianceEngine(evaluator, waivers, digests, notices);
    }
  }

  /** The one line saying where the rules of a pack without a profile are reported. */
  static String packNotice(Path dir, int rules, String section) {
    return "rule pack " + dir + " has no " + PACK_PROFILE + ": its " + rules + " rule"
        + (rules == 1 ? " is" : "s are") + " reported under section '" + section
        + "', one control per rule (add a " + PACK_PROFILE + " to choose control ids)";
  }
}
