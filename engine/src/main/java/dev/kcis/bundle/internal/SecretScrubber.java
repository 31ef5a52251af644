package dev.kcis.bundle.internal;

import java.util.Map;

/**
 * Removes secret material from API objects before they enter a bundle or a report: the values of
 * Secret objects and the last-applied annotation that repeats them.
 */
public final class SecretScrubber {

  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private SecretScrubber() {}

  /** Scrubs {@code object} in place when it is a Secret; returns it. */
  public static Map<String, Object> scrub(Map<String, Object> object) {
    if ("Secret".equals(object.get("kind"))) {
      object.remove("data");
      object.remove("stringData");
      if (object.get("metadata") instanceof Map<?, ?> metadata
          && metadata.get("annotations") instanceof Map<?, ?> annotations) {
        annotations.remove(LAST_APPLIED);
      }
    }
    return object;
  }
}
