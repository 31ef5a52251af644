package dev.kcis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kcis rules}: list, show, test, lint, scaffold and document rules and rule packs. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = "Work with rules: list and show the built-in ones, test and lint rule packs, "
        + "scaffold a new rule, generate the control reference.",
    subcommands = {RulesListCommand.class, RulesShowCommand.class, RulesTestCommand.class,
        RulesLintCommand.class, RulesNewCommand.class, RulesDocCommand.class})
final class RulesCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
