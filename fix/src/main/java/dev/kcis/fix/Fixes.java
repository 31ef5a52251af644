package dev.kcis.fix;

import dev.kcis.bundle.FactBundle;
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

  /** How many results {@link #attach} computes exact changes for. */
  public static final int MAX_ATTACHED = 500;

  private final Map<String, RuleDescription> rules;
  private final Map<String, Path> roots;
  private final Map<String, Map<String, FactBundle.Component>> components;

  private Fixes(Map<String, RuleDescription> rules, Map<String, Path> roots,
      Map<String, Map<String, FactBundle.Component>> components) {
    this.rules = Map.copyOf(rules);
    this.roots = Map.copyOf(roots);
    this.components = Map.copyOf(components);
  }

  /** The fixes the engine's rules declare; files are read where the evidence names them. */
  public static Fixes of(ComplianceEngine engine) {
    return of(engine.rules());
  }

  /** The fixes these rules declare (e.g. {@link ComplianceEngine#rules()}). */
  public static Fixes of(Map<String, RuleDescription> rules) {
    return new Fixes(Objects.requireNonNull(rules, "rules"), Map.of(), Map.of());
  }

  /**
   * These fixes with the evidence's nodes: where each component was found (the static pod
   * manifest that gets a flag nothing set yet), and the filesystem root each node was collected
   * from, by node name ({@code kcis scan --root DIR}): a node's files
   * ({@code /etc/kubernetes/manifests/...}) are read below its root. A node without a root never
   * has its files read (they may be this machine's own): its fixes are commands and suggestions.
   */
  public Fixes withNodes(List<FactBundle> bundles, Map<String, Path> nodeRoots) {
    Map<String, Map<String, FactBundle.Component>> byNode = new java.util.HashMap<>();
    for (FactBundle bundle : bundles) {
      for (FactBundle.Node node : bundle.nodes()) {
        Map<String, FactBundle.Component> kinds = byNode.computeIfAbsent(node.name(),
            k -> new java.util.HashMap<>());
        node.components().forEach(c -> kinds.putIfAbsent(c.kind(), c));
      }
    }
    return new Fixes(rules, Objects.requireNonNull(nodeRoots, "nodeRoots"), byNode);
  }

  /** Where a file the evidence names is read: below its node's root, or as named for manifests. */
  private Path resolve(String node, String file) {
    if (node == null) {
      return Path.of(file);
    }
    Path root = roots.get(node);
    if (root == null) {
      return null;
    }
    // A node's file is changed only where it really is below the root: a link that leads out
    // of a copied tree must not change this machine's own files.
    try {
      Path real = root.resolve(file.startsWith("/") ? file.substring(1) : file).toRealPath();
      return real.startsWith(root.toRealPath()) ? real : null;
    } catch (java.io.IOException e) {
      return null;
    }
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
      String commands = String.join("\n", plan.commands().stream()
          .map(FixPlan.Command::command).toList());
      return Optional.of(new Fix(Fix.COMMAND, plan.descriptionOf(result),
          plan.commands().get(0).file(), 0, commands, List.of()));
    }
    return plan.suggestions().stream().findFirst()
        .map(s -> new Fix(Fix.SUGGESTION, s.text(), s.file(), s.line(), s.operations(),
            List.of()));
  }

  /**
   * The report with each FAIL and WARN result's fix attached ({@link Result#fix()}), for the
   * report writers. Each exact edit reads and parses its file: past {@link #MAX_ATTACHED} of
   * them, results get their declared operations as a suggestion ({@code kcis fix} gives the
   * exact change), so that a report on thousands of objects stays fast.
   */
  public Report attach(Report report) {
    List<Result> results = new ArrayList<>();
    int computed = 0;
    for (Result r : report.results()) {
      if (!needsFix(r) || !fixable(r.rule())) {
        results.add(r);
      } else if (computed++ < MAX_ATTACHED) {
        results.add(forResult(r).map(r::withFix).orElse(r));
      } else {
        results.add(r.withFix(new Fix(Fix.SUGGESTION, "run kcis fix for the exact change: "
            + rules.get(r.rule()).fix(), null, 0, rules.get(r.rule()).fix(), List.of())));
      }
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
    Changes changes = new Changes(this::resolve, components);
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
