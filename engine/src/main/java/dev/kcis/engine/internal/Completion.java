package dev.kcis.engine.internal;

import dev.kcis.engine.Status;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.Component;
import dev.kcis.facts.Node;
import dev.kcis.facts.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fail-closed completion: after the rules fired, every target in a rule's scope that got no verdict
 * gets INCONCLUSIVE with the reason (the collection errors that explain it, or what is missing).
 * Missing evidence never becomes a PASS; the only PASS the engine adds is for a rule over API
 * objects that found no offending object among kinds held in full.
 */
final class Completion {

  private static final Set<String> CONTROL_PLANE = FactAssembler.CONTROL_PLANE;

  private Completion() {}

  /**
   * The verdicts to add for one variant of a rule ({@link RuleVariants}); {@code got} holds the
   * verdicts the rule reported for that variant, {@code interrupted} why its evaluation stopped
   * early, or {@code null}.
   */
  static List<Verdict> complete(RuleInfo rule, List<Verdict> got, Evidence evidence,
      String interrupted, String variant) {
    return completeInterrupted(rule, got, evidence, interrupted).stream()
        .map(v -> v.withVariant(variant)).toList();
  }

  /**
   * The verdicts to add to a rule's own. A rule whose evaluation was {@code interrupted} (it
   * failed, looped, ran out of time) gets INCONCLUSIVE with that reason for every target it did
   * not judge, or for the cluster when it judged them all, and never the PASS of an empty finding.
   */
  private static List<Verdict> completeInterrupted(RuleInfo rule, List<Verdict> got,
      Evidence evidence, String interrupted) {
    if (interrupted == null) {
      return complete(rule, got, evidence);
    }
    List<Verdict> added = new ArrayList<>();
    Scope scope = rule.scope();
    if (scope.type() == Scope.Type.COMPONENT) {
      for (Component component : evidence.components()) {
        if (component.getKind().equals(scope.component())
            && got.stream().noneMatch(v -> v.scope().equals(component.getTarget()))) {
          added.add(verdict(rule, Status.INCONCLUSIVE, component.getTarget(),
              component.getTarget(), component.getNode(), interrupted));
        }
      }
    } else if (scope.type() == Scope.Type.NODE) {
      for (Node node : evidence.nodes()) {
        if (got.stream().noneMatch(v -> node.getName().equals(v.node()))) {
          added.add(verdict(rule, Status.INCONCLUSIVE, node.getTarget(), node.getTarget(),
              node.getName(), interrupted));
        }
      }
    }
    if (added.isEmpty()) {
      added.add(verdict(rule, Status.INCONCLUSIVE, "cluster", "cluster", null, interrupted));
    }
    return added;
  }

