package dev.kcis.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The kcis version these jars were built as, which collectors write into a bundle and the engine
 * into a report.
 */
public final class Version {

  private static final String VERSION = read();

  private Version() {}

  /** The version, e.g. {@code 0.1.0}, or {@code unknown} when the jar lost its properties. */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/kcis/core/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
