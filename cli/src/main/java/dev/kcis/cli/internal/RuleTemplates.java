package dev.kcis.cli.internal;

/**
 * The starting points {@code kcis rules new} writes: for each fact kind, a working rule (a real
 * policy a team might hold) and its PASS, FAIL and missing-evidence cases.
 */
public final class RuleTemplates {

  /** The fact kinds a new rule can judge. */
  public enum Target {
    Setting, NodeFile, Workload, Container, Namespace, Grant, RoleGrant, KubeObject
  }

  private RuleTemplates() {}

  public static String drl(Target target, String id, String pkg) {
    Template t = template(target);
    return "package " + pkg + "\n\n"
        + "import dev.kcis.facts." + t.fact + "\n"
        + "global dev.kcis.facts.Verdicts verdict\n\n"
        + "// " + t.why + "\n"
        + "rule \"" + id + "\"\n"
        + "    @scope(\"" + t.scope + "\")\n"
        + "    @message(\"" + t.message + "\")\n"
        + "    @remediation(\"" + t.remediation + "\")\n"
        + "    @nist(\"" + t.nist + "\")\n"
        + "when\n"
        + "    " + t.when + "\n"
        + "then\n"
        + t.then.indent(4)
        + "end\n";
  }

  public static String cases(Target target, String id) {
    return "rule: " + id + "\ncases:\n" + template(target).cases;
  }

  private record Template(String fact, String why, String scope, String message,
      String remediation, String nist, String when, String then, String cases) {}

