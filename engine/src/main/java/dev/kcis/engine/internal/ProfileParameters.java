package dev.kcis.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcis.bundle.internal.LocatedTree;
import dev.kcis.bundle.internal.TreeLoader;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.Profile;
import dev.kcis.engine.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a profile's parameter problems (a control sets a parameter none of its rules declares,
 * or a value of the wrong type) at the entry of the profile file that sets it, as
 * {@code FILE:LINE:COL: controls[i].params.NAME: ...}. The problems are judged once, when the
 * engine is built ({@link RuleVariants}); the profile itself no longer knows its files, so the
 * place is found afterwards in the files it was read from, so that {@code kcis rules lint} and a
 * failed {@code kcis eval} name the same place.
 */
public final class ProfileParameters {

  private ProfileParameters() {}

  /** The text of a profile file, and the name its problems are reported under. */
  public record Source(String origin, String text) {

    /** A profile file; {@code null} when it cannot be read (loading it reports that). */
    public static Source file(Path file) {
      try {
        return new Source(file.toString(), InputFiles.readText(file, InputFiles.RULE_FILE_LIMIT));
      } catch (IOException e) {
        return null;
      }
    }

    /** A built-in profile, named as its load problems name it ({@code cis-1.12.yaml}). */
    public static Source builtIn(String id) {
      try (InputStream in = ProfileParameters.class.getResourceAsStream(
          "/dev/kcis/profiles/" + id + ".yaml")) {
        return in == null ? null
            : new Source(id + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        return null;
      }
    }
  }

  /**
   * When {@code failure} (thrown building an evaluator of {@code profile} over {@code ruleSets})
   * is a parameter problem: every parameter problem of the profile, each located in the last of
   * {@code sources} whose controls set it (a pack's profile is layered after the one it extends),
   * else as the engine words it. Empty when {@code failure} is another problem.
   *
   * @param sources the files the profile was read from, in the order they were layered; {@code
   *     null} entries are skipped
   */
  public static List<String> explain(ProfileException failure, Profile profile,
      List<RuleSet> ruleSets, List<Source> sources) {
    Map<String, RuleInfo> rules = new LinkedHashMap<>();
    ruleSets.forEach(set -> rules.putAll(set.rules()));
    List<RuleVariants.Problem> problems = RuleVariants.problems(profile, rules);
    if (problems.isEmpty() || !problems.get(0).message().equals(failure.getMessage())) {
      return List.of();
    }
    List<LocatedTree> trees = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    for (Source source : sources) {
      if (source == null) {
        continue;
      }
      try {
        trees.add(0, TreeLoader.load(source.text(), source.origin()));
        origins.add(0, source.origin());
      } catch (RuntimeException e) {
        // not YAML: loading it would have failed before any parameter was judged
      }
    }
    List<String> out = new ArrayList<>();
    for (RuleVariants.Problem problem : problems) {
      out.add(locate(problem, trees, origins));
    }
    return out;
  }

  private static String locate(RuleVariants.Problem problem, List<LocatedTree> trees,
      List<String> origins) {
    for (int t = 0; t < trees.size(); t++) {
      JsonNode controls = trees.get(t).root().path("controls");
      for (int i = 0; i < controls.size(); i++) {
        if (!controls.get(i).path("id").asText().equals(problem.control())) {
          continue;
        }
        String pointer = "/controls/" + i + "/params/" + problem.parameter()
            .replace("~", "~0").replace("/", "~1");
        String path = "controls[" + i + "].params." + problem.parameter();
        if (trees.get(t).root().at(pointer).isMissingNode()) {
          pointer = "/controls/" + i; // a default that does not fit: the control, at least
          path = "controls[" + i + "]";
        }
        String position = trees.get(t).positionOf(pointer);
        return origins.get(t) + (position == null || position.isEmpty() ? "" : ":" + position)
            + ": " + path + ": control " + problem.control() + ": " + problem.detail();
      }
    }
    return problem.message();
  }
}
