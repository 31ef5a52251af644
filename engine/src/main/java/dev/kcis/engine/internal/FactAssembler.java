package dev.kcis.engine.internal;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.ApiKinds;
import dev.kcis.core.internal.SettingResolver;
import dev.kcis.engine.Report;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.Component;
import dev.kcis.facts.Inventory;
import dev.kcis.facts.KubeObject;
import dev.kcis.facts.Node;
import dev.kcis.facts.NodeFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Turns the bundles of one evaluation into facts: nodes merged by name, one component per kind and
 * node (what runs wins over what is configured to run), resolved settings, files, API objects with
 * shaped RBAC facts, the inventory of kinds held in full, and collection errors.
 */
final class FactAssembler {

  /** Which source of a component is judged when several are found: what runs comes first. */
  private static final List<String> SOURCE_PREFERENCE = List.of("process", "systemd-unit",
      "static-pod-manifest", "mirror-pod", "configz");

  /** The node entry whose components hold on every node (docs/bundle-format.md). */
  static final String EVERY_NODE = "*";

  /** The components that make a node a control-plane node. */
  static final Set<String> CONTROL_PLANE =
      Set.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd");

  /** Collection errors that cannot hide a control-plane component: user and group names. */
  private static final Set<String> HARMLESS_ERRORS = Set.of("/etc/passwd", "/etc/group");

  private FactAssembler() {}

  static Evidence assemble(List<FactBundle> bundles) {
    return assemble(bundles, CONCURRENT_OBJECTS);
  }