  private static Template template(Target target) {
    return switch (target) {
      case Setting -> new Template("Setting",
          "Settings hold the effective value: flag, then config file, then the component's default.",
          "component:kube-apiserver", "kube-apiserver exposes profiling data",
          "Set --profiling=false on the kube-apiserver command line.",
          "CM-7 derived:leastfunc; CM-6 derived:base",
          "$profiling : Setting(component == \"kube-apiserver\", name == \"--profiling\")",
          "verdict.expect($profiling, \"false\");\n",
          """
            - name: profiling off passes
              bundle:
                nodes:
                  - name: cp-1
                    components:
                      - {kind: kube-apiserver, source: {type: process, path: /proc/9/cmdline}, args: [kube-apiserver, --profiling=false]}
              expect:
                - {target: node/cp-1/kube-apiserver, status: PASS}
            - name: profiling absent fails on the default (true)
              bundle:
                nodes:
                  - name: cp-1
                    components:
                      - {kind: kube-apiserver, source: {type: process, path: /proc/9/cmdline}, args: [kube-apiserver]}
              expect:
                - {target: node/cp-1/kube-apiserver, status: FAIL}
            - name: no API server in the evidence is inconclusive
              expect:
                - {target: cluster, status: INCONCLUSIVE}
          """);
      case NodeFile -> new Template("NodeFile",
          "The collector records the kubelet's --config file with its mode, or as missing.",
          "component:kubelet", "the kubelet config file is readable beyond its owner",
          "chmod 600 the file named by the kubelet's --config.",
          "AC-3 derived:fileperm; CM-6 derived:base",
          "$file : NodeFile(role == \"kubelet-config\")",
          """
          if ($file.isExists()) {
              verdict.check($file.hasModeAtMost("600"), "mode 600 or more restrictive", $file);
          } else {
              verdict.inconclusive("the kubelet names a config file that is not on the node", $file);
          }
          """,
          """
            - name: mode 600 passes
              bundle:
                nodes:
                  - name: w-1
                    components:
                      - {kind: kubelet, source: {type: process, path: /proc/7/cmdline}, args: [kubelet]}
                    files:
                      - {path: /var/lib/kubelet/config.yaml, role: kubelet-config, component: kubelet, via: flag --config, type: file, mode: "0600", uid: 0, gid: 0, owner: root, group: root}
              expect:
                - {target: "node/w-1:/var/lib/kubelet/config.yaml", status: PASS}
            - name: mode 644 fails
              bundle:
                nodes:
                  - name: w-1
                    components:
                      - {kind: kubelet, source: {type: process, path: /proc/7/cmdline}, args: [kubelet]}
                    files:
                      - {path: /var/lib/kubelet/config.yaml, role: kubelet-config, component: kubelet, via: flag --config, type: file, mode: "0644", uid: 0, gid: 0, owner: root, group: root}
              expect:
                - {target: "node/w-1:/var/lib/kubelet/config.yaml", status: FAIL}
            - name: a kubelet whose config file was not collected is inconclusive
              bundle:
                nodes:
                  - name: w-1
                    components:
                      - {kind: kubelet, source: {type: process, path: /proc/7/cmdline}, args: [kubelet]}
              expect:
                - {target: node/w-1/kubelet, status: INCONCLUSIVE}
          """);
      case Workload -> new Template("Workload",
          "Workloads are standalone Pods and the pod templates of controllers, reported once each.",
          "objects:Pod,Deployment,StatefulSet,DaemonSet,ReplicaSet,ReplicationController,Job,CronJob",
          "a workload has no team label", "Label the workload's pod template with team: <owner>.",
          "CM-8 derived:base",
          "$workload : Workload(!labels.containsKey(\"team\"))",
          "verdict.fail(\"a team label on every workload\", $workload);\n",
          workloadCases("metadata: {labels: {app: web, team: payments}}",
              "spec: {containers: [{name: web, image: nginx}]}",
              "metadata: {labels: {app: web}}", "spec: {containers: [{name: web, image: nginx}]}",
              "Deployment/shop/web"));
      case Container -> new Template("Container",
          "Containers include init and ephemeral containers; a verdict names the container.",
          "objects:Pod,Deployment,StatefulSet,DaemonSet,ReplicaSet,ReplicationController,Job,CronJob",
          "a container image comes from outside the approved registry",
          "Pull images from registry.example.com only (mirror the ones you need there).",
          "CM-7(5) derived:base; SR-3 derived:base",
          "$container : Container(imageRegistry != \"registry.example.com\")",
          "verdict.fail(\"images from registry.example.com only\", $container);\n",
          workloadCases("metadata: {labels: {app: web}}",
              "spec: {containers: [{name: web, image: registry.example.com/web:1.4.2}]}",
              "metadata: {labels: {app: web}}",
              "spec: {containers: [{name: web, image: docker.io/library/nginx:1.27}]}",
              "Deployment/shop/web[container=web]"));
      case Namespace -> new Template("Namespace",
          "Namespaces are those declared and those objects were found in; system ones are exempt.",
          "objects:Namespace", "a namespace has no owner label",
          "Label the namespace: kubectl label namespace <name> owner=<team>.",
          "CM-8 derived:base",
          "$namespace : Namespace(declared, !system, !labels.containsKey(\"owner\"))",
          "verdict.fail(\"an owner label on every namespace\", $namespace);\n",
          """
            - name: an owned namespace passes
              bundle:
                objects:
                  - {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {owner: payments}}}
              expect:
                - {target: cluster, status: PASS}
            - name: a namespace without an owner fails
              bundle:
                objects:
                  - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
              expect:
                - {target: Namespace/shop, status: FAIL}
            - name: no namespaces in the evidence is inconclusive
              expect:
                - {target: cluster, status: INCONCLUSIVE}
          """);
      case Grant -> new Template("Grant",
          "Grants are RBAC permissions in effect: a verb under the wrong API group grants nothing.",
          "objects:ClusterRoleBinding,RoleBinding",
          "a binding lets someone delete ConfigMaps",
          "Grant delete on configmaps only to the controllers that need it.",
          "AC-6 derived:rbacmin",
          "$grant : Grant(!builtIn, allows(\"\", \"configmaps\", \"delete\"))",
          "verdict.fail(\"no delete on configmaps outside the Kubernetes defaults\", $grant);\n",
          """
            - name: a read-only binding passes
              bundle:
                objects:
                  - {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: read, namespace: shop}, rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]}
                  - {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: read, namespace: shop}, roleRef: {kind: Role, name: read}, subjects: [{kind: User, name: jane}]}
              expect:
                - {target: cluster, status: PASS}
            - name: delete on configmaps fails
              bundle:
                objects:
                  - {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: wipe, namespace: shop}, rules: [{apiGroups: [""], resources: [configmaps], verbs: [delete]}]}
                  - {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: wipe, namespace: shop}, roleRef: {kind: Role, name: wipe}, subjects: [{kind: User, name: jane}]}
              expect:
                - {target: RoleBinding/shop/wipe, status: FAIL}
            - name: no bindings in the evidence is inconclusive
              expect:
                - {target: cluster, status: INCONCLUSIVE}
          """);
      case RoleGrant -> new Template("RoleGrant",
          "RoleGrants are the rules of every Role and ClusterRole, with the bindings that reach"
              + " them.",
          "objects:ClusterRole,Role,ClusterRoleBinding,RoleBinding",
          "a role bound outside the Kubernetes defaults lets its subjects exec into pods",
          "Remove create on pods/exec from the role, or bind it only to the people on call.",
          "AC-6 derived:rbacmin",
          "$grant : RoleGrant(boundOutsideDefaults, allows(\"create\", \"pods/exec\"))",
          "verdict.fail(\"no create on pods/exec through bindings outside the Kubernetes"
              + " defaults\", $grant);\n",
          """
            - name: a bound role that only reads pods passes
              bundle:
                objects:
                  - {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: read, namespace: shop}, rules: [{apiGroups: [""], resources: [pods, pods/log], verbs: [get, list]}]}
                  - {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: read, namespace: shop}, roleRef: {kind: Role, name: read}, subjects: [{kind: User, name: jane}]}
              expect:
                - {target: cluster, status: PASS}
            - name: a bound role that allows create on pods/exec fails
              bundle:
                objects:
                  - {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: debug, namespace: shop}, rules: [{apiGroups: [""], resources: [pods/exec], verbs: [create]}]}
                  - {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: debug, namespace: shop}, roleRef: {kind: Role, name: debug}, subjects: [{kind: User, name: jane}]}
              expect:
                - {target: Role/shop/debug, status: FAIL}
            - name: no roles or bindings in the evidence is inconclusive
              expect:
                - {target: cluster, status: INCONCLUSIVE}
          """);
      case KubeObject -> new Template("KubeObject",
          "Any API object; get(\\\"a.b.c\\\") reads a field of its JSON, null when absent.",
          "objects:Service", "a Service is exposed on every node's address (NodePort)",
          "Use a ClusterIP Service behind an Ingress or a LoadBalancer instead of a NodePort.",
          "SC-7 derived:exposure",
          "$service : KubeObject(kind == \"Service\", get(\"spec.type\") == \"NodePort\")",
          "verdict.fail(\"no NodePort Services\", $service);\n",
          """
            - name: a ClusterIP service passes
              bundle:
                objects:
                  - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}, spec: {type: ClusterIP, ports: [{port: 80}]}}
              expect:
                - {target: cluster, status: PASS}
            - name: a NodePort service fails
              bundle:
                objects:
                  - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}, spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}}
              expect:
                - {target: Service/shop/web, status: FAIL}
            - name: no services in the evidence is inconclusive
              expect:
                - {target: cluster, status: INCONCLUSIVE}
          """);
    };
  }

  private static String workloadCases(String compliantMetadata, String compliantSpec,
      String offendingMetadata, String offendingSpec, String target) {
    String deployment = """
                - apiVersion: apps/v1
                  kind: Deployment
                  metadata: {name: web, namespace: shop}
                  spec:
                    template:
                      %s
                      %s
        """;
    return """
          - name: a compliant workload passes
            bundle:
              objects:
        %s    expect:
              - {target: cluster, status: PASS}
          - name: an offending workload fails
            bundle:
              objects:
        %s    expect:
              - {target: "%s", status: FAIL}
          - name: no workloads in the evidence is inconclusive
            expect:
              - {target: cluster, status: INCONCLUSIVE}
        """.formatted(deployment.formatted(compliantMetadata, compliantSpec),
        deployment.formatted(offendingMetadata, offendingSpec), target);
  }
}
