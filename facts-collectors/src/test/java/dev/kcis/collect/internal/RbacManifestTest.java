package dev.kcis.collect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** deploy/rbac.yaml grants what the cluster collector reads, and nothing else. */
class RbacManifestTest {

  static final Path RBAC = Path.of("../deploy/rbac.yaml");

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects() throws IOException {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object o : new Yaml(new SafeConstructor(new LoaderOptions()))
        .loadAll(Files.readString(RBAC))) {
      objects.add((Map<String, Object>) o);
    }
    return objects;
  }

  /** Each grant as {@code group/resource verb [names]}. */
  @SuppressWarnings("unchecked")
  static Set<String> grants(String kind) throws IOException {
    Set<String> grants = new TreeSet<>();
    for (Map<String, Object> o : objects()) {
      if (!kind.equals(o.get("kind"))) {
        continue;
      }
      for (Map<String, Object> rule : (List<Map<String, Object>>) o.get("rules")) {
        for (String group : (List<String>) rule.get("apiGroups")) {
          for (String resource : (List<String>) rule.get("resources")) {
            for (String verb : (List<String>) rule.get("verbs")) {
              grants.add(group + "/" + resource + " " + verb
                  + (rule.containsKey("resourceNames") ? " " + rule.get("resourceNames") : ""));
            }
          }
        }
      }
    }
    return grants;
  }

  @Test
  void theClusterRoleGrantsExactlyWhatIsListedAndTheNodeProxy() throws IOException {
    Set<String> expected = new TreeSet<>();
    for (ClusterScan.Listing listing : ClusterScan.LISTINGS) {
      String group = listing.apiVersion().contains("/")
          ? listing.apiVersion().substring(0, listing.apiVersion().indexOf('/')) : "";
      expected.add(group + "/" + listing.resource() + " list");
      expected.add(group + "/" + listing.resource() + " get");
    }
    expected.add("/nodes/proxy get");
    assertEquals(expected, grants("ClusterRole"));
    assertEquals(Set.of("/configmaps get [kube-proxy, kubeadm-config]"), grants("Role"));
  }

  @Test
  void nodesProxyIsCalledSensitive() throws IOException {
    String text = Files.readString(RBAC);
    assertTrue(text.contains("CIS 5.1.10") && text.contains("INCONCLUSIVE"), text);
    assertTrue(!text.contains("secrets]") && !text.contains("- secrets"), "never secrets");
  }
}
