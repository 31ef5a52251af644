package dev.kcis.bundle.internal;

import java.util.List;
import java.util.Map;

/**
 * Removes what a bundle never holds from a Kubernetes API object, at any depth (the items of a
 * {@code List}, however nested; the pod template of a workload; an object a custom resource
 * embeds): the {@code data} and {@code stringData} of Secrets and the {@code data} and
 * {@code binaryData} of ConfigMaps; every literal environment value of a container
 * ({@code valueFrom} references stay); the values of credential flags in a container's
 * {@code command} and {@code args}; annotation values that are credentials by name or shape; the
 * {@code kubectl.kubernetes.io/last-applied-configuration} annotation, a copy of the whole object;
 * {@code managedFields}, which only records who wrote what; and, in a custom resource (a kind
 * Kubernetes does not define), every field that is a credential by name or shape.
 *
 * <p>The collectors scrub what they keep and the bundle reader scrubs what it reads, so a bundle
 * written by hand or by an older kcis is held to the same rule.
 */
public final class ObjectScrubber {

  /** The annotation {@code kubectl apply} writes: the whole object as last applied. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private ObjectScrubber() {}

  /** Scrubs {@code object} in place; returns it. */
  public static Map<String, Object> scrub(Map<String, Object> object) {
    if (isCustomResource(object.get("apiVersion"))) {
      // A kind Kubernetes does not define has no schema kcis knows: its fields are redacted by
      // name and shape, as a config file's are.
      object.replaceAll((field, value) -> field.equals("apiVersion") || field.equals("kind")
          || field.equals("metadata") ? value : Redactor.redact(value));
    }
    walk(object);
    return object;
  }

  /**
   * True for an API group Kubernetes does not define: a dotted group outside {@code *.k8s.io}
   * ({@code example.com/v1}); the core group, {@code apps}, {@code batch} and the other undotted
   * groups are Kubernetes' own.
   */
  static boolean isCustomResource(Object apiVersion) {
    if (!(apiVersion instanceof String version) || !version.contains("/")) {
      return false;
    }
    String group = version.substring(0, version.indexOf('/'));
    return group.contains(".") && !group.endsWith(".k8s.io");
  }

  private static void walk(Object node) {
    if (node instanceof List<?> list) {
      list.forEach(ObjectScrubber::walk);
      return;
    }
    if (!(node instanceof Map<?, ?> raw)) {
      return;
    }
    Map<String, Object> map = cast(raw);
    Object kind = map.get("kind");
    if ("Secret".equals(kind)) {
      map.remove("data");
      map.remove("stringData");
    } else if ("ConfigMap".equals(kind)) {
      map.remove("data");
      map.remove("binaryData");
    }
    if (map.get("metadata") instanceof Map<?, ?> metadata) {
      metadata.remove("managedFields");
      if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
        scrubAnnotations(cast(annotations));
      }
    }
    if (map.get("env") instanceof List<?> env) {
      for (Object item : env) {
        if (item instanceof Map<?, ?> variable && variable.get("value") != null) {
          cast(variable).put("value", Redactor.REDACTED);
        }
      }
    }
    if (map.get("image") != null) {
      for (String field : List.of("command", "args")) {
        if (map.get(field) instanceof List<?> words) {
          List<String> asText = words.stream().map(ObjectScrubber::text).toList();
          List<String> redacted = Redactor.redactArgs(asText, null);
          if (!redacted.equals(asText)) {
            map.put(field, redacted);
          }
        }
      }
    }
    map.forEach((field, value) -> walk(value)); // changes values' contents, never map's keys
  }

  private static void scrubAnnotations(Map<String, Object> annotations) {
    annotations.remove(LAST_APPLIED);
    annotations.replaceAll((key, value) -> {
      if (!(value instanceof String text) || text.isEmpty()) {
        return value;
      }
      boolean credential = Redactor.isCredentialKey(key) && !text.equalsIgnoreCase("true")
          && !text.equalsIgnoreCase("false");
      return credential || Redactor.looksLikeCredential(text) ? Redactor.REDACTED : text;
    });
  }

  private static String text(Object word) {
    return word == null ? null : String.valueOf(word);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
