package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import dev.kcis.collect.NodeRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollectAndScanTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path CIS_1_12 = Path.of("../rules/src/main/resources/dev/kcis/profiles/cis-1.12.yaml");

  @TempDir
  Path dir;

  /** Each result as "control target status message", in report order. */
  static List<String> results(JsonNode report) {
    List<String> results = new ArrayList<>();
    for (JsonNode r : report.get("results")) {
      results.add(r.get("control").asText() + " " + r.get("target").asText() + " "
          + r.get("status").asText() + " " + r.path("message").asText());
    }
    return results;
  }

  /** The ids of the CIS v1.12 recommendations of sections 1 to 4 (the node sections). */
  static Set<String> nodeControls() throws IOException {
    Set<String> ids = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^  - id: \"([1-4]\\.[0-9.]+)\"")
        .matcher(Files.readString(CIS_1_12));
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  @ParameterizedTest
  @ValueSource(strings = {"kubeadm-control-plane", "hardened-worker"})
  void collectThenEvalGivesTheResultsOfScan(String sample) throws IOException {
    Path root = NodeRoots.copy(sample, dir.resolve(sample));
    Path bundle = dir.resolve("out/" + sample + ".json");

    CliRun collect = CliRun.of("collect", "node", "--root", root.toString(), "--out",
        bundle.toString());
    assertEquals(ExitCode.OK, collect.exit(), collect.err());
    assertEquals("", collect.out());
    assertEquals(1, collect.errLines().size(), collect.err());
    assertTrue(collect.err().matches("kcis: wrote the bundle of node \\S+ to .*" + sample
        + "\\.json: \\d+ components?, \\d+ files, 0 collection errors\\s*"), collect.err());
    Set<ValidationMessage> problems = EvalCommandTest.schema("fact-bundle-v1.schema.json")
        .validate(JSON.readTree(bundle.toFile()));
    assertTrue(problems.isEmpty(), problems.toString());

    CliRun eval = CliRun.of("eval", bundle.toString(), "--format", "json", "--fail-on", "never");
    CliRun scan = CliRun.of("scan", "--root", root.toString(), "--format", "json", "--fail-on",
        "never");
    assertEquals(ExitCode.OK, eval.exit(), eval.err());
    assertEquals(ExitCode.OK, scan.exit(), scan.err());
    JsonNode evaluated = JSON.readTree(eval.out());
    JsonNode scanned = JSON.readTree(scan.out());
    assertEquals(results(evaluated), results(scanned));
    assertEquals(evaluated.get("results"), scanned.get("results"), "evidence too");

    Set<String> reported = new TreeSet<>();
    scanned.get("controls").forEach(c -> reported.add(c.get("id").asText()));
    Set<String> expected = nodeControls();
    assertEquals(97, expected.size());
    assertTrue(reported.containsAll(expected), "missing: " + expected.stream()
        .filter(id -> !reported.contains(id)).toList());
    Set<String> judged = new TreeSet<>();
    scanned.get("results").forEach(r -> judged.add(r.get("control").asText()));
    assertTrue(judged.containsAll(expected), "every node control has a result");
    if (sample.equals("kubeadm-control-plane")) {
      // The kubeadm-like tree holds the evidence of every node control: none stays open.
      List<String> open = new java.util.ArrayList<>();
      scanned.get("controls").forEach(c -> {
        if (expected.contains(c.get("id").asText())
            && c.get("status").asText().equals("INCONCLUSIVE")) {
          open.add(c.get("id").asText());
        }
      });
      assertEquals(List.of(), open, "INCONCLUSIVE node controls on a complete tree");
    }
  }

  @Test
  void scanJudgesTheCollectedEvidence() throws IOException {
    Path cp = NodeRoots.copy("kubeadm-control-plane", dir.resolve("cp"));
    Path worker = NodeRoots.copy("hardened-worker", dir.resolve("w"));
    CliRun scan = CliRun.of("scan", "--root", cp.toString(), "--root", worker.toString(),
        "--format", "json");
    assertEquals(ExitCode.FINDINGS, scan.exit(), "kubeadm's API server allows anonymous auth");
    List<String> results = results(JSON.readTree(scan.out()));
    assertTrue(results.stream().anyMatch(r -> r.startsWith("1.2.1 node/cp-1/kube-apiserver FAIL")),
        String.join("\n", results));
    assertTrue(results.stream().anyMatch(r -> r.startsWith("4.2.1 node/cp-1/kubelet PASS")));
    assertTrue(results.stream().anyMatch(r -> r.startsWith("4.2.1 node/w-1/kubelet PASS")));

    CliRun table = CliRun.of("scan", "--root", worker.toString(), "--fail-on", "fail");
    assertEquals(ExitCode.OK, table.exit(), table.out());
    assertTrue(table.out().contains("Summary: 131 controls:"), table.out());
  }

  @Test
  void collectWritesTheBundleToStandardOutputWithoutOut() throws IOException {
    Path root = NodeRoots.copy("hardened-worker", dir.resolve("w"));
    CliRun run = CliRun.of("collect", "node", "--root", root.toString(), "--node-name", "given");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertEquals("", run.err());
    JsonNode bundle = JSON.readTree(run.out());
    assertEquals("FactBundle", bundle.get("kind").asText());
    assertEquals("given", bundle.at("/nodes/0/name").asText());
    assertEquals("kcis collect node", bundle.at("/metadata/collector/name").asText());
  }

  @Test
  void verboseListsWhatCouldNotBeCollected() throws IOException {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("etc"));
    CliRun run = CliRun.of("collect", "node", "--root", root.toString(), "-v", "-o",
        dir.resolve("b.json").toString());
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.err().contains("kcis: not collected: /etc/passwd: no such file"), run.err());
    assertTrue(run.err().contains("2 collection errors"), run.err());
  }

  @Test
  void aRootThatIsNotADirectoryIsInvalidInputInOneLine() {
    CliRun collect = CliRun.of("collect", "node", "--root", "/nonexistent");
    assertEquals(ExitCode.INVALID_INPUT, collect.exit());
    assertEquals(List.of("kcis: node root /nonexistent is not a directory"), collect.errLines());
    assertEquals("", collect.out());

    CliRun scan = CliRun.of("scan", "--root", "/nonexistent");
    assertEquals(ExitCode.INVALID_INPUT, scan.exit());
    assertEquals(1, scan.errLines().size(), scan.err());

    CliRun verbose = CliRun.of("collect", "node", "--root", "/nonexistent", "--verbose");
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");
  }

  @Test
  void usageErrors() throws IOException {
    CliRun bare = CliRun.of("collect");
    assertEquals(ExitCode.USAGE, bare.exit());
    assertTrue(bare.err().contains("say what to collect: node"), bare.err());
    assertEquals(ExitCode.USAGE, CliRun.of("collect", "pods").exit());
    Path root = NodeRoots.copy("hardened-worker", dir.resolve("w"));
    CliRun twoNames = CliRun.of("scan", "--root", root.toString(), "--root", root.toString(),
        "--node-name", "x");
    assertEquals(ExitCode.USAGE, twoNames.exit());
    CliRun sameNode = CliRun.of("scan", "--root", root.toString(), "--root", root.toString());
    assertEquals(ExitCode.INVALID_INPUT, sameNode.exit());
    assertTrue(sameNode.err().contains("are both node 'w-1'"), sameNode.err());
    assertEquals(ExitCode.USAGE, CliRun.of("collect", "node", "--out",
        dir.toString()).exit(), "--out names a directory");
  }

  @Test
  void helpListsExitCodes() {
    for (String[] command : List.of(new String[] {"collect", "node", "--help"},
        new String[] {"scan", "--help"})) {
      CliRun help = CliRun.of(command);
      assertEquals(0, help.exit());
      assertTrue(help.out().contains("Exit codes:"), help.out());
      assertTrue(help.out().contains("--root"), help.out());
    }
    assertTrue(CliRun.of("scan", "--help").out().contains("--fail-on"),
        "scan takes eval's options");
    assertFalse(CliRun.of("collect", "node", "--help").out().contains("--fail-on"));
    assertTrue(CliRun.of("--help").out().contains("collect"));
  }

  @Test
  void scanTakesCollectNodesJournalAndLayoutsWithTheSameHelpAndValidation() throws IOException {
    // One help text for both commands.
    for (String option : List.of("--journal", "--layouts")) {
      assertEquals(optionHelp(CliRun.of("collect", "node", "--help").out(), option),
          optionHelp(CliRun.of("scan", "--help").out(), option));
    }
    // The same result as collect node --journal then eval.
    Path root = NodeRoots.copy("k3s-server", dir.resolve("k3s"));
    String journal = NodeRoots.SAMPLES.resolve("k3s-server.journal").toAbsolutePath().toString();
    Path bundle = dir.resolve("k3s.json");
    CliRun collect = CliRun.of("collect", "node", "--root", root.toString(), "--journal", journal,
        "--out", bundle.toString());
    assertEquals(ExitCode.OK, collect.exit(), collect.err());
    CliRun eval = CliRun.of("eval", bundle.toString(), "--format", "json", "--fail-on", "never");
    CliRun scan = CliRun.of("scan", "--root", root.toString(), "--journal", journal, "--format",
        "json", "--fail-on", "never");
    assertEquals(ExitCode.OK, scan.exit(), scan.err());
    assertEquals(results(JSON.readTree(eval.out())), results(JSON.readTree(scan.out())));
    assertTrue(scan.out().contains("k3s-server.journal"), "evidence names the journal");

    // A catalog given to scan is read as collect node reads it: its errors name the file.
    Path catalog = dir.resolve("layouts.yaml");
    Files.writeString(catalog, "layouts:\n  - id: acme\n    colour: blue\n");
    CliRun bad = CliRun.of("scan", "--root", root.toString(), "--layouts", catalog.toString());
    assertEquals(ExitCode.INVALID_INPUT, bad.exit(), bad.err());
    assertTrue(bad.err().contains(catalog.toString()), bad.err());
    assertEquals(bad.errLines().get(bad.errLines().size() - 1), CliRun.of("collect", "node",
        "--root", root.toString(), "--layouts", catalog.toString()).errLines().get(0));

    // The same validation: an unreadable journal or catalog is invalid input, in one line.
    for (String[] args : List.of(
        new String[] {"--journal", dir.resolve("missing.log").toString()},
        new String[] {"--layouts", dir.resolve("missing.yaml").toString()})) {
      List<String> collectArgs = new ArrayList<>(List.of("collect", "node", "--root",
          root.toString(), "--out", dir.resolve("x.json").toString()));
      collectArgs.addAll(List.of(args));
      List<String> scanArgs = new ArrayList<>(List.of("scan", "--root", root.toString()));
      scanArgs.addAll(List.of(args));
      CliRun collected = CliRun.of(collectArgs.toArray(String[]::new));
      CliRun scanned = CliRun.of(scanArgs.toArray(String[]::new));
      assertEquals(ExitCode.INVALID_INPUT, collected.exit(), collected.err());
      assertEquals(ExitCode.INVALID_INPUT, scanned.exit(), scanned.err());
      assertEquals(collected.errLines(), scanned.errLines().subList(
          scanned.errLines().size() - 1, scanned.errLines().size()));
    }
    // A journal is one node's: not for two roots, nor without a root.
    Path other = NodeRoots.copy("hardened-worker", dir.resolve("w"));
    assertEquals(ExitCode.USAGE, CliRun.of("scan", "--root", root.toString(), "--root",
        other.toString(), "--journal", journal).exit());
    assertEquals(ExitCode.USAGE, CliRun.of("scan", "--manifests", catalog.toString(),
        "--layouts", catalog.toString()).exit());
    // Nothing the user gave is overwritten: an output naming the journal is refused.
    Path copy = dir.resolve("copy.journal");
    Files.copy(Path.of(journal), copy);
    CliRun overwrite = CliRun.of("scan", "--root", root.toString(), "--journal",
        copy.toString(), "--output", copy.toString());
    assertEquals(ExitCode.USAGE, overwrite.exit(), overwrite.err());
    assertEquals(Files.readString(Path.of(journal)), Files.readString(copy));
  }

  /** The lines of an option's entry in a command's help. */
  private static String optionHelp(String help, String option) {
    int start = help.indexOf("      " + option);
    assertTrue(start >= 0, option + " in\n" + help);
    int end = help.indexOf("\n  -", start + 1);
    int next = help.indexOf("\n      --", start + 1);
    end = end < 0 ? next : next < 0 ? end : Math.min(end, next);
    // Each command aligns its descriptions on its own column: compare the words.
    return help.substring(start, end < 0 ? help.length() : end).strip().replaceAll("\\s+", " ");
  }
}
