package dev.kcis.engine.internal;

import dev.kcis.engine.Control;
import dev.kcis.engine.Evidence;
import dev.kcis.engine.Profile;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Maps rule verdicts onto the controls of a profile: every control gets at least one result. */
final class ReportAssembler {

  private ReportAssembler() {}

  /** Where a generic profile's user finds the platform's own benchmark. */
  private static String suggestion(Profile profile, String platform) {
    String own = ProfileSelector.forPlatform(platform);
    return own == null || own.equals(profile.id()) ? ""
        : " (--benchmark " + own + " covers what they can)";
  }

  static Report assemble(Profile profile, Map<String, RuleInfo> rules, RuleVariants variants,
      Map<String, List<Verdict>> verdictsByRule, dev.kcis.engine.internal.Evidence evidence,
      String version, dev.kcis.facts.Semantics semantics) {
    List<Result> results = new ArrayList<>();
    List<Report.ControlStatus> statuses = new ArrayList<>();
    Map<String, dev.kcis.facts.Node> workers = new java.util.HashMap<>();
    evidence.nodes().stream().filter(dev.kcis.facts.Node::isWorker)
        .forEach(n -> workers.put(n.getName(), n));
    String platform = evidence.cluster().platform();
    for (Control control : profile.controls()) {
      if (control.notApplicable() != null) {
        results.add(new Result(control.id(), control.title(), Status.NOT_APPLICABLE, "cluster",
            null, control.notApplicable(), null, null, List.of()));
        statuses.add(new Report.ControlStatus(control.id(), control.title(), control.section(),
            Status.NOT_APPLICABLE, false));
        continue;
      }
      boolean controlPlane = Profile.CONTROL_PLANE.equals(profile.targetOf(control));
      if (controlPlane && Platforms.managed(platform)) {
        // The provider runs the control plane: none of its checks is the cluster users' to make.
        RuleInfo first = control.rules().isEmpty() ? null : rules.get(control.rules().get(0));
        results.add(new Result(control.id(), control.title(), Status.NOT_APPLICABLE, "cluster",
            first == null ? null : first.id(),
            Platforms.managedReason(platform) + ": its users cannot inspect or configure it, so "
                + "this control-plane recommendation is the provider's"
                + suggestion(profile, platform), null,
            first == null ? null : control.remediation() != null ? control.remediation()
                : dev.kcis.engine.RuleParameter.render(first.remediation(),
                    variants.values(control.id(), first.id())),
            first == null ? List.of() : first.mappings()));
        statuses.add(new Report.ControlStatus(control.id(), control.title(), control.section(),
            Status.NOT_APPLICABLE, control.rules().stream()
                .anyMatch(r -> !rules.get(r).manual())));
        continue;
      }
      List<Result> own = new ArrayList<>();
      if (control.rules().isEmpty() && !control.disabledRules().isEmpty()) {
        own.add(new Result(control.id(), control.title(), Status.MANUAL, "cluster", null,
            "the profile disables " + String.join(", ", control.disabledRules())
                + ": review this control by hand", null, null, List.of()));
      } else if (control.rules().isEmpty()) {
        boolean manual = control.assessment().equals("Manual");
        own.add(new Result(control.id(), control.title(),
            manual ? Status.MANUAL : Status.INCONCLUSIVE, "cluster", null,
            manual ? "review: " + control.review()
                : "kcis does not decide this control yet; review: " + control.review(),
            null, null, List.of()));
      }
      for (String ruleId : control.rules()) {
        RuleInfo rule = rules.get(ruleId);
        String variant = variants.of(control.id(), ruleId);
        String remediation = control.remediation() != null ? control.remediation()
            : dev.kcis.engine.RuleParameter.render(rule.remediation(),
                variants.values(control.id(), ruleId));
        java.util.Set<String> workersSeen = new java.util.LinkedHashSet<>();
        for (Verdict v : verdictsByRule.getOrDefault(ruleId, List.of())) {
          if (!java.util.Objects.equals(v.variant(), variant)) {
            continue; // the verdicts of the rule run with another control's parameter values
          }
          if (controlPlane && v.node() != null && workers.containsKey(v.node())) {
            workersSeen.add(v.node()); // a check of control-plane nodes does not apply on workers
            continue;
          }
          // A profile states how to review a manual check on its platform (the commands to run).
          String message = v.status() == Status.MANUAL && rule.manual() && control.review() != null
              ? "review: " + control.review() : v.message();
          own.add(new Result(control.id(), control.title(), v.status(), v.target(), ruleId,
              message, new Evidence(v.expected(), v.observed()), remediation,
              rule.mappings()));
        }
        for (String node : workersSeen) {
          dev.kcis.facts.Node worker = workers.get(node);
          own.add(new Result(control.id(), control.title(), Status.NOT_APPLICABLE,
              worker.getTarget(), ruleId, Completion.workerReason(worker, "this recommendation "
                  + "concerns control-plane nodes"), null, remediation, rule.mappings()));
        }
      }
      own = exempt(control, own, platform != null ? platform : profile.platform(), semantics);
      own.sort(Comparator.comparing(Result::target).thenComparing(Result::status)
          .thenComparing(r -> r.rule() == null ? "" : r.rule()));
      Status status = own.stream().map(Result::status).reduce(Status.NOT_APPLICABLE, Status::worst);
      boolean decided = control.rules().stream().anyMatch(r -> !rules.get(r).manual());
      statuses.add(new Report.ControlStatus(control.id(), control.title(), control.section(), status,
          decided));
      results.addAll(own);
    }
    return new Report(profile, Instant.now(), version, evidence.cluster(), evidence.origins(),
        statuses, results, List.of(), semantics);
  }

  /**
   * Applies an exception the recommendation grants on the cluster's platform: by default each
   * result becomes NOT_APPLICABLE with the reason, its evidence kept; a strict evaluation keeps
   * the verdicts and says in each finding's message that CIS would exempt it.
   */
  private static List<Result> exempt(Control control, List<Result> own, String platform,
      dev.kcis.facts.Semantics semantics) {
    String reason = platform == null ? null : control.exemptions().get(platform);
    if (reason == null) {
      return own;
    }
    List<Result> out = new ArrayList<>();
    for (Result r : own) {
      if (!semantics.isStrict()) {
        String found = r.status() == Status.PASS || r.message() == null ? ""
            : " (found: " + r.message() + ")";
        out.add(new Result(r.control(), r.title(), Status.NOT_APPLICABLE, r.target(), r.rule(),
            "not applicable on " + platform + ": " + reason + found
                + "; --strict judges it anyway", r.evidence(), r.remediation(), r.mappings()));
      } else if (r.status() == Status.FAIL || r.status() == Status.WARN) {
        out.add(new Result(r.control(), r.title(), r.status(), r.target(), r.rule(),
            r.message() + " (judged strictly: CIS exempts " + platform + ", " + reason + ")",
            r.evidence(), r.remediation(), r.mappings()));
      } else {
        out.add(r);
      }
    }
    return out;
  }
}
