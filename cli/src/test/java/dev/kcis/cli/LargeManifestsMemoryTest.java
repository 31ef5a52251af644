package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.cli.internal.SyntheticManifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 40 MB {@code kubectl get -A -o yaml} dump (one {@code kind: List} of 1,500 objects with their
 * managedFields, last-applied annotations and large ConfigMap values) is collected by a whole kcis
 * process in a 64 MiB Java heap (a forked JVM): manifests are read as they are parsed, one item at
 * a time, not as the file's bytes, then its text, then its node graph, all at once (that needed
 * several times the file's size).
 */
class LargeManifestsMemoryTest {

  @TempDir
  Path dir;

  @Test
  void aFortyMegabyteListIsReadInSixtyFourMegabytesOfHeap() throws Exception {
    Path manifests = dir.resolve("dump");
    SyntheticManifests.Written written = new SyntheticManifests(1500, 1, 2).write(manifests);
    Path file = manifests.resolve("manifests-00.yaml");
    assertTrue(Files.size(file) > 35_000_000L, "a large file: " + Files.size(file));
    Path bundle = dir.resolve("bundle.json");
    Path err = dir.resolve("err.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), Kcis.class.getName(), "collect",
        "manifests", file.toString(), "--max-input-size", "100m", "--output", bundle.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), "kcis finished");
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(ExitCode.OK, process.exitValue(), stderr);
    JsonNode json = new ObjectMapper().readTree(bundle.toFile());
    assertEquals(written.objects(), json.get("objects").size(), stderr);
    // Each object keeps the line it starts on in the one file.
    assertTrue(json.get("objectLocations").toString().contains("manifests-00.yaml:"),
        "locations");
  }
}
