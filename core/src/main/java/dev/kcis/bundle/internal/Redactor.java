package dev.kcis.bundle.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.SettingsCatalog.ComponentSpec;
import dev.kcis.core.internal.SettingsCatalog.FlagType;
import dev.kcis.core.internal.SettingsCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from what a bundle holds of a component: parsed config files, environment
 * variables and command-line arguments. The rule of thumb: a value is kept only when neither its
 * name nor its shape says it is a credential.
 *
 * <ul>
 *   <li><b>By name.</b> Everything beneath a key that names a credential ({@code secret},
 *       {@code token}, {@code password}, {@code apiKey}, {@code privateKey},
 *       {@code client-key-data}, a JWK's private members...) becomes {@value #REDACTED}, whether
 *       it is a string, a number, a list or a map; so does the value of an HTTP header map
 *       ({@code staticPodURLHeader}) and of an {@code Authorization} header. Keys that name a path
 *       or a reference ({@code tokenFile}, {@code --token-auth-file}, {@code secretName}) or a
 *       duration ({@code ...-cache-ttl}) are not credentials.</li>
 *   <li><b>By shape.</b> A PEM block (also base64-encoded), a JWT, an HTTP {@code Bearer} or
 *       {@code Basic} credential, a JWK with private members, and tokens of well-known services
 *       are redacted wherever they are.</li>
 *   <li><b>Flags.</b> The value of a credential-named flag ({@code --db-password=x},
 *       {@code --db-password x}, etcd's {@code --initial-cluster-token}) is redacted; flags the
 *       settings catalog declares are never credentials (the rules read them), and a boolean
 *       value carries no secret.</li>
 * </ul>
 */
public final class Redactor {

  /** What a redacted value becomes. */
  public static final String REDACTED = "<redacted>";

  private static final Pattern CREDENTIAL_KEY = Pattern.compile(
      "secret|token|passw(?:or)?d|passphrase|credential|bearer|cookie|api.?key|access.?key"
          + "|auth.?key|private.?key|signing.?key|encryption.?key|session.?key|master.?key"
          + "|key.?data|cert.?data|private.?exponent|connection.?string"
          + "|(?:^|[^a-z])pwd(?:$|[^a-z])",
      Pattern.CASE_INSENSITIVE);
  /** Names that hold a path, a reference or a duration, never the credential itself. */
  private static final List<String> NOT_SECRET_SUFFIXES = List.of("file", "files", "path",
      "paths", "dir", "name", "names", "ref", "ttl", "expiration", "timeout");
  /** HTTP headers that carry credentials, when they are a value rather than a section. */
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization",
      "proxy-authorization", "www-authenticate");
  /** The private members of a JSON Web Key (RFC 7518 6.2.2, 6.3.2, 6.4). */
  private static final Set<String> JWK_PRIVATE = Set.of("d", "p", "q", "dp", "dq", "qi", "oth",
      "k");
  private static final Pattern CREDENTIAL_SHAPE = Pattern.compile(String.join("|",
      "-----BEGIN[^\\n]*?-----[\\s\\S]*?(?:-----END[^\\n]*?-----|$)",
      "-----BEGIN[^\\n]*",
      // a PEM block base64-encoded, as kubeconfigs hold them ("-----BEGIN")
      "LS0tLS1CRUdJT[A-Za-z0-9+/=]*",
      "eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*",
      "(?i:\\bbearer\\s+)[A-Za-z0-9._~+/=-]{8,}",
      // Basic credentials are base64: a word of prose after "Basic" is not one
      "(?i:\\bbasic\\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}",
      "\\bgh[pousr]_[A-Za-z0-9]{20,}", "\\bgithub_pat_[A-Za-z0-9_]{20,}",
      "\\bglpat-[A-Za-z0-9_-]{20,}", "\\bxox[abposr]-[A-Za-z0-9-]{10,}",
      "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", "\\bAIza[0-9A-Za-z_-]{35}"));
  /** A private member of a JWK written as JSON text (with {@code "kty"} in the same text). */
  private static final Pattern JWK_PRIVATE_TEXT =
      Pattern.compile("\"(?:d|p|q|dp|dq|qi|oth|k)\"\\s*:\\s*[\"\\[]");
  /**
   * A flag inside a shell script word: {@code --db-password=x}, {@code --db-password x} (a value
   * after a space never starts with a dash: that is the next flag).
   */
  private static final Pattern FLAG_IN_TEXT = Pattern.compile(
      "(?<![\\w-])(--?)([A-Za-z][A-Za-z0-9_.-]*)(?:(=)(\"[^\"]*\"|'[^']*'|[^\\s\"';&|]*)"
          + "|(\\s+)(\"[^\"]*\"|'[^']*'|[^\\s\"';&|-][^\\s\"';&|]*))");

  private Redactor() {}

  /** True when a value under {@code key} is a credential. */
  public static boolean isCredentialKey(String key) {
    if (key == null || !CREDENTIAL_KEY.matcher(key).find()) {
      return false;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    return NOT_SECRET_SUFFIXES.stream().noneMatch(lower::endsWith);
  }

  /** True when a string holds something shaped like a credential, wherever it is found. */
  public static boolean looksLikeCredential(String value) {
    return value != null && (CREDENTIAL_SHAPE.matcher(value).find() || isJwkText(value));
  }

  /** A copy of a parsed JSON value (a config file) with its credentials redacted. */
  public static Object redact(Object value) {
    return redact(value, false);
  }

  /** An environment variable's value, redacted when its name or content is a credential. */
  public static String redactEnv(String name, String value) {
    return value != null && (isCredentialKey(name) || looksLikeCredential(value)) ? REDACTED
        : value;
  }

  /**
   * An argument vector with the values of credential flags redacted, parsed as pflag parses it
   * ({@code --flag=value}; {@code --flag value} unless the flag is boolean; a flag the catalog
   * does not know takes the next word when it is not a flag, as {@code ArgParser} assumes).
   * Words that hold a shell script have their credential flags redacted inside them.
   *
   * @param kind the component the arguments are for (its catalog flags are kept), or
   *     {@code null} for any container
   */
  public static List<String> redactArgs(List<String> args, String kind) {
    ComponentSpec spec = kind == null ? null : SettingsCatalog.get().component(kind);
    List<String> out = new ArrayList<>(args.size());
    boolean flagsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String token = args.get(i);
      if (token == null) {
        out.add(null);
        continue;
      }
      if (flagsEnded || !token.startsWith("-") || token.equals("-")) {
        out.add(redactText(token));
        continue;
      }
      if (token.equals("--")) {
        flagsEnded = true;
        out.add(token);
        continue;
      }
      String dashes = token.startsWith("--") ? "--" : "-";
      String body = token.substring(dashes.length());
      int eq = body.indexOf('=');
      String name = eq >= 0 ? body.substring(0, eq) : body;
      if (known(spec, name)) {
        out.add(token); // the rules read it; no catalog setting holds a credential
        if (eq < 0 && spec.typeOf("--" + name) != FlagType.BOOL && i + 1 < args.size()) {
          out.add(args.get(++i));
        }
        continue;
      }
      if (eq >= 0) {
        String value = body.substring(eq + 1);
        out.add(isCredentialKey(name) && !isBoolean(value) || looksLikeCredential(value)
            ? dashes + name + "=" + REDACTED : dashes + name + "=" + redactText(value));
      } else {
        out.add(token);
        if (i + 1 < args.size() && args.get(i + 1) != null && !args.get(i + 1).startsWith("-")) {
          String value = args.get(++i);
          out.add(isCredentialKey(name) && !isBoolean(value) ? REDACTED : redactText(value));
        }
      }
    }
    return out;
  }

  /** A component as a bundle may hold it: arguments, environment and config files redacted. */
  public static FactBundle.Component redact(FactBundle.Component component) {
    Map<String, String> env = new LinkedHashMap<>();
    component.env().forEach((name, value) -> env.put(name, redactEnv(name, value)));
    List<FactBundle.ConfigFile> files = new ArrayList<>();
    for (FactBundle.ConfigFile file : component.configFiles()) {
      files.add(new FactBundle.ConfigFile(file.flag(), file.path(), redact(file.content())));
    }
    return new FactBundle.Component(component.kind(), component.source(),
        redactArgs(component.args(), component.kind()), env, files, component.effective());
  }

  /**
   * A free text (a shell script, an annotation) with credential shapes and the values of
   * credential-named flags inside it redacted; {@code null} stays {@code null}.
   */
  public static String redactText(String text) {
    if (text == null) {
      return null;
    }
    if (isJwkText(text)) {
      return REDACTED;
    }
    String shaped = CREDENTIAL_SHAPE.matcher(text).replaceAll(Matcher.quoteReplacement(REDACTED));
    Matcher flag = FLAG_IN_TEXT.matcher(shaped);
    StringBuilder out = new StringBuilder();
    while (flag.find()) {
      String separator = flag.group(3) != null ? flag.group(3) : flag.group(5);
      String value = flag.group(3) != null ? flag.group(4) : flag.group(6);
      boolean redact = isCredentialKey(flag.group(2)) && !value.isEmpty() && !isBoolean(value)
          && !value.equals(REDACTED);
      flag.appendReplacement(out, Matcher.quoteReplacement(redact
          ? flag.group(1) + flag.group(2) + separator + REDACTED : flag.group()));
    }
    flag.appendTail(out);
    return out.toString();
  }

  private static boolean isJwkText(String text) {
    return text.contains("\"kty\"") && JWK_PRIVATE_TEXT.matcher(text).find();
  }

  private static boolean known(ComponentSpec spec, String name) {
    return spec != null && spec.typeOf("--" + name) != null;
  }

  private static boolean isBoolean(String value) {
    return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
  }

  private static Object redact(Object value, boolean underCredentialKey) {
    if (value instanceof Map<?, ?> map) {
      boolean jwk = map.containsKey("kty");
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        String key = String.valueOf(k);
        boolean credential = underCredentialKey || isCredentialKey(key)
            || (jwk && JWK_PRIVATE.contains(key)) || isHeaderSection(key)
            || (CREDENTIAL_HEADERS.contains(key.toLowerCase(Locale.ROOT)) && !(v instanceof Map));
        out.put(key, redact(v, credential));
      });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(redact(item, underCredentialKey)));
      return out;
    }
    if (value instanceof String s) {
      return underCredentialKey || looksLikeCredential(s) ? REDACTED : s;
    }
    // A number can be a PIN or a numeric password; a boolean or null cannot carry a secret.
    if (underCredentialKey && value instanceof Number) {
      return REDACTED;
    }
    return value;
  }

  /** A map of HTTP headers ({@code staticPodURLHeader}, {@code headers}): all of it is kept out. */
  private static boolean isHeaderSection(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.endsWith("header") || lower.endsWith("headers");
  }
}
