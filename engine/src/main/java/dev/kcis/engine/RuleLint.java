package dev.kcis.engine;

import dev.kcis.core.KcisException;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.internal.BuiltInRules;
import dev.kcis.engine.internal.Evaluator;
import dev.kcis.engine.internal.PackSemantics;
import dev.kcis.engine.internal.ProfileLoader;
import dev.kcis.engine.internal.ProfileParameters;
import dev.kcis.engine.internal.RuleInfo;
import dev.kcis.engine.internal.RulePackCompiler;
import dev.kcis.engine.internal.RuleSet;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks rule packs (or the built-in rules) the way the project checks its own: DRL that compiles,
 * complete and well-formed metadata, mapping ids known to the framework catalogs, unique rule ids,
 * rule files named after their rule, a pack profile whose entries point at rules and set only the
 * parameters they declare, with values of their types, and test cases for every rule: at least a
 * PASS, a FAIL and a missing-evidence (INCONCLUSIVE) case, or a MANUAL case for a manual rule.
 * Every problem is one line, {@code FILE:LINE:COL: message} where the place is known.
 *
 * <pre>
 * List&lt;String&gt; problems = RuleLint.packs(List.of(Path.of("my-rules")));
 * </pre>
 */
public final class RuleLint {

  private static final java.util.regex.Pattern RULE_LINE =
      java.util.regex.Pattern.compile("(?m)^rule:\\s*[\"']?([^\"'\\s#]+)");

  private RuleLint() {}

