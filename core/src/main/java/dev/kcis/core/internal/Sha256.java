package dev.kcis.core.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in the form {@code sha256sum} prints, for bundle and input digests. */
public final class Sha256 {

  private Sha256() {}

  /** The SHA-256 of {@code bytes}, in lowercase hexadecimal. */
  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
