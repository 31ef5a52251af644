package dev.kcis.bench.jmh;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.Status;
import dev.kcis.engine.internal.BenchmarkSteps;
import dev.kcis.facts.Binding;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.Component;
import dev.kcis.facts.Container;
import dev.kcis.facts.Fact;
import dev.kcis.facts.KubeObject;
import dev.kcis.facts.RoleGrant;
import dev.kcis.facts.Setting;
import dev.kcis.facts.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fifteen checks of the JMH ratio (bench-jmh's ratio-profile.yaml) written as one plain Java
 * loop, the baseline the rule engine's cost is measured against (docs/performance.md).
 *
 * <p>It starts where the engine starts: the bundles, turned into facts by the engine's own fact
 * building ({@link BenchmarkSteps#assemble}, the entry point the engine keeps for these
 * benchmarks). Then one pass over the facts makes the verdicts the rules make, one per
 * control, status and target as the engine's verdict collector keeps them, with the text of what
 * was expected; then the fail-closed completion the engine does for these scopes (an object rule
 * that found nothing offending PASSes on the cluster when every kind it reads was listed; a kubelet
 * with no verdict is INCONCLUSIVE). What it does not do is what comes after verdicts in the engine
 * too: the report (titles, mappings, evidence lists, scores). The semantics are the default ones
 * (CIS, not strict).
 */
public final class PlainChecks {

  /** One verdict: a control, what was judged and how. */
  public record Finding(String control, Status status, String target, String expected) {}

  private static final Set<String> WORKLOAD_KINDS = Set.of("Pod", "Deployment", "StatefulSet",
      "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob");
  private static final List<String> WORKLOAD_SCOPE = List.of("Pod", "Deployment", "StatefulSet",
      "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob");
  private static final List<String> DEFAULT_NS_SCOPE = List.of("Pod", "Deployment", "StatefulSet",
      "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "Service", "ConfigMap",
      "Secret", "ServiceAccount", "Role", "RoleBinding", "PersistentVolumeClaim", "Ingress");
  private static final Set<String> NOT_USER_OBJECTS = Set.of("Pod", "Deployment", "StatefulSet",
      "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "Endpoints",
      "EndpointSlice", "Event", "NetworkPolicy", "ResourceQuota", "LimitRange");
  private static final Set<String> NAMESPACED_KINDS = Set.of("Service", "ConfigMap", "Secret",
      "ServiceAccount", "Role", "RoleBinding", "PersistentVolumeClaim", "Ingress",
      "HorizontalPodAutoscaler", "PodDisruptionBudget", "PodTemplate", "ControllerRevision",
      "Lease", "CSIStorageCapacity");
  /** The object controls and the kinds each reads (the rules' @scope). */
  private static final Map<String, List<String>> OBJECT_SCOPES = new LinkedHashMap<>();

  static {
    OBJECT_SCOPES.put("5.1.1", List.of("ClusterRoleBinding"));
    OBJECT_SCOPES.put("5.1.3", List.of("ClusterRole", "Role"));
    for (String control : List.of("5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6", "5.2.7", "5.2.8")) {
      OBJECT_SCOPES.put(control, WORKLOAD_SCOPE);
    }
    OBJECT_SCOPES.put("5.6.4", DEFAULT_NS_SCOPE);
  }

  /** The kubelet controls, in order. */
  private static final List<String> KUBELET_CONTROLS =
      List.of("4.2.1", "4.2.2", "4.2.4", "4.2.6", "4.2.11");

  private final Map<String, Finding> findings = new LinkedHashMap<>();
  /** The controls with a verdict other than PASS. */
  private final Set<String> offended = new HashSet<>();

  private PlainChecks() {}

  /** The verdicts of the fifteen controls on {@code bundles}. */
  public static List<Finding> evaluate(List<FactBundle> bundles) {
    return evaluate(BenchmarkSteps.assemble(bundles));
  }

  /** The verdicts of the fifteen controls on facts already built. */
  public static List<Finding> evaluate(BenchmarkSteps.Facts evidence) {
    PlainChecks checks = new PlainChecks();
    checks.judge(evidence.facts());
    checks.complete(evidence);
    return new ArrayList<>(checks.findings.values());
  }

  /** The facts the engine's rules would see, alone: the step both sides share. */
  public static List<Object> facts(List<FactBundle> bundles) {
    return BenchmarkSteps.assemble(bundles).facts();
  }

  private void judge(List<Object> facts) {
    for (Object fact : facts) {
      if (fact instanceof Container c) {
        container(c);
      } else if (fact instanceof Workload w) {
        if (w.isHostPID()) {
          fail("5.2.3", w, "spec.hostPID unset or false");
        }
        if (w.isHostIPC()) {
          fail("5.2.4", w, "spec.hostIPC unset or false");
        }
        if (w.isHostNetwork()) {
          fail("5.2.5", w, "spec.hostNetwork unset or false");
        }
        if ("default".equals(w.getNamespace())) {
          fail("5.6.4", w, "nothing but Kubernetes' own objects in the default namespace");
        }
      } else if (fact instanceof KubeObject o) {
        if ("default".equals(o.getNamespace()) && defaultNamespaceUserObject(o)) {
          fail("5.6.4", o, "nothing but Kubernetes' own objects in the default namespace");
        }
      } else if (fact instanceof Binding b) {
        if ("ClusterRole".equals(b.getRoleKind()) && "cluster-admin".equals(b.getRoleName())
            && !b.isBuiltIn()) {
          fail("5.1.1", b, "no binding of cluster-admin outside the Kubernetes defaults");
        }
      } else if (fact instanceof RoleGrant g) {
        if (!g.isBuiltInRole() && g.isInEvidence() && g.isWildcard()) {
          fail("5.1.3", g, "no \"*\" in the apiGroups, resources, verbs or nonResourceURLs of "
              + "roles outside the Kubernetes defaults");
        }
      } else if (fact instanceof Setting s && "kubelet".equals(s.getComponent())) {
        kubelet(s);
      }
    }
  }

  private void container(Container c) {
    Fact workload = c.reportedOnWorkload();
    String which = c.getType() + " " + c.getName() + ": ";
    if (c.isPrivileged()) {
      fail("5.2.2", workload, "no container with securityContext.privileged: true");
    }
    boolean windows = c.getWorkload().isWindows();
    if (!windows && c.isPrivilegeEscalationAllowed()) {
      String why = c.getAllowPrivilegeEscalation() == null
          ? "it is unset, and unset allows escalation"
          : Boolean.TRUE.equals(c.getAllowPrivilegeEscalation()) ? "it is true"
          : "privileged and CAP_SYS_ADMIN containers always allow escalation";
      fail("5.2.6", workload, "allowPrivilegeEscalation: false in every container; " + which + why);
    }
    if (c.isMayRunAsRoot()) {
      String why = c.getRunAsUser() != null ? "runAsUser: 0"
          : "neither runAsNonRoot: true nor a non-zero runAsUser, so the image's user (often root) "
              + "decides";
      fail("5.2.7", workload, "runAsNonRoot: true or a non-zero runAsUser for every container; "
          + which + why);
    }
    boolean adds = c.addsCapability("NET_RAW");
    if (!windows && (adds || !c.dropsCapability("NET_RAW"))) {
      String why = adds ? "capabilities.add grants it"
          : "capabilities.drop has neither NET_RAW nor ALL, and the runtime grants it by default";
      fail("5.2.8", workload, "NET_RAW dropped (drop: [ALL] or [NET_RAW]) and not added; " + which
          + why);
    }
  }

  private void kubelet(Setting s) {
    switch (s.getName()) {
      case "authentication.anonymous.enabled" -> verdict("4.2.1", s.isFalse(), s,
          "authentication.anonymous.enabled=false");
      case "authorization.mode" -> verdict("4.2.2", "Webhook".equals(s.getValue()), s,
          "authorization.mode=Webhook");
      case "readOnlyPort" -> {
        if (!s.isExplicit()) {
          verdict("4.2.4", true, s, "--read-only-port and readOnlyPort not defined; CIS checks the"
              + " port only if defined; the kubelet's default here is " + s.getValue());
        } else {
          verdict("4.2.4", "0".equals(s.getValue()), s, "readOnlyPort=0");
        }
      }
      case "makeIPTablesUtilChains" -> verdict("4.2.6", s.isTrue(), s,
          "makeIPTablesUtilChains=true");
      case "featureGates.RotateKubeletServerCertificate" -> verdict("4.2.11", s.isTrue(), s,
          "featureGates.RotateKubeletServerCertificate=true");
      default -> { }
    }
  }

  /** Rule default-namespace-objects' test: an object in default that users created. */
  private static boolean defaultNamespaceUserObject(KubeObject o) {
    String kind = o.getKind();
    String name = o.getName();
    if (NOT_USER_OBJECTS.contains(kind)) {
      return false;
    }
    if (o.get("metadata.namespace") == null && !NAMESPACED_KINDS.contains(kind)) {
      return false;
    }
    if (o.get("metadata.ownerReferences") instanceof List<?> owners && !owners.isEmpty()) {
      return false;
    }
    if (("Service".equals(kind) && "kubernetes".equals(name))
        || ("ServiceAccount".equals(kind) && "default".equals(name))
        || ("ConfigMap".equals(kind) && "kube-root-ca.crt".equals(name))) {
      return false;
    }
    return !("Secret".equals(kind) && "kubernetes.io/service-account-token".equals(o.get("type"))
        && o.get("metadata.annotations") instanceof Map<?, ?> annotations
        && "default".equals(annotations.get("kubernetes.io/service-account.name")));
  }

  /** The engine's completion for these scopes (Completion: COMPONENT and OBJECTS). */
  private void complete(BenchmarkSteps.Facts evidence) {
    for (String control : KUBELET_CONTROLS) {
      for (Component component : evidence.components()) {
        if ("kubelet".equals(component.getKind())
            && !judged(control, component.getTarget())) {
          record(control, Status.INCONCLUSIVE, component.getTarget(),
              "the evidence holds no value this rule reads for " + component.getTarget());
        }
      }
    }
    for (Map.Entry<String, List<String>> scope : OBJECT_SCOPES.entrySet()) {
      String control = scope.getKey();
      List<String> held = new ArrayList<>();
      List<String> broken = new ArrayList<>();
      List<String> unseen = new ArrayList<>();
      for (String kind : scope.getValue()) {
        if (evidence.inventory().containsKey(kind)) {
          held.add(kind);
        } else if (issueNames(evidence.issues(), kind)) {
          broken.add(kind);
        } else {
          unseen.add(kind);
        }
      }
      if (!broken.isEmpty() || held.isEmpty()) {
        record(control, Status.INCONCLUSIVE, "cluster", "no complete list of " + scope.getValue());
      } else if (!offended.contains(control)) {
        record(control, unseen.isEmpty() || !evidence.listed() ? Status.PASS : Status.INCONCLUSIVE,
            "cluster", "no offending " + String.join(" or ", held) + " object");
      }
    }
  }

  private static boolean issueNames(List<CollectionIssue> issues, String kind) {
    for (CollectionIssue issue : issues) {
      if (kind.equals(issue.getKind())) {
        return true;
      }
    }
    return false;
  }

  private boolean judged(String control, String target) {
    for (Status status : Status.values()) {
      if (findings.containsKey(key(control, status, target))) {
        return true;
      }
    }
    return false;
  }

  private void verdict(String control, boolean compliant, Fact fact, String expected) {
    record(control, compliant ? Status.PASS : Status.FAIL, fact.getTarget(), expected);
  }

  private void fail(String control, Fact fact, String expected) {
    record(control, Status.FAIL, fact.getTarget(), expected);
  }

  private void record(String control, Status status, String target, String expected) {
    findings.putIfAbsent(key(control, status, target),
        new Finding(control, status, target, expected));
    if (status != Status.PASS) {
      offended.add(control);
    }
  }

  private static String key(String control, Status status, String target) {
    return control + "\n" + status + "\n" + target;
  }
}
