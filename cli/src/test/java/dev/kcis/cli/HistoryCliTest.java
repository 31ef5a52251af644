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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --store}, {@code history list|show|trend|prune} and {@code diff RUN1 RUN2}: two
 * runs of one cluster, the kubeadm defaults then hardened, against SQLite and PostgreSQL.
 */
class HistoryCliTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** A sample bundle renamed to cluster {@code prod}, as two runs of one cluster would be. */
  Path bundle(Path sample, String name) throws IOException {
    ObjectNode tree = (ObjectNode) JSON.readTree(sample.toFile());
    ((ObjectNode) tree.get("cluster")).put("name", "prod");
    Path out = dir.resolve(name);
    JSON.writeValue(out.toFile(), tree);
    return out;
  }

  /** The stores to test: SQLite, and PostgreSQL when one is given (required under CI). */
  List<String> stores() throws Exception {
    List<String> urls = new ArrayList<>();
    urls.add("jdbc:sqlite:" + dir.resolve("h-" + UUID.randomUUID() + ".db"));
    String pg = System.getenv("KCIS_TEST_POSTGRES_URL");
    if ((pg == null || pg.isBlank()) && System.getenv("CI") != null) {
      throw new AssertionError("KCIS_TEST_POSTGRES_URL is not set: CI runs the history tests "
          + "against PostgreSQL (.ci/run starts one)");
    }
    if (pg != null && !pg.isBlank()) {
      String schema = "kcis_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0,
          12);
      try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      urls.add(pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }
    return urls;
  }

  @Test
  void twoRunsListTrendAndDiffAsFixed() throws Exception {
    Path kubeadm = bundle(EvalCommandTest.KUBEADM, "monday.json");
    Path hardened = bundle(EvalCommandTest.HARDENED, "tuesday.json");
    for (String url : stores()) {
      CliRun first = CliRun.of("eval", kubeadm.toString(), "--benchmark=cis-1.12", "--format",
          "json", "--output", dir.resolve("r1.json").toString(), "--store", url);
      assertEquals(ExitCode.FINDINGS, first.exit(), first.err());
      assertTrue(first.err().contains("kcis: stored run 1 in "), first.err());
      assertFalse(first.err().matches("(?s).*password=(?!\\*\\*\\*).*"),
          "no password on stderr: " + first.err());
      CliRun second = CliRun.of("eval", hardened.toString(), "--benchmark=cis-1.12", "--format",
          "json", "--output", dir.resolve("r2.json").toString(), "--store", url);
      assertEquals(ExitCode.OK, second.exit(), second.err());
      assertTrue(second.err().contains("kcis: stored run 2 in "), second.err());

      CliRun list = CliRun.of("history", "list", "--store", url, "--format", "json");
      assertEquals(ExitCode.OK, list.exit(), list.err());
      JsonNode runs = JSON.readTree(list.out());
      assertEquals(2, runs.size(), list.out());
      assertEquals(2, runs.get(0).path("id").asInt(), "newest first");
      assertEquals("prod", runs.get(0).path("cluster").asText());
      CliRun table = CliRun.of("history", "list", "--store", url, "--cluster", "prod",
          "--since", "2000-01-01", "--limit", "1");
      assertEquals(2, table.out().lines().count(), table.out());
      assertTrue(table.out().lines().toList().get(1).startsWith("2 "), table.out());

      CliRun trend = CliRun.of("history", "trend", "--store", url, "--cluster", "prod",
          "--format", "json");
      assertEquals(ExitCode.OK, trend.exit(), trend.err());
      JsonNode points = JSON.readTree(trend.out()).path("runs");
      assertEquals(2, points.size());
      assertTrue(points.get(1).path("percent").asDouble() > points.get(0).path("percent")
          .asDouble(), trend.out());
      assertTrue(points.get(0).path("failing").toString().contains("1.2.1"));
      CliRun control = CliRun.of("history", "trend", "--store", url, "--cluster", "prod",
          "--control", "1.2.1");
      assertTrue(control.out().contains("FAIL  node/cp-1/kube-apiserver"), control.out());
      CliRun nist = CliRun.of("history", "trend", "--store", url, "--cluster", "prod",
          "--framework", "nist-800-53-r5", "--format", "html");
      assertTrue(nist.out().contains("<svg") && nist.out().contains("<path d=\"M"), nist.out());

      CliRun fixed = CliRun.of("diff", "1", "2", "--store", url, "--format", "json");
      assertEquals(ExitCode.OK, fixed.exit(), fixed.err());
      JsonNode d = JSON.readTree(fixed.out());
      assertTrue(d.path("fixed").findValuesAsText("control").contains("1.2.1"), fixed.out());
      assertEquals("run 1", d.path("old").path("source").asText());
      CliRun regressed = CliRun.of("diff", "2", "1", "--store", url);
      assertEquals(ExitCode.FINDINGS, regressed.exit(), regressed.err());
      CliRun mixed = CliRun.of("diff", dir.resolve("r1.json").toString(), "2", "--store", url);
      assertEquals(ExitCode.OK, mixed.exit(), mixed.err());

      CliRun show = CliRun.of("history", "show", "1", "--store", url);
      assertEquals(ExitCode.OK, show.exit(), show.err());
      assertTrue(show.out().startsWith("Run 1: cluster prod, cis-1.12, generated "), show.out());
      assertTrue(show.out().contains("[FAIL]           1.2.1"), show.out());
      CliRun missing = CliRun.of("history", "show", "99", "--store", url);
      assertEquals(ExitCode.INVALID_INPUT, missing.exit());
      assertTrue(missing.err().startsWith("kcis: run 99: no such run in "), missing.err());

      CliRun prune = CliRun.of("history", "prune", "--keep", "1", "--store", url);
      assertEquals(ExitCode.OK, prune.exit(), prune.err());
      assertTrue(prune.err().startsWith("kcis: pruned 1 run from "), prune.err());
      assertEquals(1, JSON.readTree(CliRun.of("history", "list", "--store", url, "--format",
          "json").out()).size());
    }
  }

  @Test
  void theHtmlReportDrawsTheTrendOfTheStoredRuns() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("trend.db");
    Path kubeadm = bundle(EvalCommandTest.KUBEADM, "monday.json");
    assertEquals(ExitCode.FINDINGS, CliRun.of("eval", kubeadm.toString(),
        "--benchmark=cis-1.12", "--format", "json", "--output", dir.resolve("r.json").toString(),
        "--store", url).exit());
    Path html = dir.resolve("report.html");
    CliRun run = CliRun.of("eval", bundle(EvalCommandTest.HARDENED, "tuesday.json").toString(),
        "--benchmark=cis-1.12", "--format", "html", "--output", html.toString(), "--store", url);
    assertEquals(ExitCode.OK, run.exit(), run.err());
    String page = Files.readString(html);
    assertTrue(page.contains("<section class=\"card\" id=\"trend\""), "a trend section");
    assertTrue(page.contains("Trend: prod, 2 runs"), "the stored run and this one");
    assertTrue(page.contains("<path d=\"M"), "a line from run 1 to now");
    assertTrue(page.indexOf("id=\"trend\"") < page.indexOf("<div id=\"app\">"),
        "after the summary");
    CliRun plain = CliRun.of("eval", kubeadm.toString(), "--benchmark=cis-1.12", "--format",
        "html", "--output", dir.resolve("plain.html").toString());
    assertFalse(Files.readString(dir.resolve("plain.html")).contains("id=\"trend\""),
        plain.err());
  }

  @Test
  void withoutAUrlTheStoreIsKcisHome() throws IOException {
    Path home = Path.of(System.getenv("KCIS_HOME"));
    CliRun run = CliRun.of("eval", EvalCommandTest.HARDENED.toString(), "--benchmark=cis-1.12",
        "--format", "json", "--store", "--output", dir.resolve("r.json").toString());
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.err().contains("in jdbc:sqlite:" + home.resolve("history.db")), run.err());
    assertTrue(Files.exists(home.resolve("history.db")));
    // --store before a bundle does not take the bundle for a database
    CliRun before = CliRun.of("eval", "--store", EvalCommandTest.HARDENED.toString(),
        "--benchmark=cis-1.12", "--format", "json", "--output", dir.resolve("s.json")
            .toString());
    assertEquals(ExitCode.OK, before.exit(), before.err());
    assertTrue(before.err().contains("in jdbc:sqlite:" + home.resolve("history.db")),
        before.err());
  }

  @Test
  void anUnreachableDatabaseIsOneLineExitThreeAndTheReportIsStillWritten() throws IOException {
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--benchmark=cis-1.12",
        "--format", "json,sarif", "--output-dir", out.toString(), "--store",
        "jdbc:postgresql://127.0.0.1:1/kcis?user=kcis&password=s3cret");
    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.err());
    List<String> lines = run.errLines();
    assertEquals(3, lines.size(), run.err());
    assertTrue(lines.get(2).startsWith("kcis: cannot open the history database "
        + "jdbc:postgresql://127.0.0.1:1/kcis?user=kcis&password=***: "), lines.get(2));
    assertFalse(run.err().contains("s3cret"));
    assertTrue(Files.size(out.resolve("kcis-report.json")) > 1000);
    assertTrue(Files.exists(out.resolve("kcis-report.sarif")));
  }

  @Test
  void eightConcurrentEvaluationsAllLand() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("concurrent.db");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<CliRun>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Path report = dir.resolve("c" + i + ".json");
        runs.add(pool.submit(() -> CliRun.of("eval", EvalCommandTest.KUBEADM.toString(),
            "--benchmark=cis-1.12", "--format", "json", "--output", report.toString(),
            "--store", url)));
      }
      for (Future<CliRun> f : runs) {
        CliRun run = f.get();
        assertEquals(ExitCode.FINDINGS, run.exit(), run.err());
      }
    } finally {
      pool.shutdownNow();
    }
    JsonNode list = JSON.readTree(CliRun.of("history", "list", "--store", url, "--format",
        "json").out());
    assertEquals(8, list.size());
  }

  @Test
  void historyUsageErrors() {
    assertEquals(ExitCode.USAGE, CliRun.of("history", "prune").exit());
    assertEquals(ExitCode.USAGE, CliRun.of("history", "list", "--since", "yesterday").exit());
    assertEquals(ExitCode.USAGE, CliRun.of("history", "trend", "--cluster", "x", "--control",
        "1.2.1", "--framework", "soc2").exit());
  }
}