  /** Lints the built-in rules and their shipped test cases. */
  public static List<String> builtIn() {
    List<String> problems = new ArrayList<>();
    RuleSet builtIn = BuiltInRules.get();
    RuleTests runner = RuleTests.forBuiltInRules();
    coverage(builtIn.rules(), runner.builtInCases(), problems);
    for (String id : ProfileLoader.builtInIds()) {
      try {
        evaluate(ProfileLoader.builtIn(id), List.of(builtIn),
            java.util.Arrays.asList(ProfileParameters.Source.builtIn(id)), problems);
      } catch (KcisException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  /** Lints rule packs (directories of DRL files, test cases and an optional profile.yaml). */
  public static List<String> packs(List<Path> packs) {
    List<String> problems = new ArrayList<>();
    for (Path pack : packs) {
      if (!Files.isDirectory(pack)) {
        problems.add(pack + ": not a directory (a rule pack is a directory of .drl files)");
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    // One pass: what each stage finds is reported, and a later stage runs on what it can still
    // judge (test-case files are read even when the DRL does not compile).
    for (Path pack : packs) {
      for (Path drl : RulePackCompiler.drlFiles(pack)) {
        try {
          problems.addAll(PackSemantics.check(drl, InputFiles.readText(drl,
              InputFiles.RULE_FILE_LIMIT)));
        } catch (java.io.IOException e) {
          // the compiler reports an unreadable file
        }
      }
    }
    RuleSet compiled = null;
    try {
      compiled = RulePackCompiler.compile(packs);
    } catch (RuleCompilationException e) {
      problems.addAll(e.problems());
    } catch (KcisException e) {
      problems.add(e.getMessage());
    }
    if (compiled == null) {
      for (Path pack : packs) {
        try {
          for (Path file : RuleTests.caseFiles(pack)) {
            try {
              RuleTests.loadFile(file);
            } catch (KcisException e) {
              problems.add(e.getMessage());
            }
          }
        } catch (KcisException e) {
          problems.add(e.getMessage());
        }
      }
      return problems;
    }
    for (RuleInfo rule : compiled.rules().values()) {
      String file = rule.origin();
      String name = Path.of(file).getFileName().toString();
      if (rule.base() == null && !name.equals(rule.id() + ".drl")) { // a table entry is data
        problems.add(file + ":1:1: rule \"" + rule.id() + "\" belongs in its own file "
            + rule.id() + ".drl (one rule per file, named by its id)");
      }
    }
    for (Path pack : packs) {
      Path profile = pack.resolve(ComplianceEngine.PACK_PROFILE);
      if (Files.isRegularFile(profile)) {
        Set<String> known = new java.util.HashSet<>(compiled.rules().keySet());
        known.addAll(BuiltInRules.get().rules().keySet());
        List<String> references = PackSemantics.profileReferences(profile, known);
        if (!references.isEmpty()) {
          problems.addAll(references); // located here; loading would say the first, unlocated
          continue;
        }
      }
      try {
        Profile base = ProfileLoader.builtIn(ComplianceEngine.DEFAULT_PROFILE);
        Profile layered = Files.exists(profile, LinkOption.NOFOLLOW_LINKS)
            ? layerForLint(base, profile)
            : dev.kcis.engine.internal.PackSections.add(base, pack, compiled.rules());
        evaluate(layered, List.of(BuiltInRules.get(), compiled),
            java.util.Arrays.asList(ProfileParameters.Source.file(profile)), problems);
      } catch (KcisException e) {
        problems.add(e.getMessage());
      }
    }
    List<RuleTests.Case> cases = new ArrayList<>();
    // A case file that does not load is one problem; its rule's coverage is not judged on top.
    Set<String> unjudged = new java.util.HashSet<>();
    for (Path pack : packs) {
      List<Path> files;
      try {
        files = RuleTests.caseFiles(pack);
      } catch (KcisException e) {
        problems.add(e.getMessage());
        continue;
      }
      for (Path file : files) {
        try {
          cases.addAll(RuleTests.loadFile(file));
        } catch (KcisException e) {
          problems.add(e.getMessage());
          unjudged.addAll(rulesOf(file));
        }
      }
    }
    Map<String, RuleInfo> judged = new LinkedHashMap<>(compiled.rules());
    judged.keySet().removeAll(unjudged);
    coverage(judged, cases, problems);
    for (RuleTests.Case c : cases) {
      if (!compiled.rules().containsKey(c.rule()) && !BuiltInRules.get().rules().containsKey(c.rule())) {
        problems.add(c.file() + ": no rule \"" + c.rule() + "\" in the packs or the built-in rules");
      }
    }
    return problems;
  }

  /**
   * Builds an evaluator of the profile as the engine would; parameter problems are reported each
   * at its entry of the profile files, all of them, and not a second time as the engine's first.
   */
  private static void evaluate(Profile profile, List<RuleSet> sets,
      List<ProfileParameters.Source> sources, List<String> problems) {
    try {
      new Evaluator(profile, sets);
    } catch (ProfileException e) {
      List<String> located = ProfileParameters.explain(e, profile, sets, sources);
      if (located.isEmpty()) {
        throw e;
      }
      problems.addAll(located);
    }
  }

  /** The rules a case file is about: its name, and its {@code rule:} line when it can be read. */
  private static Set<String> rulesOf(Path caseFile) {
    Set<String> rules = new java.util.HashSet<>();
    String name = caseFile.getFileName().toString();
    rules.add(name.replaceAll("\\.ya?ml$", ""));
    try {
      java.util.regex.Matcher m = RULE_LINE.matcher(
          InputFiles.readText(caseFile, InputFiles.RULE_FILE_LIMIT));
      if (m.find()) {
        rules.add(m.group(1));
      }
    } catch (java.io.IOException | RuntimeException e) {
      // unreadable: its problem is already reported; the file name is all there is
    }
    return rules;
  }

  /** A pack profile extends the selected profile; lint it over the one it names, if built in. */
  private static Profile layerForLint(Profile defaultBase, Path profile) {
    try {
      return ProfileLoader.layer(defaultBase, profile);
    } catch (ProfileException e) {
      for (String id : ProfileLoader.builtInIds()) {
        try {
          return ProfileLoader.layer(ProfileLoader.builtIn(id), profile);
        } catch (ProfileException ignored) {
          // try the next built-in profile
        }
      }
      throw e;
    }
  }

  private static void coverage(Map<String, RuleInfo> rules, List<RuleTests.Case> cases,
      List<String> problems) {
    Map<String, Set<Status>> seen = new LinkedHashMap<>();
    for (RuleTests.Case c : cases) {
      Set<Status> statuses = seen.computeIfAbsent(c.rule(), k -> EnumSet.noneOf(Status.class));
      c.expected().forEach(e -> statuses.add(e.status()));
    }
    for (RuleInfo rule : rules.values()) {
      Set<Status> statuses = seen.getOrDefault(rule.id(), EnumSet.noneOf(Status.class));
      List<Status> needed = rule.scopeText().equals("manual") ? List.of(Status.MANUAL)
          : List.of(Status.PASS, Status.FAIL, Status.INCONCLUSIVE);
      for (Status status : needed) {
        if (!statuses.contains(status)) {
          problems.add(rule.origin() + ":1:1: rule \"" + rule.id() + "\" has no test case expecting "
              + status + (status == Status.INCONCLUSIVE ? " (missing evidence)" : ""));
        }
      }
    }
  }
}
