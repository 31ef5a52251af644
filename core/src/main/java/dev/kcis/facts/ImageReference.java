package dev.kcis.facts;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A container image reference split into registry, repository, tag and digest, read as the
 * container runtimes read it (the Docker reference grammar of {@code distribution/reference}):
 * {@code nginx} is {@code docker.io/library/nginx}, a first part with a dot or a colon or
 * {@code localhost} is a registry host (with its port), a digest follows {@code @}.
 *
 * <pre>
 * ImageReference ref = ImageReference.parse("registry.acme.example:5000/shop/web:1.4@sha256:...");
 * ref.getRegistry();   // registry.acme.example:5000
 * ref.getRepository(); // shop/web
 * ref.getTag();        // 1.4
 * </pre>
 *
 * <p>A reference the grammar refuses ({@code Nginx}, {@code web:}, an empty text) is not
 * {@link #isValid() valid} and has no parts: the runtime cannot pull it.
 */
public final class ImageReference {

  /** The registry an image without one comes from. */
  public static final String DEFAULT_REGISTRY = "docker.io";

  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
          + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile(
      "[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
  private static final int MAX_NAME = 255;

  private final String text;
  private final String registry;
  private final String repository;
  private final String tag;
  private final String digest;

  private ImageReference(String text, String registry, String repository, String tag,
      String digest) {
    this.text = text;
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /** Parses an image reference as written in a pod spec; never throws. */
  public static ImageReference parse(String text) {
    return text == null ? new ImageReference(null, null, null, null, null) : PARSED.of(text);
  }

  private static final ParsedValues<ImageReference> PARSED =
      new ParsedValues<>(ImageReference::read);

  private static ImageReference read(String text) {
    ImageReference invalid = new ImageReference(text, null, null, null, null);
    if (text == null || text.isEmpty() || !text.equals(text.strip())) {
      return invalid;
    }
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        return invalid;
      }
    }
    String registry;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? "" : rest.substring(0, slash);
    if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
        && first.toLowerCase(Locale.ROOT).equals(first))) {
      registry = DEFAULT_REGISTRY;
    } else {
      registry = first;
      rest = rest.substring(slash + 1);
      if (!DOMAIN.matcher(registry).matches()) {
        return invalid;
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        return invalid;
      }
    }
    if (!REPOSITORY.matcher(rest).matches()
        || (registry + "/" + rest).length() > MAX_NAME) {
      return invalid;
    }
    if (registry.equals("index.docker.io")) {
      registry = DEFAULT_REGISTRY;
    }
    if (registry.equals(DEFAULT_REGISTRY) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    return new ImageReference(text, registry, rest, tag, digest);
  }

  /** The reference as written. */
  public String getText() {
    return text;
  }

  /** True when the reference follows the grammar; the parts are {@code null} otherwise. */
  public boolean isValid() {
    return repository != null;
  }

  /** The registry host, with its port when given; {@code docker.io} when the reference has none. */
  public String getRegistry() {
    return registry;
  }

  /** The repository path in its registry, e.g. {@code library/nginx} or {@code shop/web}. */
  public String getRepository() {
    return repository;
  }

  /** The tag as written, or {@code null} when there is none (a digest or latest is pulled). */
  public String getTag() {
    return tag;
  }

  /** The digest ({@code sha256:...}), or {@code null}. */
  public String getDigest() {
    return digest;
  }

  /** True when a digest pins the image: what runs is what was referenced, whatever the tag says. */
  public boolean isPinnedByDigest() {
    return digest != null;
  }

  /**
   * True when the runtime pulls whatever {@code latest} points at: tag {@code latest}, or neither
   * tag nor digest.
   */
  public boolean isLatest() {
    return isValid() && digest == null && (tag == null || tag.equals("latest"));
  }

  /** {@code registry/repository}, the name without tag and digest. */
  public String getName() {
    return isValid() ? registry + "/" + repository : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageReference other && Objects.equals(text, other.text);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