  static List<Verdict> complete(RuleInfo rule, List<Verdict> got, Evidence evidence) {
    List<Verdict> added = new ArrayList<>();
    Scope scope = rule.scope();
    switch (scope.type()) {
      case COMPONENT -> {
        List<Component> targets = evidence.components().stream()
            .filter(c -> c.getKind().equals(scope.component())).toList();
        boolean workersOnly = !evidence.nodes().isEmpty()
            && evidence.nodes().stream().allMatch(Node::isWorker);
        if (targets.isEmpty()) {
          String platform = evidence.cluster().platform();
          if (CONTROL_PLANE.contains(scope.component()) && Platforms.managed(platform)) {
            added.add(verdict(rule, Status.NOT_APPLICABLE, "cluster", "cluster", null,
                Platforms.managedReason(platform) + ": " + scope.component()
                    + " cannot be inspected or configured by the cluster's users"));
          } else if (CONTROL_PLANE.contains(scope.component()) && workersOnly) {
            // Every node in the evidence is a worker: the check is not one of theirs. Which nodes
            // run the control plane is not in the evidence; collect one of them to judge it.
            for (Node node : evidence.nodes()) {
              added.add(verdict(rule, Status.NOT_APPLICABLE, node.getTarget(), node.getTarget(),
                  node.getName(), workerReason(node, scope.component() + " runs on control-plane "
                      + "nodes, and no control-plane node is in the evidence")));
            }
          } else {
            added.add(verdict(rule, Status.INCONCLUSIVE, "cluster", "cluster", null,
                "no " + scope.component() + " found in the evidence" + nodesSeen(evidence)
                    + because(evidence.issues().stream()
                        .filter(i -> scope.component().equals(i.getComponent())).toList())));
          }
        }
        for (Component component : targets) {
          boolean judged = got.stream().anyMatch(v -> v.scope().equals(component.getTarget()));
          if (!judged) {
            added.add(verdict(rule, Status.INCONCLUSIVE, component.getTarget(),
                component.getTarget(), component.getNode(),
                "the evidence holds no value this rule reads for " + component.getTarget()
                    + because(issuesOf(evidence, component.getNode(), component.getKind()))));
          }
        }
      }
      case NODE -> {
        if (evidence.nodes().isEmpty()) {
          added.add(verdict(rule, Status.INCONCLUSIVE, "cluster", "cluster", null,
              "the bundles hold no node evidence (collect it with `kcis collect node`)"));
        }
        for (Node node : evidence.nodes()) {
          boolean judged = got.stream().anyMatch(v -> node.getName().equals(v.node()));
          if (!judged) {
            added.add(verdict(rule, Status.INCONCLUSIVE, node.getTarget(), node.getTarget(),
                node.getName(), "the evidence holds nothing this rule reads on " + node.getTarget()
                    + because(issuesOf(evidence, node.getName(), null))));
          }
        }
      }
      case CLUSTER -> {
        if (got.isEmpty()) {
          added.add(verdict(rule, Status.INCONCLUSIVE, "cluster", "cluster", null,
              "the evidence holds nothing this rule reads" + because(evidence.issues().stream()
                  .filter(i -> i.getNode() == null).toList())));
        }
      }
      case OBJECTS -> {
        // Kinds a collector failed to list leave the answer open; kinds held (listed in full, or
        // present in the manifests given) are the evidence a PASS stands on. After an API
        // listing, a PASS needs every kind of the scope held; manifests hold what their files
        // hold, and their PASS names the kinds it covers and those the files have none of.
        List<String> held = scope.kinds().stream()
            .filter(k -> evidence.inventory().containsKey(k)).toList();
        List<String> broken = scope.kinds().stream()
            .filter(k -> evidence.issues().stream().anyMatch(i -> k.equals(i.getKind()))).toList();
        List<String> unseen = scope.kinds().stream()
            .filter(k -> !held.contains(k) && !broken.contains(k)).toList();
        for (String kind : broken) {
          added.add(verdict(rule, Status.INCONCLUSIVE, "cluster", "cluster", null,
              "the evidence holds no complete or unambiguous list of " + kind + " objects"
                  + because(evidence.issues().stream().filter(i -> kind.equals(i.getKind()))
                      .toList())));
        }
        if (held.isEmpty() && broken.isEmpty()) {
          added.add(verdict(rule, Status.INCONCLUSIVE, "cluster", "cluster", null,
              "the evidence holds no " + String.join(", ", scope.kinds()) + " objects (collect "
                  + "them with `kcis collect cluster` or `kcis collect manifests`)"));
        }
        boolean offending = got.stream().anyMatch(v -> v.status() == Status.FAIL
            || v.status() == Status.WARN || v.status() == Status.INCONCLUSIVE);
        if (!held.isEmpty() && broken.isEmpty() && !offending) {
          List<Observation> examined = new ArrayList<>(held.stream()
              .map(k -> new Observation(k, evidence.inventory().get(k) + " examined, none offending",
                  "api-object", "inventory", null))
              .toList());
          if (unseen.isEmpty()) {
            added.add(new Verdict(rule.id(), Status.PASS, "cluster", "cluster", null, null,
                "no offending " + String.join(" or ", scope.kinds()) + " object", examined));
          } else if (evidence.listed()) {
            unseen.forEach(k -> examined.add(new Observation(k, null, "api-object", "inventory",
                null)));
            added.add(new Verdict(rule.id(), Status.INCONCLUSIVE, "cluster", "cluster", null,
                "no offending " + String.join(" or ", held) + " object, but " + String.join(", ",
                    unseen) + " objects were not collected: a PASS needs every kind this rule "
                    + "reads (collect them with `kcis collect cluster`)", null, examined));
          } else {
            unseen.forEach(k -> examined.add(new Observation(k, "none in the manifests given",
                "api-object", "inventory", null)));
            added.add(new Verdict(rule.id(), Status.PASS, "cluster", "cluster", null,
                "covers the manifests given: " + String.join(", ", held) + "; they hold no "
                    + String.join(", ", unseen) + " objects",
                "no offending " + String.join(" or ", held) + " object in the manifests given",
                examined));
          }
        }
      }
      case MANUAL -> {
        if (got.isEmpty()) {
          added.add(verdict(rule, Status.MANUAL, "cluster", "cluster", null,
              "review: " + rule.review()));
        }
      }
      default -> throw new IllegalStateException("unknown scope " + scope);
    }
    return added;
  }

  /** Why a control-plane check does not apply on a worker node. */
  static String workerReason(Node node, String what) {
    return node.getName() + " is " + node.getWorkerBasis() + "; " + what;
  }

  private static List<CollectionIssue> issuesOf(Evidence evidence, String node, String component) {
    return evidence.issues().stream()
        .filter(i -> node.equals(i.getNode())
            && (component == null || i.getComponent() == null || component.equals(i.getComponent())))
        .toList();
  }

  private static String nodesSeen(Evidence evidence) {
    if (evidence.nodes().isEmpty()) {
      return " (the bundles hold no node evidence)";
    }
    return " (nodes examined: " + evidence.nodes().stream().map(Node::getName)
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String because(List<CollectionIssue> issues) {
    if (issues.isEmpty()) {
      return "";
    }
    String shown = issues.stream().limit(3).map(i -> i.getItem() + ": " + i.getMessage())
        .collect(Collectors.joining("; "));
    return "; collection errors: " + shown + (issues.size() > 3 ? "; and " + (issues.size() - 3)
        + " more" : "");
  }

  private static Verdict verdict(RuleInfo rule, Status status, String target, String scope,
      String node, String message) {
    return new Verdict(rule.id(), status, target, scope, node, message, null, List.of());
  }
}
