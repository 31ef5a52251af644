package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kcis eval --each}: a fleet of clusters, one report each, a summary, one exit code. */
class FleetEvalTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** A synthetic cluster of {@code kcis bench generate}, cluster name synthetic-SEED. */
  private Path generate(Path folder, String file, int seed) throws IOException {
    Files.createDirectories(folder);
    Path out = folder.resolve(file);
    CliRun run = CliRun.of("bench", "generate", "--nodes", "2", "--objects", "120", "--seed",
        String.valueOf(seed), "--out", out.toString());
    assertEquals(ExitCode.OK, run.exit(), run.err());
    return out;
  }

  private Path copy(Path sample, Path folder, String file) throws IOException {
    Files.createDirectories(folder);
    return Files.copy(sample, folder.resolve(file));
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The summary row of a cluster: the stdout line that starts with its name. */
  private static String row(CliRun run, String cluster) {
    return run.out().lines().filter(l -> l.startsWith(cluster + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + cluster + " in\n" + run.out()));
  }

  private static JsonNode withoutTime(Path report) throws IOException {
    ObjectNode tree = (ObjectNode) JSON.readTree(report.toFile());
    tree.remove("generatedAt");
    return tree;
  }

  @Test
  void generatedClustersGetOneReportPerFormatAndASummary() throws IOException {
    Path fleet = dir.resolve("fleet");
    for (int seed = 1; seed <= 3; seed++) {
      generate(fleet, "c" + seed + ".json", seed);
    }
    copy(EvalCommandTest.HARDENED, fleet, "hardened.json");
    Path out = dir.resolve("out");

    CliRun run = CliRun.of("eval", "--each", fleet.toString(), "--output-dir", out.toString(),
        "--format", "table,json", "--jobs", "2");

    assertEquals(ExitCode.FINDINGS, run.exit(), run.err());
    assertEquals(List.of("c1.kcis-report.json", "c1.kcis-report.txt", "c2.kcis-report.json",
        "c2.kcis-report.txt", "c3.kcis-report.json", "c3.kcis-report.txt",
        "hardened.kcis-report.json", "hardened.kcis-report.txt"), names(out));
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).matches("CLUSTER +PROFILE +PASS +FAIL +WARN +INCONCLUSIVE +MANUAL "
        + "+WAIVED +N/A +SCORE +EXIT +REPORT"), run.out());
    // Rows in the order of the bundles, whichever finished first.
    assertTrue(lines.get(1).startsWith("synthetic-1 "), run.out());
    assertTrue(lines.get(4).startsWith("hardened-demo "), run.out());
    assertTrue(run.out().contains("4 clusters (controls per status), 4 evaluated; exit 4; "
        + "reports in " + out), run.out());
    assertTrue(row(run, "hardened-demo").matches(".* 0  " + Pattern.quote(
        out.resolve("hardened.kcis-report.txt").toString())), row(run, "hardened-demo"));
    assertEquals(4, run.errLines().stream().filter(l -> l.matches("kcis: \\[[1-4]/4\\] .*"))
        .count(), run.err());

    for (int seed = 1; seed <= 3; seed++) {
      // Each report is the one a single eval of the bundle writes, and its row counts it.
      Path bundle = fleet.resolve("c" + seed + ".json");
      Path single = dir.resolve("single-" + seed + ".json");
      CliRun alone = CliRun.of("eval", bundle.toString(), "--format", "json", "--output",
          single.toString());
      assertEquals(ExitCode.FINDINGS, alone.exit(), alone.err());
      Path report = out.resolve("c" + seed + ".kcis-report.json");
      assertEquals(withoutTime(single), withoutTime(report), "report of c" + seed);
      JsonNode controls = JSON.readTree(report.toFile()).path("summary").path("controls");
      String row = row(run, "synthetic-" + seed);
      assertTrue(row.matches("synthetic-" + seed + " +cis-1\\.12 +" + controls.path("PASS")
          .asInt() + " +" + controls.path("FAIL").asInt() + " .* 4  "
          + Pattern.quote(out.resolve("c" + seed + ".kcis-report.txt")
              .toString())), row + "\n" + controls);
    }
  }

  @Test
  void aBadBundleIsARowWithItsErrorAndTheOthersAreEvaluated() throws IOException {
    Path fleet = dir.resolve("fleet");
    Path good = generate(fleet, "good.json", 7);
    Path bad = fleet.resolve("bad.json");
    Files.writeString(bad, "{\"apiVersion\": \"kcis.dev/v1\",\n  \"kind\": ");
    Path missing = fleet.resolve("missing.json");
    Path hardened = copy(EvalCommandTest.HARDENED, dir.resolve("other"), "hardened.json");
    Path out = dir.resolve("out");

    CliRun run = CliRun.of("eval", "--each", good.toString(), bad.toString(), missing.toString(),
        hardened.toString(), "--output-dir", out.toString(), "--format", "json", "--jobs", "3");

    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.out() + run.err());
    assertEquals(List.of("good.kcis-report.json", "hardened.kcis-report.json"), names(out));
    String badRow = row(run, bad.toString());
    assertTrue(badRow.matches(Pattern.quote(bad.toString()) + " +- .* 3  error: "
        + Pattern.quote(bad.toString()) + ":2:\\d+: malformed JSON.*"), badRow);
    assertTrue(row(run, missing.toString()).contains("3  error: "), run.out());
    assertTrue(row(run, "synthetic-7").contains(" 4  "), run.out());
    assertTrue(run.out().contains("4 clusters (controls per status), 2 evaluated, 2 not "
        + "evaluated; exit 3"), run.out());
    assertEquals(1, run.errLines().stream().filter(l -> l.contains(bad + ":2:")).count(),
        "the error once on stderr: " + run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace without --verbose");
  }

  @Test
  void aSubdirectoryIsOneClusterOfSeveralBundles() throws IOException {
    Path fleet = dir.resolve("fleet");
    Path cp = copy(EvalCommandTest.KUBEADM, fleet.resolve("prod"), "cp.json");
    Path api = fleet.resolve("prod").resolve("api.yaml");
    Files.writeString(api, "apiVersion: kcis.dev/v1\nkind: FactBundle\ncluster:\n"
        + "  name: kubeadm-demo\n");
    copy(EvalCommandTest.KUBEADM, fleet.resolve("mixed"), "a.json");
    copy(EvalCommandTest.HARDENED, fleet.resolve("mixed"), "b.json");
    copy(EvalCommandTest.HARDENED, fleet, "single.json");
    Files.createDirectories(fleet.resolve("notes"));
    Files.writeString(fleet.resolve("notes").resolve("README.txt"), "not a bundle");
    Path out = dir.resolve("out");

    CliRun run = each(out, fleet, "--format", "json");

    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.out() + run.err());
    assertEquals(List.of("prod.kcis-report.json", "single.kcis-report.json"), names(out));
    assertTrue(row(run, fleet.resolve("mixed").toString()).matches(".* 3  error: .*cluster .*"),
        run.out());
    assertTrue(run.out().contains("3 clusters (controls per status), 2 evaluated, 1 not "
        + "evaluated"), "notes/ holds no bundle and is no cluster: " + run.out());
    Path together = dir.resolve("together.json");
    CliRun alone = CliRun.of("eval", api.toString(), cp.toString(), "--benchmark", "cis-1.12",
        "--format", "json", "--output", together.toString());
    assertEquals(ExitCode.FINDINGS, alone.exit(), alone.err());
    assertEquals(withoutTime(together), withoutTime(out.resolve("prod.kcis-report.json")),
        "the bundles of prod/ are evaluated together, as eval does with both");
  }

  @Test
  void theExitCodeIsTheMostSeriousOfTheClusters() throws IOException {
    Path kubeadm = copy(EvalCommandTest.KUBEADM, dir, "kubeadm.json");
    Path hardened = copy(EvalCommandTest.HARDENED, dir, "hardened.json");
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "{\"apiVersion\": \"kcis.dev/v1\", \"kind\": \"FactBundle\"}\n");
    Path out = dir.resolve("out");
    assertEquals(ExitCode.OK, each(out, hardened).exit());
    assertEquals(ExitCode.FINDINGS, each(out, hardened, kubeadm).exit());
    assertEquals(ExitCode.OK, each(out, hardened, kubeadm, "--fail-on", "never").exit());
    CliRun nothing = each(out, kubeadm, empty);
    assertEquals(ExitCode.NOTHING_EVALUATED, nothing.exit(), nothing.err());
    assertTrue(nothing.err().contains("kcis: " + empty + ": warning: nothing was evaluated"),
        nothing.err());
    assertEquals(ExitCode.FINDINGS, each(out, kubeadm, empty, "--allow-empty").exit());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[]");
    assertEquals(ExitCode.INVALID_INPUT, each(out, kubeadm, empty, bad).exit());
  }

  private static CliRun each(Path out, Object... args) {
    List<String> all = new ArrayList<>(List.of("eval", "--each", "--output-dir", out.toString(),
        "--benchmark", "cis-1.12"));
    for (Object a : args) {
      all.add(a.toString());
    }
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void reportNamesAreMadeUniqueAndNeverOverwriteAnInput() throws IOException {
    Path a = copy(EvalCommandTest.HARDENED, dir.resolve("a"), "prod.json");
    Path b = copy(EvalCommandTest.HARDENED, dir.resolve("b"), "prod.json");
    Path c = copy(EvalCommandTest.HARDENED, dir.resolve("c"), "PROD.yaml");
    Path out = dir.resolve("out");
    CliRun run = each(out, a, b, c, "--format", "json,html");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertEquals(List.of("PROD-3.kcis-report.html", "PROD-3.kcis-report.json",
        "prod-2.kcis-report.html", "prod-2.kcis-report.json", "prod.kcis-report.html",
        "prod.kcis-report.json"), names(out));

    // A bundle that is where another bundle's report would go is never replaced.
    Path inOut = Files.copy(EvalCommandTest.HARDENED, out.resolve("x.kcis-report.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path x = copy(EvalCommandTest.HARDENED, dir, "x.json");
    byte[] before = Files.readAllBytes(inOut);
    CliRun refused = each(out, x, inOut, "--format", "json");
    assertEquals(ExitCode.USAGE, refused.exit(), refused.err());
    assertTrue(refused.err().contains("is also an input; refusing to overwrite it"),
        refused.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(inOut)));
  }

  @Test
  void usageErrors() throws IOException {
    Path bundle = copy(EvalCommandTest.HARDENED, dir, "prod.json");
    Path out = dir.resolve("out");
    Files.createDirectories(dir.resolve("nothing"));
    List<List<String>> wrong = List.of(
        List.of("eval", "--each", bundle.toString()),
        List.of("eval", "--each", bundle.toString(), "--output-dir", out.toString(), "--output",
            dir.resolve("r.txt").toString()),
        List.of("eval", "--each", bundle.toString(), "--output-dir", out.toString(), "--jobs",
            "0"),
        List.of("eval", bundle.toString(), "--jobs", "2"),
        List.of("eval", "--each", "-", "--output-dir", out.toString()),
        List.of("eval", "--each", dir.resolve("nothing").toString(), "--output-dir",
            out.toString()));
    for (List<String> args : wrong) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCode.USAGE, run.exit(), args + ": " + run.err());
      assertTrue(run.err().startsWith("kcis: "), run.err());
      assertFalse(Files.exists(out), args + " wrote nothing");
    }
  }

  @Test
  void theStoreRecordsEveryCluster() throws IOException {
    Path fleet = dir.resolve("fleet");
    generate(fleet, "one.json", 1);
    generate(fleet, "two.json", 2);
    String store = dir.resolve("history.db").toString();
    CliRun run = CliRun.of("eval", "--each", fleet.toString(), "--output-dir",
        dir.resolve("out").toString(), "--store", store, "--fail-on", "never");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertEquals(2, run.errLines().stream().filter(l -> l.contains(": stored run ")).count(),
        run.err());
    CliRun list = CliRun.of("history", "list", "--store", store, "--format", "json");
    assertEquals(ExitCode.OK, list.exit(), list.err());
    List<String> clusters = new ArrayList<>();
    JSON.readTree(list.out()).forEach(r -> clusters.add(r.path("cluster").asText()));
    assertEquals(List.of("synthetic-1", "synthetic-2"), clusters.stream().sorted().toList());
  }

  @Test
  void aStoreThatCannotBeOpenedLeavesTheReportsWrittenAndExits3() throws IOException {
    Path bundle = copy(EvalCommandTest.HARDENED, dir, "prod.json");
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    Path out = dir.resolve("out");
    CliRun run = each(out, bundle, "--store", notADirectory.resolve("history.db").toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.err());
    assertEquals(List.of("prod.kcis-report.txt"), names(out));
    assertTrue(run.out().contains("1 cluster (controls per status), 1 evaluated; exit 3"),
        run.out());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  @Test
  void namesAndSeverity() {
    assertEquals(List.of("a", "a-2", "A-3", "cluster", "b.kcis-report"),
        FleetEvaluation.reportNames(List.of(Path.of("x/a.json"), Path.of("y/a.yml"),
            Path.of("A.YAML"), Path.of(".json"), Path.of("b.kcis-report.json"))));
    assertEquals(ExitCode.INVALID_INPUT, FleetEvaluation.worse(ExitCode.FINDINGS,
        ExitCode.INVALID_INPUT));
    assertEquals(ExitCode.NOTHING_EVALUATED, FleetEvaluation.worse(ExitCode.NOTHING_EVALUATED,
        ExitCode.FINDINGS));
    assertEquals(ExitCode.INTERNAL, FleetEvaluation.worse(ExitCode.INVALID_INPUT,
        ExitCode.INTERNAL));
    assertEquals(ExitCode.FINDINGS, FleetEvaluation.worse(ExitCode.OK, ExitCode.FINDINGS));
  }
}
