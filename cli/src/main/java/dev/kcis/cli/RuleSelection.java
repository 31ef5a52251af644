package dev.kcis.cli;

import dev.kcis.engine.ComplianceEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that choose which profile and rule packs a {@code kcis rules} command reads. */
final class RuleSelection {

  @Option(names = "--benchmark", paramLabel = "PROFILE", defaultValue = ComplianceEngine.DEFAULT_PROFILE,
      description = "Benchmark profile: a built-in id (cis-1.12, cis-1.10) or a profile YAML file. "
          + "Default: ${DEFAULT-VALUE}.")
  String benchmark;

  @Option(names = "--rules", paramLabel = "DIR",
      description = "A rule pack layered over the built-in rules. Repeatable.")
  List<Path> rulePacks = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces.")
  boolean verbose;

  ComplianceEngine engine(CommandLine.Model.CommandSpec spec) {
    return builder(spec, benchmark, rulePacks).build();
  }

  /**
   * A builder with the profile ({@code --benchmark}: a built-in id or a profile file) and the rule
   * packs set; an unknown benchmark is a usage error.
   */
  static ComplianceEngine.Builder builder(CommandLine.Model.CommandSpec spec, String benchmark,
      List<Path> rulePacks) {
    ComplianceEngine.Builder builder = ComplianceEngine.builder();
    if (ComplianceEngine.builtInProfiles().contains(benchmark)) {
      builder.profile(benchmark);
    } else if (benchmark.endsWith(".yaml") || benchmark.endsWith(".yml")) {
      builder.profile(Path.of(benchmark));
    } else {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown benchmark '" + benchmark
          + "' (built-in: " + String.join(", ", ComplianceEngine.builtInProfiles())
          + ", or a profile .yaml file)");
    }
    rulePacks.forEach(builder::addRules);
    return builder;
  }
}
