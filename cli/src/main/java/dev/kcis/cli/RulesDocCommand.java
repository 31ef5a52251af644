package dev.kcis.cli;

import dev.kcis.cli.internal.Output;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.ControlReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kcis rules doc}: the control reference (docs/controls.md) of the built-in profiles, or
 * with {@code --rules} the reference of a rule pack.
 */
@Command(name = "doc", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = "Writes the control reference: every control of each built-in profile with its "
        + "rules, automation, mappings with provenance and remediation (the build writes it to "
        + "docs/controls.md); with --rules, the same for a rule pack.")
final class RulesDocCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE instead of standard output (a regular file is replaced "
          + "atomically).")
  Path output;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces.")
  boolean verbose;

  @Option(names = "--rules", paramLabel = "DIR",
      description = "Document this rule pack (repeatable) instead: the controls its rules decide "
          + "in the --benchmark profile, with its profile.yaml layered, and its rules.")
  List<Path> rulePacks = new ArrayList<>();

  @Option(names = "--benchmark", paramLabel = "PROFILE",
      defaultValue = ComplianceEngine.DEFAULT_PROFILE,
      description = "With --rules: the profile the pack is layered over. Default: "
          + "${DEFAULT-VALUE}.")
  String benchmark;

  @Override
  public Integer call() throws Exception {
    Output.refuseToOverwriteInputs(spec, output, rulePacks);
    String markdown;
    if (rulePacks.isEmpty()) {
      markdown = ControlReference.markdown();
    } else {
      ComplianceEngine engine = RuleSelection.builder(spec, benchmark, rulePacks).build();
      engine.notices().forEach(n -> spec.commandLine().getErr().println("kcis: " + n));
      markdown = ControlReference.markdown(engine, rulePacks);
    }
    Output.write(spec, output, markdown.getBytes(StandardCharsets.UTF_8));
    if (!Output.isStandardOutput(output)) {
      spec.commandLine().getErr().println("kcis: wrote the " + (rulePacks.isEmpty()
          ? "control reference" : "reference of " + String.join(", ",
              rulePacks.stream().map(Path::toString).toList())) + " to " + output);
    }
    return ExitCode.OK;
  }
}
