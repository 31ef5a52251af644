package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report records the SHA-256 of every bundle and rule pack it used, as docs/report-format.md
 * says to compute them again with {@code sha256sum}.
 */
class ReportDigestsTest {

  @TempDir
  Path dir;

  /** Runs the shell, in {@code dir}, and returns the first word of its output. */
  static String shell(Path dir, String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "sh and sha256sum: " + out);
    return out.split("\\s+")[0];
  }

  @Test
  void bundlesAndPacksAreRecordedWithTheirSha256() throws Exception {
    Path pack = Files.createDirectories(dir.resolve("my pack/nested"));
    Files.writeString(pack.resolve("b.drl"), HostileInputTest.PROFILING_OFF.replace(
        "profiling-off", "nested-profiling-off"));
    Files.writeString(dir.resolve("my pack/a.drl"), HostileInputTest.PROFILING_OFF);
    Files.writeString(dir.resolve("my pack/notes.txt"), "not read, not in the digest");
    Path bundle = Files.copy(Path.of("../samples/bundles/hardened-control-plane.json"),
        dir.resolve("cp.json"));
    // The same cluster's bundle again, on standard input.
    byte[] second = Files.readAllBytes(bundle);

    CliRun run = CliRun.withInput(second, "eval", bundle.toString(), "-", "--rules",
        dir.resolve("my pack").toString(), "--benchmark=cis-1.12", "--format", "json",
        "--fail-on", "never");

    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode digests = CollectAndScanTest.JSON.readTree(run.out()).get("digests");
    List<String> actual = new ArrayList<>();
    digests.forEach(d -> actual.add(d.get("kind").asText() + " " + d.get("input").asText() + " "
        + d.get("sha256").asText()));
    String packDigest = shell(dir.resolve("my pack"), "find . -type f \\( -name '*.drl' -o -path "
        + "./profile.yaml \\) | cut -c3- | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum");
    assertEquals(List.of(
        "bundle " + bundle + " " + shell(dir, "sha256sum cp.json"),
        "bundle standard input " + shell(dir, "sha256sum cp.json"),
        "rule-pack " + dir.resolve("my pack") + " " + packDigest), actual);
  }
}
