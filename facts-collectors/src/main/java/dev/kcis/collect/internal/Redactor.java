package dev.kcis.collect.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes credentials from what a collector copies into a bundle: parsed config files and
 * environment variables. A value is replaced by {@value #REDACTED} when its key looks like a
 * credential ({@code secret}, {@code token}, {@code password}, {@code privateKey},
 * {@code client-key-data}...) unless the key names a path ({@code tokenFile}, {@code keyDir}), and
 * any string holding PEM material is replaced wherever it is.
 */
final class Redactor {

  /** What a redacted value becomes. */
  public static final String REDACTED = "<redacted>";

  private static final Pattern CREDENTIAL_KEY = Pattern.compile(
      "secret|token|password|passwd|credential|private.?key|key.?data|cert.?data|bearer",
      Pattern.CASE_INSENSITIVE);
  private static final List<String> PATH_SUFFIXES = List.of("file", "path", "dir");

  private Redactor() {}

  /** True when a value under {@code key} is a credential. */
  public static boolean isCredentialKey(String key) {
    if (!CREDENTIAL_KEY.matcher(key).find()) {
      return false;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    return PATH_SUFFIXES.stream().noneMatch(lower::endsWith);
  }

  /** A copy of a parsed JSON value with its credentials redacted. */
  public static Object redact(Object value) {
    return redact(value, false);
  }

  /** An environment variable's value, redacted when its name or content is a credential. */
  public static String redactEnv(String name, String value) {
    return isCredentialKey(name) || isPem(value) ? REDACTED : value;
  }

  private static Object redact(Object value, boolean underCredentialKey) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        String key = String.valueOf(k);
        out.put(key, redact(v, isCredentialKey(key)));
      });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(redact(item, underCredentialKey)));
      return out;
    }
    if (value instanceof String s) {
      return underCredentialKey || isPem(s) ? REDACTED : s;
    }
    // A number can be a PIN or a numeric password; a boolean or null cannot carry a secret.
    if (underCredentialKey && value instanceof Number) {
      return REDACTED;
    }
    return value;
  }

  private static boolean isPem(String value) {
    return value != null && value.contains("-----BEGIN");
  }
}