  /** {@link #assemble(List)}, deriving RBAC facts concurrently from {@code concurrentFrom} objects. */
  static Evidence assemble(List<FactBundle> bundles, int concurrentFrom) {
    List<Object> facts = new ArrayList<>();
    List<CollectionIssue> issues = new ArrayList<>();
    Report.ClusterInfo cluster = cluster(bundles);

    Map<String, MergedNode> nodes = new LinkedHashMap<>();
    for (FactBundle bundle : bundles) {
      for (FactBundle.Node node : bundle.nodes()) {
        nodes.computeIfAbsent(node.name(), MergedNode::new).add(node);
      }
    }
    List<Node> nodeFacts = new ArrayList<>();
    List<Component> componentFacts = new ArrayList<>();
    for (MergedNode merged : nodes.values()) {
      Map<String, FactBundle.Component> chosen = merged.chosenComponents();
      Set<String> roles = new LinkedHashSet<>(merged.roles);
      if (chosen.containsKey("kube-apiserver") && !roles.contains("master")) {
        roles.add("control-plane");
      }
      Node node = new Node(merged.name, List.copyOf(roles),
          workerBasis(merged, chosen.keySet(), roles, cluster.platform()));
      // "*" holds what applies on every node (the kube-proxy ConfigMap): its components are
      // judged, but it is no node of its own that node-scoped rules could miss evidence on.
      if (!merged.name.equals(EVERY_NODE)) {
        nodeFacts.add(node);
        facts.add(node);
      }
      for (FactBundle.Issue issue : merged.errors) {
        issues.add(new CollectionIssue(merged.name, issue.component(), issue.kind(), issue.item(),
            issue.message()));
      }
      for (FactBundle.Component component : chosen.values()) {
        Component fact = new Component(merged.name, component.kind(), component.source().type(),
            component.source().path());
        componentFacts.add(fact);
        facts.add(fact);
        List<dev.kcis.facts.Setting> settings = SettingResolver.resolve(merged.name, component,
            issues);
        facts.addAll(settings);
        if (component.kind().equals("kube-apiserver") && !component.args().isEmpty()) {
          facts.add(ApiServerConfigs.encryption(merged.name, component, settings));
          facts.add(ApiServerConfigs.audit(merged.name, component, settings));
          facts.add(ApiServerConfigs.authorization(merged.name, component, settings));
          facts.add(ApiServerConfigs.admission(merged.name, component, settings));
        }
      }
      for (FactBundle.FileStat file : merged.files) {
        facts.add(new NodeFile(merged.name, file.path(), file.role(), file.component(), file.via(),
            !file.missing(), file.type(), file.mode(), file.uid(), file.gid(), file.owner(),
            file.group()));
      }
    }

    Set<String> brokenKinds = new HashSet<>();
    for (FactBundle bundle : bundles) {
      for (FactBundle.Issue issue : bundle.errors()) {
        issues.add(new CollectionIssue(null, issue.component(), issue.kind(), issue.item(),
            issue.message()));
        if (issue.kind() != null) {
          brokenKinds.add(issue.kind());
        }
      }
    }

    // A kind is held in full when an API listing has it (a bundle's inventory), or when a bundle
    // without an inventory (manifests) holds objects of it: those files are then the evidence.
    // Objects a listing bundle read by name (kube-system/kube-proxy) do not make their kind held.
    Map<String, Integer> inventory = new TreeMap<>();
    Set<String> held = new HashSet<>();
    boolean listing = false;
    int objectCount = bundles.stream().mapToInt(b -> b.objects().size()).sum();
    Set<String> seenObjects = new HashSet<>(objectCount * 2);
    List<KubeObject> kubeObjects = new ArrayList<>(objectCount);
    for (FactBundle bundle : bundles) {
      for (FactBundle.InventoryEntry entry : bundle.inventory()) {
        held.add(entry.kind());
        listing = true;
      }
      for (Map<String, Object> object : bundle.objects()) {
        KubeObject fact = kubeObject(object, bundle);
        if (bundle.inventory().isEmpty()) {
          held.add(fact.getKind());
        }
        if (!seenObjects.add(fact.getTarget())) {
          continue; // the same object from two bundles: judge it once
        }
        inventory.merge(fact.getKind(), 1, Integer::sum);
        facts.add(fact);
        kubeObjects.add(fact);
      }
    }
    for (KubeObject object : kubeObjects) {
      // A workload that holds no containers cannot show what runs: its kind stays incomplete, so
      // no rule over it passes, and the reason names the object.
      String invalid = ApiKinds.invalidWorkload(object.getKind(), object.getJson());
      if (invalid != null) {
        String where = object.getLocation() == null ? "" : " (" + object.getLocation() + ")";
        issues.add(new CollectionIssue(null, null, object.getKind(), object.getTarget(),
            "invalid evidence: it " + invalid + where + "; a patch or fragment is not the object "
                + "that runs (render overlays with kustomize build or helm template first)"));
        brokenKinds.add(object.getKind());
      }
    }
    if (kubeObjects.size() < concurrentFrom) {
      facts.addAll(ObjectShapes.shape(kubeObjects));
      facts.addAll(RbacFacts.derive(kubeObjects));
    } else {
      // Both only read the objects: a large cluster's RBAC facts are derived on a second thread
      // while its workloads are shaped (each is a part of assembling its facts).
      FutureTask<List<Object>> rbac = new FutureTask<>(() -> RbacFacts.derive(kubeObjects));
      Thread thread = new Thread(rbac, "kcis-rbac-facts");
      thread.setDaemon(true);
      thread.start();
      facts.addAll(ObjectShapes.shape(kubeObjects));
      facts.addAll(joined(rbac));
    }
    inventory.keySet().retainAll(held);
    held.forEach(kind -> inventory.putIfAbsent(kind, 0));
    inventory.keySet().removeAll(brokenKinds);
    inventory.forEach((kind, count) -> facts.add(new Inventory(kind, count)));
    facts.addAll(issues);

    List<String> origins = bundles.stream().map(FactBundle::origin).toList();
    return new Evidence(facts, nodeFacts, componentFacts, Map.copyOf(inventory), listing,
        List.copyOf(issues), cluster, origins);
  }

  /** Clusters from this many objects on derive their RBAC facts on a thread of their own. */
  private static final int CONCURRENT_OBJECTS = 20_000;

