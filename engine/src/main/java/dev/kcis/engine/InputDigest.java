package dev.kcis.engine;

import java.util.Objects;

/**
 * The SHA-256 of an input an evaluation used, so that a report says exactly which bundles and
 * rule packs it stands on: {@code sha256sum cp.json} gives a bundle's digest again.
 *
 * <p>A rule pack is a directory: its digest is that of its listing in the format of
 * {@code sha256sum}, one line {@code HASH  PATH} per file kcis reads in it ({@code .drl} files and
 * {@code profile.yaml}), with paths relative to the pack and sorted, as
 * {@code (cd my-rules && find . -type f \( -name '*.drl' -o -path ./profile.yaml \) | cut -c3- |
 * LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum)} gives it.
 *
 * @param kind {@link #BUNDLE}, {@link #RULE_PACK} or {@link #PROFILE}
 * @param input the input as it was named: a bundle's file (or {@code standard input}), a pack's
 *     directory, a profile file
 * @param sha256 the digest, 64 lowercase hexadecimal digits
 */
public record InputDigest(String kind, String input, String sha256) {

  /** A fact bundle read from a file or standard input. */
  public static final String BUNDLE = "bundle";
  /** A rule pack given with {@code --rules}. */
  public static final String RULE_PACK = "rule-pack";
  /** A profile file given with {@code --benchmark FILE}. */
  public static final String PROFILE = "profile";

  public InputDigest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(input, "input");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 digest: " + sha256);
    }
  }
}
