package dev.kcis.history.internal;

import dev.kcis.engine.Framework;
import dev.kcis.engine.Report;
import dev.kcis.engine.Status;
import dev.kcis.history.HistoryException;
import dev.kcis.history.StoredRun;
import dev.kcis.history.TrendPoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Reads runs, reports and trends. */
public final class RunReader {

  private static final String COLUMNS = "id, generated_at, stored_at, cluster, benchmark, "
      + "kcis_version, controls_pass, controls_fail, controls_warn, controls_inconclusive, "
      + "controls_manual, controls_not_applicable, controls_waived, results, score_percent, "
      + "worst_status, waivers_applied, waivers_expired, waivers_unused";

  private RunReader() {}

  public static List<StoredRun> list(Database db, String cluster, Instant since, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM kcis_run WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (cluster != null) {
      sql.append(" AND cluster = ?");
      args.add(cluster);
    }
    if (since != null) {
      sql.append(" AND generated_at >= ?");
      args.add(RunWriter.TIME.format(since));
    }
    sql.append(" ORDER BY generated_at DESC, id DESC");
    if (limit > 0) {
      sql.append(" LIMIT ").append(limit);
    }
    return query(db, sql.toString(), args);
  }

  public static Optional<StoredRun> run(Database db, long id) {
    List<StoredRun> runs = query(db, "SELECT " + COLUMNS + " FROM kcis_run WHERE id = "
        + id, List.of());
    return runs.stream().findFirst();
  }

  private static List<StoredRun> query(Database db, String sql, List<String> args) {
    try (PreparedStatement s = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        s.setString(i + 1, args.get(i));
      }
      List<StoredRun> runs = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          runs.add(storedRun(rs));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw new HistoryException("cannot read " + db.describe() + ": " + Database.oneLine(e), e);
    }
  }

  private static StoredRun storedRun(ResultSet rs) throws SQLException {
    Map<Status, Integer> controls = new EnumMap<>(Status.class);
    int column = 7;
    for (Status status : List.of(Status.PASS, Status.FAIL, Status.WARN, Status.INCONCLUSIVE,
        Status.MANUAL, Status.NOT_APPLICABLE, Status.WAIVED)) {
      controls.put(status, rs.getInt(column++));
    }
    double score = rs.getDouble("score_percent");
    Double scorePercent = rs.wasNull() ? null : score;
    Map<String, Integer> waivers = new LinkedHashMap<>();
    for (Report.WaiverUse.State state : Report.WaiverUse.State.values()) {
      waivers.put(state.id(), rs.getInt("waivers_" + state.id()));
    }
    return new StoredRun(rs.getLong("id"), Instant.parse(rs.getString("generated_at")),
        Instant.parse(rs.getString("stored_at")), rs.getString("cluster"),
        rs.getString("benchmark"), rs.getString("kcis_version"), controls, rs.getInt("results"),
        scorePercent, Status.valueOf(rs.getString("worst_status")), waivers);
  }

  public static Report report(Database db, long id) {
    byte[] gzip;
    try (PreparedStatement s = db.connection().prepareStatement(
        "SELECT report_json_gzip FROM kcis_run WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new HistoryException("run " + id + ": no such run in " + db.describe()
              + " (kcis history list names them)");
        }
        gzip = rs.getBytes(1);
      }
    } catch (SQLException e) {
      throw new HistoryException("cannot read " + db.describe() + ": " + Database.oneLine(e), e);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return Report.readJson(in, "run " + id);
    } catch (IOException e) {
      throw new HistoryException("run " + id + ": the stored report cannot be read: "
          + e.getMessage(), e);
    }
  }

  public static List<TrendPoint> trend(Database db, String cluster, String control,
      Framework framework) {
    Connection c = db.connection();
    List<TrendPoint> points = new ArrayList<>();
    String where = cluster == null ? "cluster IS NULL" : "cluster = ?";
    try {
      if (control != null) {
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.generated_at, "
            + "r.benchmark, c.status FROM kcis_run r JOIN kcis_control c ON c.run_id = r.id "
            + "WHERE r." + where + " AND c.control_id = ? ORDER BY r.generated_at, r.id");
            PreparedStatement targets = c.prepareStatement("SELECT status, target FROM "
                + "kcis_result WHERE run_id = ? AND control_id = ? ORDER BY seq")) {
          int i = 1;
          if (cluster != null) {
            s.setString(i++, cluster);
          }
          s.setString(i, control);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              long id = rs.getLong(1);
              targets.setLong(1, id);
              targets.setString(2, control);
              int passed = 0;
              int failed = 0;
              int inconclusive = 0;
              List<String> failing = new ArrayList<>();
              try (ResultSet t = targets.executeQuery()) {
                while (t.next()) {
                  switch (Status.valueOf(t.getString(1))) {
                    case PASS -> passed++;
                    case FAIL, WARN -> {
                      failed++;
                      failing.add(t.getString(2));
                    }
                    case INCONCLUSIVE -> inconclusive++;
                    default -> { }
                  }
                }
              }
              points.add(new TrendPoint(id, Instant.parse(rs.getString(2)), rs.getString(3),
                  passed, failed, inconclusive, percent(passed, failed, inconclusive),
                  Status.valueOf(rs.getString(4)), failing));
            }
          }
        }
        return points;
      }
      String scope = framework == null ? "overall" : "framework";
      String scopeId = framework == null ? "controls" : framework.id();
      try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.generated_at, r.benchmark, "
          + "s.passed, s.failed, s.inconclusive, s.percent FROM kcis_run r JOIN kcis_score s "
          + "ON s.run_id = r.id WHERE r." + where + " AND s.scope = ? AND s.scope_id = ? "
          + "ORDER BY r.generated_at, r.id");
          PreparedStatement failing = c.prepareStatement("SELECT control_id FROM kcis_control "
              + "WHERE run_id = ? AND status IN ('FAIL', 'WARN') ORDER BY control_id")) {
        int i = 1;
        if (cluster != null) {
          s.setString(i++, cluster);
        }
        s.setString(i++, scope);
        s.setString(i, scopeId);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            List<String> failed = new ArrayList<>();
            failing.setLong(1, id);
            try (ResultSet f = failing.executeQuery()) {
              while (f.next()) {
                failed.add(f.getString(1));
              }
            }
            double percent = rs.getDouble(7);
            Double p = rs.wasNull() ? null : percent;
            points.add(new TrendPoint(id, Instant.parse(rs.getString(2)), rs.getString(3),
                rs.getInt(4), rs.getInt(5), rs.getInt(6), p, null, failed));
          }
        }
      }
      return points;
    } catch (SQLException e) {
      throw new HistoryException("cannot read " + db.describe() + ": " + Database.oneLine(e), e);
    }
  }

  private static Double percent(int passed, int failed, int inconclusive) {
    int decided = passed + failed + inconclusive;
    return decided == 0 ? null : 100.0 * passed / decided;
  }
}
