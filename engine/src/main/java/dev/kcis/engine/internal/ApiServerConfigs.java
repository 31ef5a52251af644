package dev.kcis.engine.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.facts.AdmissionConfig;
import dev.kcis.facts.AuditPolicy;
import dev.kcis.facts.AuthorizationConfig;
import dev.kcis.facts.EncryptionConfig;
import dev.kcis.facts.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces the config files of a kube-apiserver to the facts rules judge: how Secrets are
 * encrypted at rest, what the audit policy logs for the requests CIS names, which authorizers
 * the structured authorization configuration chains, and what Pod Security Admission enforces by
 * default.
 */
final class ApiServerConfigs {

  private static final List<String> LEVELS = List.of("None", "Metadata", "Request", "RequestResponse");
  private static final List<String> READ_WRITE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");
  private static final List<String> WRITE = List.of("create", "update", "patch", "delete");

  /** A request the audit policy is asked about: group, resource, subresource, namespaced, verbs. */
  private record Probe(String group, String resource, String subresource, boolean namespaced,
      List<String> verbs) {}

  private static final Map<String, Probe> PROBES = Map.of(
      "secrets", new Probe("", "secrets", "", true, READ_WRITE),
      "configmaps", new Probe("", "configmaps", "", true, READ_WRITE),
      "tokenreviews", new Probe("authentication.k8s.io", "tokenreviews", "", false, List.of("create")),
      "pods-write", new Probe("", "pods", "", true, WRITE),
      "deployments-write", new Probe("apps", "deployments", "", true, WRITE),
      "pods-exec", new Probe("", "pods", "exec", true, List.of("create", "get")),
      "pods-portforward", new Probe("", "pods", "portforward", true, List.of("create", "get")),
      "pods-proxy", new Probe("", "pods", "proxy", true, List.of("get", "create")),
      "services-proxy", new Probe("", "services", "proxy", true, List.of("get", "create")));

  private ApiServerConfigs() {}

