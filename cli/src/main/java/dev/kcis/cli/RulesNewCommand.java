package dev.kcis.cli;

import dev.kcis.cli.internal.RuleTemplates;
import dev.kcis.core.KcisException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code kcis rules new}: scaffolds a rule and its test cases that pass lint and test. */
@Command(name = "new", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = {"Scaffolds a rule: DIR/ID.drl and DIR/tests/ID.yaml with a PASS, a FAIL and a "
        + "missing-evidence case, for the fact kind the rule judges. They pass `kcis rules lint` "
        + "and `kcis rules test` as written; edit both to your policy."})
final class RulesNewCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The rule id: lower-case words joined by dashes, "
      + "naming the weakness (e.g. service-nodeport).")
  String id;

  @Option(names = "--target", paramLabel = "KIND", required = true,
      description = "The fact the rule judges: ${COMPLETION-CANDIDATES}.")
  RuleTemplates.Target target;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
      description = "The rule pack directory. Default: the current directory.")
  Path dir;

  @Option(names = "--package", paramLabel = "NAME", defaultValue = "custom.rules",
      description = "The DRL package. Default: ${DEFAULT-VALUE}.")
  String packageName;

  @Option(names = {"-v", "--verbose"}, description = "Show stack traces.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "rule id '" + id
          + "' must be lower-case words joined by dashes, e.g. service-nodeport");
    }
    if (!packageName.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "'" + packageName
          + "' is not a DRL package name (e.g. acme.rules)");
    }
    Path drl = dir.resolve(id + ".drl");
    Path cases = dir.resolve("tests").resolve(id + ".yaml");
    for (Path existing : new Path[] {drl, cases}) {
      if (Files.exists(existing)) {
        throw new KcisException(existing + " exists: choose another id, or remove it first");
      }
    }
    Files.createDirectories(cases.getParent());
    Files.writeString(drl, RuleTemplates.drl(target, id, packageName), StandardCharsets.UTF_8);
    Files.writeString(cases, RuleTemplates.cases(target, id), StandardCharsets.UTF_8);
    spec.commandLine().getOut().printf("wrote %s%nwrote %s%nnext: kcis rules lint %s && kcis rules "
        + "test %s%n", drl, cases, dir, dir);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
