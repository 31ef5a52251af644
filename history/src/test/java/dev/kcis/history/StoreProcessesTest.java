package dev.kcis.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes storing into one database: eight at once all land, and one killed in the middle
 * of its transaction leaves no row behind.
 */
class StoreProcessesTest {

  @TempDir
  Path dir;

  static Process child(String url, int results, String cluster) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.log.org.flywaydb=warn", StoreChild.class.getName(), url,
        String.valueOf(results), cluster)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url.startsWith("jdbc:sqlite:") ? url
        : url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void eightConcurrentWritersAllLand() throws Exception {
    for (String url : Stores.fresh(dir)) {
      List<Process> children = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        children.add(child(url, 20_000, "c" + i));
      }
      for (Process p : children) {
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "a writer did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("stored "), out);
      }
      try (HistoryStore store = HistoryStore.open(url)) {
        assertEquals(8, store.list(null, null, 0).size(), url);
      }
      assertEquals(8 * 20_000, count(url, "SELECT COUNT(*) FROM kcis_result"));
    }
  }

  @Test
  void aWriterKilledDuringItsTransactionLeavesNoRows() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("killed.db");
    try (HistoryStore store = HistoryStore.open(url)) {
      store.store(Synthetic.report("before", 10, true, java.time.Instant.now()),
          RunInfo.none());
    }
    Path wal = dir.resolve("killed.db-wal");
    long walBefore = Files.exists(wal) ? Files.size(wal) : 0;
    Process p = child(url, 400_000, "killed");
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    assertEquals("storing", out.readLine());
    // Rows are being written once the write-ahead log grows by a few MiB: kill then.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline && (!Files.exists(wal)
        || Files.size(wal) < walBefore + (4 << 20))) {
      Thread.sleep(5);
    }
    assertTrue(p.isAlive(), "the writer was still storing when killed");
    p.destroyForcibly();
    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    assertEquals(137, p.exitValue(), "killed (SIGKILL), not finished");
    try (HistoryStore store = HistoryStore.open(url)) {
      assertEquals(List.of("before"), store.list(null, null, 0).stream()
          .map(StoredRun::cluster).toList());
    }
    assertEquals(10, count(url, "SELECT COUNT(*) FROM kcis_result"), "no partial rows");
    assertEquals(10, count(url, "SELECT COUNT(*) FROM kcis_control"));
  }

  @Test
  void aPostgresWriterKilledDuringItsTransactionLeavesNoRows() throws Exception {
    String server = Stores.postgres();
    if (server == null) {
      return; // outside CI without PostgreSQL: the SQLite case above still runs
    }
    String url = Stores.freshPostgres(server);
    try (HistoryStore store = HistoryStore.open(url)) {
      store.store(Synthetic.report("before", 10, true, java.time.Instant.now()),
          RunInfo.none());
    }
    Process p = child(url, 400_000, "killed");
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    assertEquals("storing", out.readLine());
    // The transaction has begun once the run's row is inserted, uncommitted: wait for its lock.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline && count(server, "SELECT COUNT(*) FROM pg_locks l "
        + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.application_name = 'kcis' "
        + "AND l.mode = 'RowExclusiveLock'") == 0) {
      Thread.sleep(5);
    }
    Thread.sleep(300);
    assertTrue(p.isAlive(), "the writer was still storing when killed");
    p.destroyForcibly();
    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    assertEquals(137, p.exitValue(), "killed (SIGKILL), not finished");
    Thread.sleep(500); // the server notices the closed connection and rolls back
    assertEquals(1, count(url, "SELECT COUNT(*) FROM kcis_run"));
    assertEquals(10, count(url, "SELECT COUNT(*) FROM kcis_result"), "no partial rows");
  }
}
