package dev.kcis.bench.jmh;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.SyntheticCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bundles made by the generator behind {@code kcis bench generate} (SyntheticCluster), written to a
 * temporary file and read back as {@code kcis eval} reads them, so the benchmarks evaluate what a
 * user's evaluation would.
 */
public final class GeneratedBundles {

  /** The seed of every generated bundle: the same sizes give the same bundle in every run. */
  public static final long SEED = 11;

  private GeneratedBundles() {}

  /** A generated cluster of {@code nodes} nodes and about {@code objects} API objects. */
  public static FactBundle generate(int nodes, int objects) {
    try {
      Path file = Files.createTempFile("kcis-bench-jmh-", ".json");
      try {
        try (OutputStream out = Files.newOutputStream(file)) {
          new SyntheticCluster(nodes, objects, SEED).write(out);
        }
        return FactBundle.read(file, 1L << 30);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The profile of the ratio's fifteen controls, as a file for {@code Builder.profile(Path)}. */
  public static Path ratioProfile(Path dir) {
    try (InputStream in = GeneratedBundles.class.getResourceAsStream("ratio-profile.yaml")) {
      Path file = dir.resolve("ratio-profile.yaml");
      Files.write(file, in.readAllBytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