  private static List<Object> joined(FutureTask<List<Object>> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deriving RBAC facts", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Why the evidence shows a node is a worker, or {@code null} when it does not. On a managed
   * platform every node the cluster's users see is a worker. Elsewhere a node is a worker when a
   * collector looked for control-plane components on it and found none beside a kubelet (its
   * {@code worker} role: {@code kcis collect node} sets it after reading the processes and the
   * static pod manifests, a Node object has it as a {@code node-role.kubernetes.io/worker} label),
   * nothing names it a control-plane node, and no collection error on it could hide a control-plane
   * component (an unreadable process, manifest or directory). A control-plane node whose
   * components were not collected is therefore never taken for a worker.
   */
  static String workerBasis(MergedNode merged, Set<String> kinds, Set<String> roles,
      String platform) {
    if (kinds.stream().anyMatch(CONTROL_PLANE::contains) || roles.contains("control-plane")
        || roles.contains("master")) {
      return null;
    }
    if (Platforms.managed(platform)) {
      return "a worker node (" + Platforms.managedReason(platform) + ")";
    }
    if (!kinds.contains("kubelet") || !roles.contains("worker")) {
      return null;
    }
    boolean hiding = merged.errors.stream().anyMatch(i -> i.component() == null
        ? !HARMLESS_ERRORS.contains(i.item()) : CONTROL_PLANE.contains(i.component()));
    if (hiding) {
      return null;
    }
    return "a worker node (a kubelet and no control-plane component were found on it)";
  }

  /** What the bundles say of their cluster, merged as an evaluation merges it. */
  static Report.ClusterInfo clusterOf(List<FactBundle> bundles) {
    return cluster(bundles);
  }

  private static Report.ClusterInfo cluster(List<FactBundle> bundles) {
    String name = null;
    String nameOrigin = null;
    String version = null;
    String platform = null;
    for (FactBundle bundle : bundles) {
      FactBundle.Cluster c = bundle.cluster();
      if (c.name() != null) {
        if (name != null && !name.equals(c.name())) {
          throw new BundleException(bundle.origin(), "/cluster/name", "cluster '" + c.name()
              + "' differs from cluster '" + name + "' of " + nameOrigin
              + ": evaluate one cluster's bundles together");
        }
        name = c.name();
        nameOrigin = bundle.origin();
      }
      version = version != null ? version : c.kubernetesVersion();
      platform = platform != null ? platform : c.platform();
    }
    if (platform == null) {
      platform = Platforms.fromVersion(version); // as kube-bench reads -eks-, -gke., +k3s, +rke2
    }
    return new Report.ClusterInfo(name, version, platform);
  }

  @SuppressWarnings("unchecked")
  private static KubeObject kubeObject(Map<String, Object> object, FactBundle bundle) {
    String kind = (String) object.get("kind");
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    String name = (String) metadata.get("name");
    String namespace = (String) metadata.get("namespace");
    if (namespace == null && ApiKinds.isNamespaced(kind)) {
      namespace = "default";
    } else if (!ApiKinds.isNamespaced(kind)) {
      namespace = null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (metadata.get("labels") instanceof Map<?, ?> l) {
      l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
    }
    String target = KubeObject.targetOf(kind, namespace, name);
    String location = bundle.objectLocations().get(target);
    if (location == null) {
      location = bundle.origin() == null ? null : bundle.origin() + " (" + target + ")";
    }
    return new KubeObject((String) object.get("apiVersion"), kind, namespace, name, labels, object,
        location);
  }

  /** One node's evidence from every bundle that names it. */
  static final class MergedNode {
    final String name;
    final Set<String> roles = new LinkedHashSet<>();
    final List<FactBundle.Component> components = new ArrayList<>();
    final List<FactBundle.FileStat> files = new ArrayList<>();
    final List<FactBundle.Issue> errors = new ArrayList<>();

    MergedNode(String name) {
      this.name = name;
    }

    void add(FactBundle.Node node) {
      roles.addAll(node.roles());
      components.addAll(node.components());
      files.addAll(node.files());
      errors.addAll(node.errors());
    }

    /** Per kind, the instance judged: a running process over a manifest over live config. */
    Map<String, FactBundle.Component> chosenComponents() {
      Map<String, FactBundle.Component> chosen = new LinkedHashMap<>();
      for (FactBundle.Component c : components) {
        FactBundle.Component current = chosen.get(c.kind());
        if (current == null || rank(c) < rank(current)) {
          chosen.put(c.kind(), c);
        }
      }
      return chosen;
    }

    private static int rank(FactBundle.Component c) {
      int index = SOURCE_PREFERENCE.indexOf(c.source().type());
      return index < 0 ? SOURCE_PREFERENCE.size() : index;
    }
  }
}
