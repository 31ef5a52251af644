package dev.kcis.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kcis collect}: the collectors, one sub-command each. */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = "Collects evidence into a fact bundle that kcis eval reads.",
    subcommands = {CollectNodeCommand.class, CollectClusterCommand.class,
        CollectManifestsCommand.class})
final class CollectCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "say what to collect: " + String.join(", ", spec.subcommands().keySet()));
  }
}
