package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.cli.internal.SyntheticCluster;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated cluster of 100,000 objects on 100 nodes is evaluated by a whole kcis process in a
 * 512 MiB Java heap (a forked JVM, with the launcher's collector), as on a small CI runner.
 */
class LargeClusterMemoryTest {

  @TempDir
  Path dir;

  @Test
  void aHundredThousandObjectsFitInHalfAGigabyte() throws Exception {
    Path bundle = dir.resolve("cluster.json");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(bundle))) {
      new SyntheticCluster(100, 100_000, 1).write(out);
    }
    Path report = dir.resolve("report.txt");
    Path err = dir.resolve("err.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), Kcis.class.getName(), "eval",
        bundle.toString(), "--benchmark=cis-1.12", "--max-input-size", "200m",
        "--format", "table", "--output", report.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(15, TimeUnit.MINUTES), "kcis finished");
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(ExitCode.FINDINGS, process.exitValue(), stderr);
    assertTrue(stderr.contains("wrote table report to"), stderr);
    assertTrue(Files.readString(report).contains("Summary: 131 controls:"));
  }
}
