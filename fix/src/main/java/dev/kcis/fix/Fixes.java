package dev.kcis.fix;

import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Fix;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.RuleDescription;
import dev.kcis.engine.Status;
import dev.kcis.fix.internal.Changes;
import dev.kcis.fix.internal.FixSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns results into the exact changes that make them comply, without touching any file: text
 * edits of manifests, static pod manifests and kubelet config files that keep their comments and
 * layout, {@code chmod}/{@code chown} commands, and suggestions where a person must decide
 * (docs/fix.md). Fixes are declared by rules as data ({@code @fix}); which file and where come
 * from the result's evidence. Immutable and thread-safe.
 *
 * <pre>
 * Fixes fixes = Fixes.of(engine);
 * Report report = engine.evaluate(bundle);
 * for (Result r : report.results()) {
 *   fixes.forResult(r).ifPresent(fix -&gt; System.out.print(fix.patch()));
 * }
 * FixPlan plan = fixes.plan(report.results());  // every change, combined per file
 * </pre>
 */
public final class Fixes {

  private final Map<String, RuleDescription> rules;
  private final Function<String, Path> files;

  private Fixes(Map<String, RuleDescription> rules, Function<String, Path> files) {
    this.rules = Map.copyOf(rules);
    this.files = files;
  }

  /** The fixes the engine's rules declare; files are read where the evidence names them. */
  public static Fixes of(ComplianceEngine engine) {
    return of(engine.rules());
  }

  /** The fixes these rules declare (e.g. {@link ComplianceEngine#rules()}). */
  public static Fixes of(Map<String, RuleDescription> rules) {
    return new Fixes(Objects.requireNonNull(rules, "rules"), Path::of);
  }

  /**
   * These fixes for a node collected from {@code root} ({@code kcis collect node --root DIR}):
   * node paths in the evidence ({@code /etc/kubernetes/manifests/...}) are read below it.
   */
  public Fixes underRoot(Path root) {
    Objects.requireNonNull(root, "root");
    return new Fixes(rules, name -> name.startsWith("/") ? root.resolve(name.substring(1))
        : Path.of(name));
  }

  /** Whether the rule declares a machine-applicable fix. */
  public boolean fixable(String ruleId) {
    RuleDescription rule = ruleId == null ? null : rules.get(ruleId);
    return rule != null && rule.fix() != null;
  }

  /**
   * The change that makes {@code result} comply, read from its file as it is now: an edit (with
   * its unified diff and text replacements), a command, or a suggestion with the reason the
   * change cannot be made exactly. Empty for results that are not FAIL or WARN and for rules
   * without {@code @fix}.
   */
  public Optional<Fix> forResult(Result result) {
    Objects.requireNonNull(result, "result");
    if (!needsFix(result) || !fixable(result.rule())) {
      return Optional.empty();
    }
    FixPlan plan = plan(List.of(result));
    if (!plan.changes().isEmpty()) {
      FileChange change = plan.changes().get(0);
      return Optional.of(change.asFix(plan.descriptionOf(result)));
    }
    if (!plan.commands().isEmpty()) {
      FixPlan.Command c = plan.commands().get(0);
      return Optional.of(new Fix(Fix.COMMAND, c.description(), c.file(), 0, c.command(),
          List.of()));
    }
    return plan.suggestions().stream().findFirst()
        .map(s -> new Fix(Fix.SUGGESTION, s.text(), s.file(), s.line(), s.operations(),
            List.of()));
  }

  /** The report with each result's fix attached ({@link Result#fix()}), for the report writers. */
  public Report attach(Report report) {
    List<Result> results = new ArrayList<>();
    for (Result r : report.results()) {
      results.add(forResult(r).map(r::withFix).orElse(r));
    }
    return new Report(report.profile(), report.generatedAt(), report.kcisVersion(),
        report.cluster(), report.inputs(), report.controls(), results, report.waivers(),
        report.semantics(), report.digests());
  }

  /**
   * Every change the FAIL and WARN results need, combined per file (several results may edit one
   * file, one object, one container), the commands for file modes and owners, and a suggestion
   * for every result that needs a decision or whose file cannot be edited exactly.
   */
  public FixPlan plan(List<Result> results) {
    Changes changes = new Changes(files);
    for (Result r : results) {
      if (!needsFix(r)) {
        continue;
      }
      RuleDescription rule = r.rule() == null ? null : rules.get(r.rule());
      if (rule == null || rule.fix() == null) {
        changes.suggest(r, rule == null ? null : rule.remediation(), null);
        continue;
      }
      changes.add(r, FixSpec.parse(rule.fix()));
    }
    return changes.plan();
  }

  private static boolean needsFix(Result r) {
    return r.status() == Status.FAIL || r.status() == Status.WARN;
  }
}
