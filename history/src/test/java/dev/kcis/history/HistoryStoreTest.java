package dev.kcis.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.Report;
import dev.kcis.engine.Status;
import dev.kcis.report.ReportDiff;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history store, on SQLite and (when one is given) PostgreSQL. */
class HistoryStoreTest {

  static final Instant MONDAY = Instant.parse("2026-11-30T08:00:00Z");
  static final Instant TUESDAY = Instant.parse("2026-12-01T08:00:00Z");

  @TempDir
  Path dir;

  @Test
  void runsListShowTrendAndDiff() throws Exception {
    for (String url : Stores.fresh(dir)) {
      try (HistoryStore store = HistoryStore.open(url)) {
        long failing = store.store(Synthetic.report("prod", 100, true, MONDAY), new RunInfo(
            List.of(new RunInfo.Bundle("api.json", "ab".repeat(32))), List.of("my-rules")));
        long fixed = store.store(Synthetic.report("prod", 100, false, TUESDAY), RunInfo.none());
        long other = store.store(Synthetic.report("dev", 10, true, TUESDAY), RunInfo.none());

        List<StoredRun> prod = store.list("prod", null, 0);
        assertEquals(List.of(fixed, failing), prod.stream().map(StoredRun::id).toList(), url);
        assertEquals(3, store.list(null, null, 0).size());
        assertEquals(1, store.list(null, null, 1).size());
        assertEquals(List.of(other, fixed), store.list(null, TUESDAY, 0).stream()
            .map(StoredRun::id).toList());
        StoredRun first = store.run(failing).orElseThrow();
        assertEquals(1, first.controls(Status.FAIL));
        assertEquals(9, first.controls(Status.PASS));
        assertEquals(90.0, first.scorePercent(), 0.001);
        assertEquals(MONDAY, first.generatedAt());
        assertEquals(Status.FAIL, first.worstStatus());
        assertFalse(store.run(999_999).isPresent());

        List<TrendPoint> trend = store.trend("prod", null, null);
        assertEquals(List.of(90.0, 100.0), trend.stream().map(TrendPoint::percent).toList());
        assertEquals(List.of("9.0"), trend.get(0).failing());
        List<TrendPoint> control = store.trend("prod", "9.0", null);
        assertEquals(List.of(Status.FAIL, Status.PASS), control.stream()
            .map(TrendPoint::status).toList());
        assertEquals(10, control.get(0).failing().size(), "the failing targets");

        Report before = store.report(failing);
        assertEquals(100, before.results().size());
        ReportDiff diff = ReportDiff.of(before, store.report(fixed), "run " + failing,
            "run " + fixed);
        assertEquals(10, diff.fixed().size());
        assertEquals(0, diff.newFailures().size());
        assertThrows(HistoryException.class, () -> store.report(999_999));
      }
    }
  }

  @Test
  void resultsAreRowsThatSqlQueries() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("rows.db");
    long id;
    try (HistoryStore store = HistoryStore.open(url)) {
      id = store.store(Synthetic.report("prod", 50, true, MONDAY), RunInfo.none());
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT target, observed FROM kcis_result WHERE run_id = "
            + id + " AND status = 'FAIL' ORDER BY seq")) {
      assertTrue(rs.next());
      assertEquals("node/n0/component-0", rs.getString(1));
      assertEquals("--flag = false (flag, node/n0/component-0 args[3])", rs.getString(2));
      int n = 1;
      while (rs.next()) {
        n++;
      }
      assertEquals(5, n);
    }
  }

  @Test
  void aHundredThousandResultsStoreInSeconds() throws Exception {
    Report big = Synthetic.report("big", 100_000, true, MONDAY);
    for (String url : Stores.fresh(dir)) {
      try (HistoryStore store = HistoryStore.open(url)) {
        long start = System.nanoTime();
        long id = store.store(big, RunInfo.none());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("stored 100,000 results in " + took.toMillis() + " ms (" + url
            .replaceAll("\\?.*", "") + ")");
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, took.toString());
        assertEquals(100_000, store.run(id).orElseThrow().results());
      }
    }
  }

  @Test
  void pruneKeepsTheNewestOfEachClusterOrDropsOldRuns() throws Exception {
    for (String url : Stores.fresh(dir)) {
      try (HistoryStore store = HistoryStore.open(url)) {
        for (int day = 0; day < 4; day++) {
          store.store(Synthetic.report("prod", 10, true, MONDAY.plus(Duration.ofDays(day))),
              RunInfo.none());
        }
        store.store(Synthetic.report("dev", 10, true, MONDAY), RunInfo.none());
        assertEquals(3, store.prune(1, null));
        assertEquals(1, store.list("prod", null, 0).size());
        assertEquals(1, store.list("dev", null, 0).size());
        assertEquals(1, store.prune(null, TUESDAY));
        assertEquals(List.of("prod"), store.list(null, null, 0).stream()
            .map(StoredRun::cluster).toList());
      }
    }
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithoutThePassword() {
    HistoryException e = assertThrows(HistoryException.class, () -> HistoryStore.open(
        "jdbc:postgresql://127.0.0.1:1/kcis?user=kcis&password=s3cret"));
    assertTrue(e.getMessage().startsWith("cannot open the history database "
        + "jdbc:postgresql://127.0.0.1:1/kcis?user=kcis&password=***: "), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"));
    assertFalse(e.getMessage().contains("\n"));
    HistoryException notUrl = assertThrows(HistoryException.class,
        () -> HistoryStore.open("jdbc:mysql://db/kcis"));
    assertTrue(notUrl.getMessage().contains("not a history database URL"));
  }

  @Test
  void theDefaultStoreIsInKcisHome() {
    String home = System.getenv("KCIS_HOME");
    if (home != null) {
      assertEquals("jdbc:sqlite:" + Path.of(home, HistoryStore.DEFAULT_FILE),
          HistoryStore.defaultUrl());
    } else {
      assertEquals("jdbc:sqlite:" + Path.of(System.getProperty("user.home"), ".kcis",
          HistoryStore.DEFAULT_FILE), HistoryStore.defaultUrl());
    }
  }

  @Test
  void aRunWithoutAClusterNameIsStored() throws SQLException {
    for (String url : Stores.fresh(dir)) {
      try (HistoryStore store = HistoryStore.open(url)) {
        long id = store.store(Synthetic.report(null, 10, false, MONDAY), RunInfo.none());
        assertNull(store.run(id).orElseThrow().cluster());
        assertEquals(1, store.trend(null, null, null).size());
      }
    }
  }
}
