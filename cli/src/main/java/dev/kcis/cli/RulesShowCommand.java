package dev.kcis.cli;

import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.RuleDescription;
import dev.kcis.engine.RuleParameter;
import dev.kcis.engine.RuleTests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kcis rules show}: one control or rule, with its metadata, mappings and test cases. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = "Shows a control (e.g. 1.2.1) or a rule (e.g. kubelet-anonymous-auth): what it "
        + "finds, how to fix it, its mappings with provenance, where its DRL lives and its test "
        + "cases.")
final class RulesShowCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  RuleSelection selection;

  @Parameters(paramLabel = "ID", description = "A control id of the profile, or a rule id.")
  String id;

  @Override
  public Integer call() {
    ComplianceEngine engine = selection.engine(spec);
    PrintWriter out = spec.commandLine().getOut();
    List<RuleTests.Case> cases = cases();
    var control = engine.profile().control(id);
    if (control.isPresent()) {
      Control c = control.get();
      out.printf("%s %s%n", c.id(), c.title());
      out.printf("  profile:     %s (%s %s)%n", engine.profile().id(), engine.profile().name(),
          engine.profile().version());
      out.printf("  assessment:  %s in the benchmark; %s%n", c.assessment(),
          RulesListCommand.decided(c, engine.rules()) ? "kcis decides it from evidence"
              : "a person reviews it");
      if (!c.disabledRules().isEmpty()) {
        out.printf("  disabled:    %s%n", String.join(", ", c.disabledRules()));
      }
      if (c.rules().isEmpty() && c.review() != null) {
        out.printf("  review:      %s%n", c.review());
      }
      if (c.notApplicable() != null) {
        out.printf("  not applicable: %s%n", c.notApplicable());
      }
      c.exemptions().forEach((platform, reason) ->
          out.printf("  exempt on %s (unless --strict): %s%n", platform, reason));
      if (!c.params().isEmpty()) {
        out.printf("  params:      %s%n", c.params().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
      }
      if (c.remediation() != null) {
        out.printf("  remediation: %s%n", c.remediation());
      }
      for (String rule : c.rules()) {
        out.println();
        rule(out, engine.rules().get(rule), engine, cases);
      }
    } else if (engine.rules().containsKey(id)) {
      rule(out, engine.rules().get(id), engine, cases);
    } else {
      throw new CommandLine.ParameterException(spec.commandLine(), "no control or rule '" + id
          + "' in " + engine.profile().id() + " (kcis rules list shows them)");
    }
    out.flush();
    return ExitCode.OK;
  }

  private void rule(PrintWriter out, RuleDescription rule, ComplianceEngine engine,
      List<RuleTests.Case> cases) {
    List<String> controls = new ArrayList<>();
    for (Control c : engine.profile().controls()) {
      if (c.rules().contains(rule.id())) {
        controls.add(c.id());
      }
    }
    out.printf("rule %s%n", rule.id());
    out.printf("  controls:    %s%n", controls.isEmpty() ? "(none in " + engine.profile().id() + ")"
        : engine.profile().id() + " " + String.join(", ", controls));
    out.printf("  scope:       %s%n", rule.scope());
    if (rule.message() != null) {
      out.printf("  finds:       %s%n", rule.message());
    }
    if (rule.review() != null) {
      out.printf("  review:      %s%n", rule.review());
    }
    if (rule.decision() != null) {
      out.printf("  decision:    %s%n", rule.decision());
    }
    for (RuleParameter p : rule.params()) {
      out.printf("  param:       %s (%s, default %s)%s%n", p.name(), p.type(), p.defaultValue(),
          p.description() == null ? "" : ": " + p.description());
    }
    out.printf("  remediation: %s%n", rule.remediation());
    out.printf("  source:      %s%n", rule.origin());
    out.println("  mappings:");
    for (Mapping m : rule.mappings()) {
      out.printf("    %-18s %-10s %-11s %s%n", m.framework(), m.id(), m.provenance(),
          m.title() == null ? "" : m.title());
      out.printf("    %-18s %-10s %-11s basis: %s%n", "", "", "", m.basis());
    }
    List<RuleTests.Case> own = cases.stream().filter(c -> c.rule().equals(rule.id())).toList();
    out.printf("  test cases:  %d%n", own.size());
    for (RuleTests.Case c : own) {
      out.printf("    - %s -> %s  (%s)%n", c.name(), c.expected(), c.file());
    }
  }

  private List<RuleTests.Case> cases() {
    List<RuleTests.Case> cases = new ArrayList<>(RuleTests.forBuiltInRules().builtInCases());
    for (Path pack : selection.rulePacks) {
      cases.addAll(RuleTests.load(pack));
    }
    return cases;
  }
}