  static EncryptionConfig encryption(String node, FactBundle.Component apiserver,
      List<Setting> settings) {
    String path = value(settings, "--encryption-provider-config");
    Object content = content(apiserver, "--encryption-provider-config", path);
    List<String> providers = new ArrayList<>();
    if (content instanceof Map<?, ?> config && config.get("resources") instanceof List<?> entries) {
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> e && coversSecrets(e.get("resources"))) {
          if (e.get("providers") instanceof List<?> list) {
            for (Object provider : list) {
              if (provider instanceof Map<?, ?> p && !p.isEmpty()) {
                providers.add(String.valueOf(p.keySet().iterator().next()));
              }
            }
          }
          break; // the first entry that covers a resource decides
        }
      }
    }
    return new EncryptionConfig(node, path, content != null, providers,
        apiserver.source().path());
  }

  static AuthorizationConfig authorization(String node, FactBundle.Component apiserver,
      List<Setting> settings) {
    String path = value(settings, "--authorization-config");
    Object content = content(apiserver, "--authorization-config", path);
    List<String> types = new ArrayList<>();
    if (content instanceof Map<?, ?> config && config.get("authorizers") instanceof List<?> list) {
      for (Object authorizer : list) {
        if (authorizer instanceof Map<?, ?> a && a.get("type") != null) {
          types.add(String.valueOf(a.get("type")));
        }
      }
    }
    return new AuthorizationConfig(node, path, content instanceof Map<?, ?>, types,
        apiserver.source().path());
  }

  static AdmissionConfig admission(String node, FactBundle.Component apiserver,
      List<Setting> settings) {
    String path = value(settings, "--admission-control-config-file");
    Object content = content(apiserver, "--admission-control-config-file", path);
    boolean known = content instanceof Map<?, ?>;
    String enforce = "privileged";
    List<String> exempt = List.of();
    if (content instanceof Map<?, ?> config && config.get("plugins") instanceof List<?> plugins) {
      for (Object p : plugins) {
        if (!(p instanceof Map<?, ?> plugin) || !"PodSecurity".equals(plugin.get("name"))) {
          continue;
        }
        if (plugin.get("configuration") instanceof Map<?, ?> podSecurity) {
          if (podSecurity.get("defaults") instanceof Map<?, ?> defaults
              && defaults.get("enforce") != null) {
            enforce = String.valueOf(defaults.get("enforce"));
          }
          if (podSecurity.get("exemptions") instanceof Map<?, ?> exemptions) {
            exempt = list(exemptions.get("namespaces"));
          }
        } else if (plugin.get("path") != null) {
          known = false; // configured in another file, which is not in the evidence
        }
      }
    }
    return new AdmissionConfig(node, path, content instanceof Map<?, ?>, known, enforce, exempt,
        apiserver.source().path());
  }

  private static boolean coversSecrets(Object resources) {
    if (!(resources instanceof List<?> list)) {
      return false;
    }
    return list.stream().map(String::valueOf)
        .anyMatch(r -> r.equals("secrets") || r.equals("*.") || r.equals("*.*"));
  }

  static AuditPolicy audit(String node, FactBundle.Component apiserver, List<Setting> settings) {
    String path = value(settings, "--audit-policy-file");
    Object content = content(apiserver, "--audit-policy-file", path);
    Map<String, String> levels = new HashMap<>();
    Map<String, String> maxLevels = new HashMap<>();
    if (content instanceof Map<?, ?> policy) {
      List<?> rules = policy.get("rules") instanceof List<?> r ? r : List.of();
      for (Map.Entry<String, Probe> concern : PROBES.entrySet()) {
        int min = LEVELS.size();
        int max = -1;
        for (String verb : concern.getValue().verbs()) {
          int level = LEVELS.indexOf(levelFor(rules, concern.getValue(), verb));
          min = Math.min(min, level);
          max = Math.max(max, level);
        }
        levels.put(concern.getKey(), LEVELS.get(min));
        maxLevels.put(concern.getKey() + ".max", LEVELS.get(max));
      }
      levels.putAll(maxLevels);
    }
    return new AuditPolicy(node, path, content != null, levels, apiserver.source().path());
  }

  /**
   * The level of the first rule matching a request by an ordinary authenticated user, as the API
   * server's policy checker decides it; {@code None} when no rule matches.
   */
  private static String levelFor(List<?> rules, Probe probe, String verb) {
    for (Object r : rules) {
      if (!(r instanceof Map<?, ?> rule)) {
        continue;
      }
      if (!list(rule.get("users")).isEmpty() || !list(rule.get("userGroups")).isEmpty()
          && !list(rule.get("userGroups")).contains("system:authenticated")) {
        continue; // rules for named users or other groups do not cover an ordinary user
      }
      if (!list(rule.get("verbs")).isEmpty() && !list(rule.get("verbs")).contains(verb)) {
        continue;
      }
      List<String> namespaces = list(rule.get("namespaces"));
      List<?> resources = rule.get("resources") instanceof List<?> l ? l : List.of();
      if (!namespaces.isEmpty() || !resources.isEmpty()) {
        if (!namespaces.isEmpty() && !namespaces.contains(probe.namespaced() ? "default" : "")) {
          continue;
        }
        if (!resources.isEmpty() && !matchesResource(resources, probe)) {
          continue;
        }
      } else if (!list(rule.get("nonResourceURLs")).isEmpty()) {
        continue; // applies to non-resource requests only
      }
      Object level = rule.get("level");
      return LEVELS.contains(String.valueOf(level)) ? String.valueOf(level) : "None";
    }
    return "None";
  }

  private static boolean matchesResource(List<?> groupResources, Probe probe) {
    String combined = probe.subresource().isEmpty() ? probe.resource()
        : probe.resource() + "/" + probe.subresource();
    for (Object g : groupResources) {
      if (!(g instanceof Map<?, ?> gr)) {
        continue;
      }
      String group = gr.get("group") == null ? "" : String.valueOf(gr.get("group"));
      if (!group.equals(probe.group())) {
        continue;
      }
      List<String> names = list(gr.get("resources"));
      if (names.isEmpty()) {
        return true;
      }
      if (!list(gr.get("resourceNames")).isEmpty()) {
        continue; // limited to named objects: does not cover the resource as a whole
      }
      for (String res : names) {
        if (res.equals(combined) || res.equals("*")
            || (!probe.subresource().isEmpty() && res.startsWith("*/")
                && res.substring(2).equals(probe.subresource()))
            || (res.endsWith("/*") && res.substring(0, res.length() - 2).equals(probe.resource()))) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> list(Object value) {
    if (!(value instanceof List<?> l)) {
      return List.of();
    }
    return l.stream().map(String::valueOf).toList();
  }

  private static String value(List<Setting> settings, String name) {
    return settings.stream().filter(s -> s.getName().equals(name) && s.isSet())
        .map(Setting::getValue).findFirst().orElse(null);
  }

  private static Object content(FactBundle.Component component, String flag, String path) {
    if (path == null) {
      return null;
    }
    for (FactBundle.ConfigFile file : component.configFiles()) {
      if ((flag.equals(file.flag()) || path.equals(file.path())) && file.content() != null) {
        return file.content();
      }
    }
    return null;
  }
}
