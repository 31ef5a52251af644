package dev.kcis.bundle.internal;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * Reads bundles from files, streams or text: regular files only, a size limit checked before
 * reading, strict UTF-8, JSON or YAML, strict decoding.
 */
public final class BundleReader {

  /** Inputs from this size on are digested and checked on a second thread while they parse. */
  private static final int CONCURRENT_CHECK_BYTES = 1 << 20;

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
    return decode(bytes(file, origin, maxBytes), origin, sha256);
  }

  /** Reads a bundle from a stream (standard input) of at most {@code maxBytes}. */
  public static FactBundle read(InputStream in, String origin, long maxBytes) {
    return read(in, origin, maxBytes, digest -> { });
  }

  /** {@link #read(InputStream, String, long)}, handing the SHA-256 of its bytes to sha256. */
  public static FactBundle read(InputStream in, String origin, long maxBytes,
      Consumer<String> sha256) {
    return decode(bytes(in, origin, maxBytes), origin, sha256);
  }

  private static byte[] bytes(InputStream in, String origin, long maxBytes) {
    try {
      return InputFiles.read(in, origin, maxBytes);
    } catch (IOException e) {
      throw new BundleException(origin, "", InputFiles.problem(e), e);
    }
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
   * Decodes a bundle from its bytes, handing their SHA-256 to {@code sha256} whatever the outcome.
   * Bytes that are not strict UTF-8 are reported as such before any other problem. A large input
   * is digested and checked on a second thread while it parses (both cost as much as parsing
   * under the launcher's C1-only JIT, which has no SHA intrinsic).
   */
  private static FactBundle decode(byte[] bytes, String origin, Consumer<String> sha256) {
    if (bytes.length < CONCURRENT_CHECK_BYTES) {
      Checked checked = check(bytes);
      sha256.accept(checked.sha256());
      checked.throwIfNotUtf8(origin);
      return decodeUtf8(bytes, origin);
    }
    FutureTask<Checked> check = new FutureTask<>(() -> check(bytes));
    Thread thread = new Thread(check, "kcis-bundle-check");
    thread.setDaemon(true);
    thread.start();
    FactBundle bundle = null;
    RuntimeException failure = null;
    try {
      bundle = decodeUtf8(bytes, origin);
    } catch (RuntimeException e) {
      failure = e;
    }
    Checked checked = await(check, origin);
    sha256.accept(checked.sha256());
    checked.throwIfNotUtf8(origin);
    if (failure != null) {
      throw failure;
    }
    return bundle;
  }

  /** An input's SHA-256, and why it is not UTF-8 when it is not. */
  private record Checked(String sha256, InputFiles.NotUtf8Exception notUtf8) {

    void throwIfNotUtf8(String origin) {
      if (notUtf8 != null) {
        throw new BundleException(origin, notUtf8.place(), "not UTF-8 text", notUtf8);
      }
    }
  }

  private static Checked check(byte[] bytes) {
    String digest = Sha256.hex(bytes);
    try {
      InputFiles.checkUtf8(bytes);
      return new Checked(digest, null);
    } catch (InputFiles.NotUtf8Exception e) {
      return new Checked(digest, e);
    }
  }

  private static Checked await(FutureTask<Checked> check, String origin) {
    try {
      return check.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BundleException(origin, "", "reading interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Decodes a bundle from bytes that are UTF-8 (or will be reported as not). JSON (what collectors
   * write, and large) is parsed from the bytes, its API objects straight into compact maps; YAML
   * (written by hand, small) as text.
   */
  private static FactBundle decodeUtf8(byte[] bytes, String origin) {
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
