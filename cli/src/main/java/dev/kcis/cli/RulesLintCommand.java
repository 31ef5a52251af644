package dev.kcis.cli;

import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.RuleLint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kcis rules lint}: compile errors, metadata, ids, test coverage and profile entries. */
@Command(name = "lint", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = {"Checks rule packs (or, without DIR, the built-in rules): DRL compile errors as "
        + "FILE:LINE:COL, missing or malformed metadata, duplicate ids, mapping ids unknown to the "
        + "framework catalogs, rules without a PASS, a FAIL and a missing-evidence case, profile "
        + "entries pointing at no rule or setting parameters their rules do not take."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no problem", ExitCode.HELP_INTERNAL, ExitCode.HELP_USAGE,
        "3:problems found, one line each on standard output"})
final class RulesLintCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", arity = "0..*",
      description = "Rule packs to lint; without one, the built-in rules.")
  List<Path> packs = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "DIR",
      description = "A rule pack to lint, as DIR (the option other commands take). Repeatable.")
  List<Path> rulesOption = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces.")
  boolean verbose;

  @Override
  public Integer call() {
    packs.addAll(rulesOption);
    List<String> problems = packs.isEmpty() ? RuleLint.builtIn() : RuleLint.packs(packs);
    PrintWriter out = spec.commandLine().getOut();
    problems.forEach(p -> out.println(Kcis.oneLine(p)));
    out.flush();
    for (Path pack : packs) {
      if (!java.nio.file.Files.exists(pack.resolve(ComplianceEngine.PACK_PROFILE),
          java.nio.file.LinkOption.NOFOLLOW_LINKS) && java.nio.file.Files.isDirectory(pack)) {
        spec.commandLine().getErr().println("kcis: rule pack " + pack + " has no "
            + ComplianceEngine.PACK_PROFILE + ": kcis eval reports its rules under a section of "
            + "its own, one control per rule (add a " + ComplianceEngine.PACK_PROFILE
            + " to choose control ids)");
      }
    }
    spec.commandLine().getErr().println("kcis: " + (problems.isEmpty() ? "no problems"
        : problems.size() + " problem" + (problems.size() == 1 ? "" : "s")) + " in "
        + (packs.isEmpty() ? "the built-in rules"
            : String.join(", ", packs.stream().map(Path::toString).toList())));
    return problems.isEmpty() ? ExitCode.OK : ExitCode.INVALID_INPUT;
  }
}
