package dev.kcis.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Kubernetes' RBAC bootstrap policy as kcis ships it ({@code bootstrap-policy.yaml}): the roles
 * every API server creates, and kubeadm's, for bindings whose role is not in the evidence.
 */
final class BootstrapPolicy {

  static final String RESOURCE = "/dev/kcis/engine/bootstrap-policy.yaml";

  /** The sections of the data, and whether their roles are reconciled by the API server. */
  private static final Map<String, Boolean> SECTIONS = Map.of("clusterRoles", true,
      "controllerRoles", true, "namespaceRoles", true, "kubeadmClusterRoles", false);

  private static final BootstrapPolicy SHIPPED = load();

  private final Map<String, RbacRole> clusterRoles = new LinkedHashMap<>();
  private final Map<String, RbacRole> roles = new LinkedHashMap<>();

  private BootstrapPolicy() {}

  /** The policy shipped in the engine jar. */
  static BootstrapPolicy shipped() {
    return SHIPPED;
  }

  /** The ClusterRole of that name, or {@code null}. */
  RbacRole clusterRole(String name) {
    return clusterRoles.get(name);
  }

  /** The Role of that namespace and name, or {@code null}. */
  RbacRole role(String namespace, String name) {
    return roles.get(namespace + "/" + name);
  }

  /** Every ClusterRole, in the data's order. */
  Collection<RbacRole> clusterRoles() {
    return clusterRoles.values();
  }

  private static BootstrapPolicy load() {
    try (InputStream in = BootstrapPolicy.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the engine jar");
      }
      return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BootstrapPolicy parse(Map<String, Object> root) {
    BootstrapPolicy policy = new BootstrapPolicy();
    Map<String, Object> versions = RbacRole.map(root.get("versions"));
    for (String section : List.of("clusterRoles", "controllerRoles", "namespaceRoles",
        "kubeadmClusterRoles")) {
      String version = String.valueOf(versions.get(section));
      boolean reconciled = SECTIONS.get(section);
      RbacRole.map(root.get(section)).forEach((key, value) -> {
        Map<String, Object> role = RbacRole.map(value);
        boolean namespaced = section.equals("namespaceRoles");
        int slash = key.indexOf('/');
        String namespace = namespaced ? key.substring(0, slash) : null;
        String name = namespaced ? key.substring(slash + 1) : key;
        String kind = namespaced ? "Role" : "ClusterRole";
        Map<String, String> labels = new LinkedHashMap<>();
        RbacRole.map(role.get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        List<Map<String, Object>> rules = new ArrayList<>();
        RbacRole.list(role.get("rules")).forEach(r -> rules.add(RbacRole.map(r)));
        List<Map<String, Object>> selectors = new ArrayList<>();
        RbacRole.list(role.get("aggregationRule")).forEach(s -> selectors.add(RbacRole.map(s)));
        String note = kind + "/" + (namespace == null ? "" : namespace + "/") + name
            + " is not in the evidence: its rules are those " + version
            + " creates (kcis's bootstrap policy data)";
        RbacRole parsed = new RbacRole(kind, namespace, name, labels, rules, selectors, reconciled,
            false, note);
        if (namespaced) {
          policy.roles.put(key, parsed);
        } else {
          policy.clusterRoles.put(name, parsed);
        }
      });
    }
    return policy;
  }
}
