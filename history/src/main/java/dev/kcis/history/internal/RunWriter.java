package dev.kcis.history.internal;

import dev.kcis.engine.Framework;
import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.engine.Result;
import dev.kcis.engine.Score;
import dev.kcis.engine.Scores;
import dev.kcis.engine.Status;
import dev.kcis.engine.Waiver;
import dev.kcis.facts.Observation;
import dev.kcis.history.HistoryException;
import dev.kcis.history.RunInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes a run, and deletes runs, each in one transaction. */
public final class RunWriter {

  /** Rows sent to the database at once: a 100,000-result run is 20 round trips. */
  static final int BATCH = 5_000;

  /** Times as stored: UTC, milliseconds, one width, so text order is time order. */
  public static final DateTimeFormatter TIME = DateTimeFormatter
      .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RunWriter() {}

  public static long store(Database db, Report report, RunInfo info) {
    byte[] json = gzipJson(report);
    Connection c = db.connection();
    try {
      c.setAutoCommit(false);
      try {
        long id = insertRun(c, report, info, json);
        insertBundles(c, id, info);
        insertControls(c, id, report);
        insertResults(c, id, report);
        insertWaivers(c, id, report);
        insertScores(c, id, report);
        c.commit();
        return id;
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new HistoryException("cannot store the run in " + db.describe() + ": "
          + Database.oneLine(e), e);
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The database drops an uncommitted transaction with the connection anyway.
    }
  }

  private static byte[] gzipJson(Report report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 1 << 16)) {
      report.writeJson(gzip, ReportOptions.defaults());
    } catch (IOException e) {
      throw new HistoryException("cannot write the report to store: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  private static long insertRun(Connection c, Report report, RunInfo info, byte[] json)
      throws SQLException {
    Map<Status, Integer> counts = report.summary().controls();
    Score overall = Scores.of(report).overall();
    try (PreparedStatement s = c.prepareStatement("INSERT INTO kcis_run (generated_at, "
        + "stored_at, cluster, kubernetes_version, platform, benchmark, benchmark_name, "
        + "benchmark_version, kcis_version, rule_packs, inputs, worst_status, controls, "
        + "controls_pass, controls_fail, controls_warn, controls_inconclusive, controls_manual, "
        + "controls_not_applicable, controls_waived, results, score_percent, waivers_applied, "
        + "waivers_expired, waivers_unused, report_json_gzip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      int i = 1;
      s.setString(i++, TIME.format(report.generatedAt() == null ? Instant.now()
          : report.generatedAt()));
      s.setString(i++, TIME.format(Instant.now()));
      Report.ClusterInfo cluster = report.cluster();
      s.setString(i++, cluster == null ? null : cluster.name());
      s.setString(i++, cluster == null ? null : cluster.kubernetesVersion());
      s.setString(i++, cluster == null ? null : cluster.platform());
      s.setString(i++, report.profile().id());
      s.setString(i++, report.profile().name());
      s.setString(i++, report.profile().version());
      s.setString(i++, report.kcisVersion());
      s.setString(i++, String.join("\n", info.rulePacks()));
      s.setString(i++, String.join("\n", report.inputs()));
      s.setString(i++, report.worstStatus().name());
      s.setInt(i++, report.controls().size());
      for (Status status : List.of(Status.PASS, Status.FAIL, Status.WARN, Status.INCONCLUSIVE,
          Status.MANUAL, Status.NOT_APPLICABLE, Status.WAIVED)) {
        s.setInt(i++, counts.getOrDefault(status, 0));
      }
      s.setInt(i++, report.results().size());
      if (overall.percent() == null) {
        s.setNull(i++, Types.DOUBLE);
      } else {
        s.setDouble(i++, overall.percent());
      }
      for (Report.WaiverUse.State state : Report.WaiverUse.State.values()) {
        s.setInt(i++, report.waivers(state).size());
      }
      s.setBytes(i, json);
      try (ResultSet keys = s.executeQuery()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static void insertBundles(Connection c, long id, RunInfo info) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO kcis_bundle (run_id, seq, origin, sha256) VALUES (?, ?, ?, ?)")) {
      int seq = 0;
      for (RunInfo.Bundle b : info.bundles()) {
        s.setLong(1, id);
        s.setInt(2, seq++);
        s.setString(3, b.origin());
        s.setString(4, b.sha256());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void insertControls(Connection c, long id, Report report) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO kcis_control (run_id, "
        + "control_id, title, section, status, automated) VALUES (?, ?, ?, ?, ?, ?)")) {
      int n = 0;
      for (Report.ControlStatus control : report.controls()) {
        s.setLong(1, id);
        s.setString(2, control.id());
        s.setString(3, control.title());
        s.setString(4, control.section());
        s.setString(5, control.status().name());
        s.setInt(6, control.automated() ? 1 : 0);
        s.addBatch();
        if (++n % BATCH == 0) {
          s.executeBatch();
        }
      }
      s.executeBatch();
    }
  }

  private static void insertResults(Connection c, long id, Report report) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO kcis_result (run_id, seq, "
        + "control_id, rule_id, target, status, evidence_status, message, expected, observed, "
        + "waiver_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int seq = 0;
      for (Result r : report.results()) {
        s.setLong(1, id);
        s.setInt(2, seq++);
        s.setString(3, r.control());
        s.setString(4, r.rule());
        s.setString(5, r.target());
        s.setString(6, r.status().name());
        s.setString(7, (r.waived() != null ? r.waived().status() : r.status()).name());
        s.setString(8, r.message());
        s.setString(9, r.evidence() == null ? null : r.evidence().expected());
        s.setString(10, observed(r));
        s.setString(11, r.waived() == null ? null : r.waived().waiver().source());
        s.addBatch();
        if (seq % BATCH == 0) {
          s.executeBatch();
        }
      }
      s.executeBatch();
    }
  }

  /** {@code item = value (source, location path)}, one per line; null without evidence. */
  static String observed(Result r) {
    if (r.evidence() == null || r.evidence().observed().isEmpty()) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    for (Observation o : r.evidence().observed()) {
      lines.add(o.item() + " = " + (o.value() == null ? "(absent)" : o.value()) + " ("
          + o.source() + (o.location() == null ? "" : ", " + o.location())
          + (o.path() == null ? "" : " " + o.path()) + ")");
    }
    return String.join("\n", lines);
  }

  private static void insertWaivers(Connection c, long id, Report report) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO kcis_waiver (run_id, seq, "
        + "control_id, rule_id, target, owner, reason, expires, ticket, source, state, results) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int seq = 0;
      for (Report.WaiverUse use : report.waivers()) {
        Waiver w = use.waiver();
        s.setLong(1, id);
        s.setInt(2, seq++);
        s.setString(3, w.control());
        s.setString(4, w.rule());
        s.setString(5, w.target());
        s.setString(6, w.owner());
        s.setString(7, w.reason());
        s.setString(8, w.expires().toString());
        s.setString(9, w.ticket());
        s.setString(10, w.source());
        s.setString(11, use.state().id());
        s.setInt(12, use.results());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void insertScores(Connection c, long id, Report report) throws SQLException {
    Scores scores = Scores.of(report);
    try (PreparedStatement s = c.prepareStatement("INSERT INTO kcis_score (run_id, scope, "
        + "scope_id, passed, failed, inconclusive, excluded, percent) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      score(s, id, "overall", "controls", scores.overall());
      for (Map.Entry<String, Score> e : scores.sections().entrySet()) {
        score(s, id, "section", e.getKey(), e.getValue());
      }
      for (Map.Entry<Framework, Score> e : scores.frameworks().entrySet()) {
        score(s, id, "framework", e.getKey().id(), e.getValue());
      }
      s.executeBatch();
    }
  }

  private static void score(PreparedStatement s, long id, String scope, String scopeId,
      Score score) throws SQLException {
    s.setLong(1, id);
    s.setString(2, scope);
    s.setString(3, scopeId);
    s.setInt(4, score.passed());
    s.setInt(5, score.failed());
    s.setInt(6, score.inconclusive());
    s.setInt(7, score.excluded());
    if (score.percent() == null) {
      s.setNull(8, Types.DOUBLE);
    } else {
      s.setDouble(8, score.percent());
    }
    s.addBatch();
  }

  /** Deletes runs and their rows in one transaction; returns how many runs. */
  public static int prune(Database db, Integer keep, Instant olderThan) {
    Connection c = db.connection();
    try {
      List<Long> doomed = new ArrayList<>();
      if (keep != null) {
        // Per cluster (runs without a cluster name count as one), all but the newest keep.
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM (SELECT id, ROW_NUMBER() "
            + "OVER (PARTITION BY COALESCE(cluster, '') ORDER BY generated_at DESC, id DESC) "
            + "AS n FROM kcis_run) ranked WHERE n > ?")) {
          s.setInt(1, keep);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              doomed.add(rs.getLong(1));
            }
          }
        }
      }
      if (olderThan != null) {
        try (PreparedStatement s = c.prepareStatement(
            "SELECT id FROM kcis_run WHERE generated_at < ?")) {
          s.setString(1, TIME.format(olderThan));
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              if (!doomed.contains(rs.getLong(1))) {
                doomed.add(rs.getLong(1));
              }
            }
          }
        }
      }
      c.setAutoCommit(false);
      try {
        for (String table : List.of("kcis_bundle", "kcis_control", "kcis_result", "kcis_waiver",
            "kcis_score", "kcis_run")) {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE "
              + (table.equals("kcis_run") ? "id" : "run_id") + " = ?")) {
            for (long id : doomed) {
              s.setLong(1, id);
              s.addBatch();
            }
            s.executeBatch();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
      return doomed.size();
    } catch (SQLException e) {
      throw new HistoryException("cannot prune " + db.describe() + ": " + Database.oneLine(e), e);
    }
  }
}
