package dev.kcis.cli;

import dev.kcis.cli.internal.Output;
import dev.kcis.engine.ControlReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kcis rules doc}: the control reference (docs/controls.md) of the built-in profiles. */
@Command(name = "doc", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = "Writes the control reference: every control of each built-in profile with its "
        + "rules, automation, mappings with provenance and remediation (the build writes it to "
        + "docs/controls.md).")
final class RulesDocCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE instead of standard output (a regular file is replaced "
          + "atomically).")
  Path output;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Output.refuseToOverwriteInputs(spec, output, List.of());
    String markdown = ControlReference.markdown();
    Output.write(spec, output, markdown.getBytes(StandardCharsets.UTF_8));
    if (!Output.isStandardOutput(output)) {
      spec.commandLine().getErr().println("kcis: wrote the control reference to " + output);
    }
    return ExitCode.OK;
  }
}
