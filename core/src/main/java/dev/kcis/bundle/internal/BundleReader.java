package dev.kcis.bundle.internal;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads bundles from files, streams or text: regular files only, a size limit checked before
 * reading, strict UTF-8, JSON or YAML, strict decoding.
 */
public final class BundleReader {

  private BundleReader() {}

  public static FactBundle read(Path file, long maxBytes) {
    return read(file, maxBytes, digest -> { });
  }

  /**
   * Reads a bundle from a file, handing the SHA-256 of the bytes read to {@code sha256} (for the
   * report's digests: the bytes judged, not the file read again).
   */
  public static FactBundle read(Path file, long maxBytes, Consumer<String> sha256) {
    String origin = file.toString();
    // No local holds the bytes: decode drops them once they are text, which a large bundle needs.
    return decode(digested(bytes(file, origin, maxBytes), sha256), origin);
  }

  /** Reads a bundle from a stream (standard input) of at most {@code maxBytes}. */
  public static FactBundle read(InputStream in, String origin, long maxBytes) {
    return read(in, origin, maxBytes, digest -> { });
  }

  /** {@link #read(InputStream, String, long)}, handing the SHA-256 of its bytes to sha256. */
  public static FactBundle read(InputStream in, String origin, long maxBytes,
      Consumer<String> sha256) {
    return decode(digested(bytes(in, origin, maxBytes), sha256), origin);
  }

  private static byte[] bytes(InputStream in, String origin, long maxBytes) {
    try {
      return InputFiles.read(in, origin, maxBytes);
    } catch (IOException e) {
      throw new BundleException(origin, "", InputFiles.problem(e), e);
    }
  }

  private static byte[] digested(byte[] bytes, Consumer<String> sha256) {
    sha256.accept(Sha256.hex(bytes));
    return bytes;
  }

  private static byte[] bytes(Path file, String origin, long maxBytes) {
    try {
      return InputFiles.read(file, maxBytes);
    } catch (InputFiles.NotRegularFileException e) {
      throw new BundleException(origin, "", e.getReason().equals("is a directory")
          ? "is a directory, not a bundle file" : e.getReason(), e);
    } catch (IOException e) {
      throw new BundleException(origin, "", InputFiles.problem(e), e);
    }
  }

  /**
   * Decodes a bundle from its bytes. JSON (what collectors write, and large) is parsed from the
   * bytes, its API objects straight into compact maps; YAML (written by hand, small) as text.
   */
  private static FactBundle decode(byte[] bytes, String origin) {
    try {
      InputFiles.checkUtf8(bytes);
    } catch (InputFiles.NotUtf8Exception e) {
      throw new BundleException(origin, e.place(), "not UTF-8 text", e);
    }
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf ? 3 : 0; // a byte order mark
    int first = start;
    while (first < bytes.length && (bytes[first] == ' ' || bytes[first] == '\t'
        || bytes[first] == '\n' || bytes[first] == '\r')) {
      first++;
    }
    if (first < bytes.length && (bytes[first] == '{' || bytes[first] == '[')) {
      return BundleDecoder.decode(TreeLoader.loadBundleJson(bytes, start, origin,
          BundleDecoder::keptObject), origin);
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), origin);
  }

  /** Decodes a bundle from an already parsed tree (e.g. a bundle inside a test-case file). */
  public static FactBundle decode(LocatedTree tree, String origin) {
    return BundleDecoder.decode(tree, origin);
  }

  public static FactBundle parse(String text, String origin) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return BundleDecoder.decode(TreeLoader.load(text, origin), origin);
  }
}
