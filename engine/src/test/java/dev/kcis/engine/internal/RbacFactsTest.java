package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.facts.Binding;
import dev.kcis.facts.Grant;
import dev.kcis.facts.KubeObject;
import dev.kcis.facts.MissingRole;
import dev.kcis.facts.RoleGrant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The RBAC facts derived from API objects and the shipped bootstrap policy. */
class RbacFactsTest {

  @SuppressWarnings("unchecked")
  static List<KubeObject> objects(String yaml) {
    List<KubeObject> out = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      Map<String, Object> o = (Map<String, Object>) doc;
      Map<String, Object> meta = (Map<String, Object>) o.get("metadata");
      Map<String, String> labels = new LinkedHashMap<>();
      if (meta.get("labels") instanceof Map<?, ?> l) {
        l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
      }
      String kind = (String) o.get("kind");
      String ns = kind.equals("Role") || kind.equals("RoleBinding")
          ? (String) meta.getOrDefault("namespace", "default") : null;
      out.add(new KubeObject((String) o.get("apiVersion"), kind, ns, (String) meta.get("name"),
          labels, o, "test.yaml"));
    }
    return out;
  }

  static <T> List<T> of(List<Object> facts, Class<T> type) {
    return facts.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static List<RoleGrant> grantsOf(List<Object> facts, String role) {
    return of(facts, RoleGrant.class).stream().filter(g -> g.getTarget().equals(role)).toList();
  }

  @Test
  void assemblingAClusterConcurrentlyGivesTheSameFactsInTheSameOrder() {
    String bundle = """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        metadata: {}
        objects:
        - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: reader},
           rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]}
        - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding,
           metadata: {name: readers}, roleRef: {kind: ClusterRole, name: reader},
           subjects: [{kind: Group, name: devs}]}
        - {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding,
           metadata: {name: edit, namespace: app}, roleRef: {kind: ClusterRole, name: edit},
           subjects: [{kind: ServiceAccount, name: ci, namespace: app}]}
        - {apiVersion: v1, kind: ServiceAccount, metadata: {name: ci, namespace: app}}
        - {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: app},
           spec: {template: {spec: {serviceAccountName: ci,
             containers: [{name: c, image: nginx}]}}}}
        """;
    List<dev.kcis.bundle.FactBundle> bundles =
        List.of(dev.kcis.bundle.FactBundle.parse(bundle, "b.yaml"));
    List<Object> sequential = FactAssembler.assemble(bundles, Integer.MAX_VALUE).facts();
    List<Object> concurrent = FactAssembler.assemble(bundles, 0).facts();
    assertEquals(sequential.size(), concurrent.size());
    assertTrue(of(concurrent, RoleGrant.class).size() > 1, "RBAC facts derived");
    for (int i = 0; i < sequential.size(); i++) {
      assertEquals(sequential.get(i).getClass(), concurrent.get(i).getClass());
      if (sequential.get(i) instanceof dev.kcis.facts.Fact fact) {
        assertEquals(fact.getTarget(), ((dev.kcis.facts.Fact) concurrent.get(i)).getTarget());
      }
    }
  }

  static RoleGrant rule(String yamlRule) {
    List<Object> facts = RbacFacts.derive(objects("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: r}
        rules: [%s]
        """.formatted(yamlRule)));
    return of(facts, RoleGrant.class).get(0);
  }

  @Test
  void wildcardsMatchAsTheAuthorizerDoes() {
    RoleGrant all = rule("{apiGroups: ['*'], resources: ['*'], verbs: ['*']}");
    assertTrue(all.allows("get", "secrets"));
    assertTrue(all.allows("escalate", "clusterroles.rbac.authorization.k8s.io"));
    assertTrue(all.allows("create", "serviceaccounts/token"));
    assertTrue(all.isWildcard());

    RoleGrant scale = rule("{apiGroups: ['*'], resources: ['*/scale'], verbs: [get]}");
    assertTrue(scale.allows("get", "deployments/scale.apps"));
    assertFalse(scale.allows("get", "deployments.apps"), "*/scale is no deployment");
    assertTrue(scale.isWildcard(), "a */sub resource counts as a wildcard");

    RoleGrant rbac = rule("{apiGroups: [rbac.authorization.k8s.io], resources: [pods], verbs: [create]}");
    assertFalse(rbac.allows("create", "pods"), "a verb under the wrong API group grants nothing");
    assertTrue(rule("{apiGroups: [''], resources: [pods], verbs: [create]}").allows("create", "pods"));
    assertFalse(rule("{apiGroups: [''], resources: [pods], verbs: [create]}")
        .allows("create", "pods/exec"), "a subresource needs its own grant");
    assertFalse(rule("{apiGroups: [''], resources: [pods], verbs: [get]}").isWildcard());
  }

  @Test
  void resourceNamesLimitARuleToTheObjectsTheyName() {
    RoleGrant named = rule("{apiGroups: [''], resources: [secrets], resourceNames: [tls], verbs: [get]}");
    assertTrue(named.isLimitedToNames());
    assertFalse(named.allows("get", "secrets"));
    assertTrue(named.allowsSome("get", "secrets"));
    assertFalse(named.allowsAnyVerb("secrets"));
    assertTrue(rule("{apiGroups: [''], resources: [nodes/proxy], verbs: [get]}")
        .allowsAnyVerb("nodes/proxy"));
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByTheirStarPrefix() {
    RoleGrant health = rule("{nonResourceURLs: [/healthz/*, /metrics], verbs: [get]}");
    assertTrue(health.allowsUrl("get", "/healthz/etcd"));
    assertTrue(health.allowsUrl("get", "/metrics"));
    assertFalse(health.allowsUrl("get", "/metrics/slis"));
    assertFalse(health.allowsUrl("post", "/metrics"));
    assertFalse(health.allows("get", "metrics"), "a URL rule grants no API object");
    assertFalse(health.isWildcard());
    assertTrue(rule("{nonResourceURLs: ['/*'], verbs: [get]}").isWildcard());
    assertTrue(rule("{nonResourceURLs: ['*'], verbs: [get]}").allowsUrl("get", "/anything"));
  }

  @Test
  void aggregationReachesTheSelectedRolesThroughTheAggregatorsBindings() {
    List<Object> facts = RbacFacts.derive(objects("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: monitoring}
        aggregationRule:
          clusterRoleSelectors:
            - matchLabels: {acme.io/aggregate-to-monitoring: "true"}
            - matchExpressions: [{key: tier, operator: In, values: [metrics]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: secret-reader, labels: {acme.io/aggregate-to-monitoring: "true"}}
        rules: [{apiGroups: [''], resources: [secrets], verbs: [list]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: pod-reader, labels: {tier: metrics}}
        rules: [{apiGroups: [''], resources: [pods], verbs: [list]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: unrelated, labels: {tier: web}}
        rules: [{apiGroups: [''], resources: [configmaps], verbs: [list]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: prometheus}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
        subjects: [{kind: ServiceAccount, name: prometheus, namespace: mon}]
        """));
    RoleGrant secrets = grantsOf(facts, "ClusterRole/secret-reader").get(0);
    assertTrue(secrets.isReached());
    assertEquals(List.of("ClusterRoleBinding/prometheus"),
        secrets.getBindings().stream().map(Binding::getTarget).toList());
    assertTrue(secrets.hasSubject("ServiceAccount", "prometheus"));
    assertTrue(grantsOf(facts, "ClusterRole/pod-reader").get(0).isBound());
    RoleGrant unrelated = grantsOf(facts, "ClusterRole/unrelated").get(0);
    assertFalse(unrelated.isBound());
    assertFalse(unrelated.isReached(), "no selector picks tier=web");
    assertTrue(of(facts, Grant.class).stream().anyMatch(g -> g.allows("", "secrets", "list")),
        "the binding's permissions in effect include the aggregated rules");
    assertTrue(grantsOf(facts, "ClusterRole/monitoring").isEmpty(), "no rules of its own");
  }

  @Test
  void subjectsOfARoleBindingKeepTheirNamespace() {
    List<Object> facts = RbacFacts.derive(objects("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: deployer, namespace: shop}
        rules: [{apiGroups: [''], resources: [pods], verbs: [create]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: ci, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
        subjects: [{kind: ServiceAccount, name: ci}, {kind: Group, name: devs}]
        """));
    RoleGrant g = grantsOf(facts, "Role/shop/deployer").get(0);
    assertEquals("shop", g.getRoleNamespace());
    assertEquals(2, g.getSubjects().size());
    assertEquals("shop", g.getSubjects().get(0).getSubjectNamespace(),
        "a RoleBinding's service account defaults to its namespace");
    assertNull(g.getSubjects().get(1).getSubjectNamespace());
    assertTrue(g.hasSubject("Group", "devs"));
    assertTrue(g.isBoundOutsideDefaults());
  }

  @Test
  void bindingsToRolesInNeitherTheEvidenceNorThePolicyAreMissingRoles() {
    List<Object> facts = RbacFacts.derive(objects("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: vault}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vault-reviewer}
        subjects: [{kind: User, name: vault}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
        subjects: [{kind: User, name: jane}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader, namespace: kube-system}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
        subjects: [{kind: User, name: jane}]
        """));
    List<String> missing = of(facts, MissingRole.class).stream().map(MissingRole::getTarget).toList();
    assertEquals(List.of("ClusterRoleBinding/vault", "RoleBinding/shop/reader"), missing,
        "the bootstrap Role exists in kube-system only");
    assertFalse(of(facts, Binding.class).get(0).isRoleResolved());
    assertTrue(of(facts, Binding.class).get(2).isRoleResolved());
    RoleGrant reader = grantsOf(facts, "Role/kube-system/extension-apiserver-authentication-reader")
        .get(0);
    assertFalse(reader.isInEvidence());
    assertTrue(reader.isBuiltInRole());
    assertTrue(reader.allowsSome("get", "configmaps"));
    assertFalse(reader.allows("get", "configmaps"), "limited to extension-apiserver-authentication");
  }

  @Test
  void bootstrapRolesAbsentFromTheEvidenceComeFromThePolicyWithAggregation() {
    List<Object> facts = RbacFacts.derive(objects("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: dev-edit, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: User, name: dev}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: crd-editor, labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}}
        rules: [{apiGroups: [acme.io], resources: [widgets], verbs: [create]}]
        """));
    assertTrue(of(facts, MissingRole.class).isEmpty());
    List<RoleGrant> edit = grantsOf(facts, "ClusterRole/system:aggregate-to-edit");
    assertFalse(edit.isEmpty(), "edit aggregates system:aggregate-to-edit");
    assertTrue(edit.stream().anyMatch(g -> g.allows("get", "secrets")));
    assertTrue(edit.get(0).getRoleLocation().contains("Kubernetes v1.34"),
        edit.get(0).getRoleLocation());
    var observed = edit.get(0).observe();
    assertEquals("bootstrap-policy", observed.source());
    assertTrue(observed.value().contains("in apiGroups [\"\"]"), observed.value());
    assertFalse(grantsOf(facts, "ClusterRole/system:aggregate-to-view").isEmpty(),
        "edit aggregates view, which aggregates system:aggregate-to-view");
    assertTrue(grantsOf(facts, "ClusterRole/system:aggregate-to-admin").isEmpty(),
        "admin's rules are not edit's");
    assertTrue(grantsOf(facts, "ClusterRole/crd-editor").get(0).hasSubject("User", "dev"),
        "a role of the evidence labelled aggregate-to-edit joins the default edit role");
    Grant secrets = of(facts, Grant.class).stream().filter(g -> g.allows("", "secrets", "get"))
        .findFirst().orElseThrow();
    assertEquals("shop", secrets.getNamespace());
    assertTrue(secrets.isBuiltInRole());
  }

  @Test
  void aRoleInTheEvidenceWinsOverThePolicy() {
    List<Object> facts = RbacFacts.derive(objects("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: system:auth-delegator}
        rules: [{apiGroups: [''], resources: [secrets], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: vault}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:auth-delegator}
        subjects: [{kind: User, name: vault}]
        """));
    List<RoleGrant> delegator = grantsOf(facts, "ClusterRole/system:auth-delegator");
    assertEquals(1, delegator.size());
    assertTrue(delegator.get(0).isInEvidence());
    assertTrue(delegator.get(0).allows("get", "secrets"));
    assertFalse(delegator.get(0).allows("create", "tokenreviews.authentication.k8s.io"));
  }

  @Test
  void unboundRolesAreNotReachedUnlessAnAggregateLabelSelectsThem() {
    List<Object> facts = RbacFacts.derive(objects("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: lonely}
        rules: [{apiGroups: [''], resources: [secrets], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: viewer-plugin, labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}}
        rules: [{apiGroups: [acme.io], resources: [widgets], verbs: [get]}]
        """));
    assertFalse(grantsOf(facts, "ClusterRole/lonely").get(0).isReached());
    assertTrue(grantsOf(facts, "ClusterRole/viewer-plugin").get(0).isReached());
    assertTrue(of(facts, Grant.class).isEmpty(), "nothing is bound");
  }

  @Test
  void theShippedPolicyHoldsTheRolesInstallsBindTo() {
    BootstrapPolicy policy = BootstrapPolicy.shipped();
    for (String name : List.of("cluster-admin", "admin", "edit", "view", "system:auth-delegator",
        "system:aggregate-to-admin", "system:aggregate-to-edit", "system:aggregate-to-view",
        "system:basic-user", "system:discovery", "system:public-info-viewer", "system:node",
        "system:node-proxier", "system:kube-controller-manager", "system:kube-scheduler",
        "system:monitoring", "system:controller:namespace-controller",
        "system:controller:clusterrole-aggregation-controller", "kubeadm:get-nodes")) {
      assertNotNull(policy.clusterRole(name), name);
    }
    assertNotNull(policy.role("kube-system", "extension-apiserver-authentication-reader"));
    assertNull(policy.role("default", "extension-apiserver-authentication-reader"));
    assertFalse(policy.clusterRole("kubeadm:get-nodes").builtIn(), "kubeadm's roles are not reconciled");
    for (RbacRole role : policy.clusterRoles()) {
      assertTrue(role.builtIn() || role.name().startsWith("kubeadm:"), role.name());
      assertTrue(!role.rules().isEmpty() || !role.selectors().isEmpty(), role.name());
      for (Map<String, Object> rule : role.rules()) {
        boolean resources = !RbacRole.list(rule.get("resources")).isEmpty();
        boolean urls = !RbacRole.list(rule.get("nonResourceURLs")).isEmpty();
        assertTrue(resources != urls, role.name() + ": " + rule);
        assertFalse(RbacRole.list(rule.get("verbs")).isEmpty(), role.name() + ": " + rule);
        assertTrue(!resources || !RbacRole.list(rule.get("apiGroups")).isEmpty(), role.name());
      }
    }
  }
}
