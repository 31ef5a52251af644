package dev.kcis.collect.internal;

import dev.kcis.bundle.internal.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the collectors read from a pod's containers the same way, whether the pod is a static pod
 * manifest on a node or an API object: the literal arguments, etcd's environment, the version an
 * image is tagged with.
 */
final class PodSpecs {

  /** A Kubernetes release tag, {@code v1.31.4} or {@code v1.31.4+k3s1}. */
  static final Pattern VERSION_TAG =
      Pattern.compile("v\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.+_-]+)?");

  private PodSpecs() {}

  /** A container's literal {@code ETCD_*} variables; {@code valueFrom} ones are not in the spec. */
  static Map<String, String> etcdEnv(Map<?, ?> container) {
    Map<String, String> env = new TreeMap<>();
    if (container.get("env") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> var && var.get("name") instanceof String name
            && name.startsWith("ETCD_") && var.get("value") != null
            && var.get("valueFrom") == null) {
          env.put(name, Redactor.redactEnv(name, String.valueOf(var.get("value"))));
        }
      }
    }
    return env;
  }

  /** The strings of a YAML list ({@code command}, {@code args}); anything else is empty. */
  static List<String> strings(Object value) {
    List<String> strings = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item != null) {
          strings.add(String.valueOf(item));
        }
      }
    }
    return strings;
  }

  /** The tag of an image reference ({@code registry:5000/kube-apiserver:v1.31.4}), or null. */
  static String imageTag(String image) {
    if (image == null) {
      return null;
    }
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : null;
  }

  /** The Kubernetes version an image's tag names, or {@code null}. */
  static String versionOfImage(String image) {
    String tag = imageTag(image);
    return tag != null && VERSION_TAG.matcher(tag).matches() ? tag : null;
  }
}
