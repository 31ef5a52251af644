package dev.kcis.history;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The databases the store's tests run against: an embedded SQLite file always, and the
 * PostgreSQL server that {@code KCIS_TEST_POSTGRES_URL} names (`.ci/run` starts one). Under CI
 * ({@code CI} set) a missing PostgreSQL URL fails the tests instead of skipping them.
 */
final class Stores {

  static final String POSTGRES_ENV = "KCIS_TEST_POSTGRES_URL";

  private Stores() {}

  /** The PostgreSQL URL, or null when none is given outside CI; fails under CI without one. */
  static String postgres() {
    String url = System.getenv(POSTGRES_ENV);
    if ((url == null || url.isBlank()) && System.getenv("CI") != null) {
      fail(POSTGRES_ENV + " is not set: CI runs the history tests against PostgreSQL "
          + "(.ci/run starts one)");
    }
    return url == null || url.isBlank() ? null : url;
  }

  /**
   * A URL of an empty PostgreSQL schema of its own, so that tests do not see each other's runs.
   */
  static String freshPostgres(String url) throws SQLException {
    String schema = "kcis_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** An empty store of each kind: SQLite in {@code dir}, and PostgreSQL when there is one. */
  static List<String> fresh(Path dir) throws SQLException {
    List<String> urls = new ArrayList<>();
    urls.add("jdbc:sqlite:" + dir.resolve("history-" + UUID.randomUUID() + ".db"));
    String postgres = postgres();
    if (postgres != null) {
      urls.add(freshPostgres(postgres));
    }
    return urls;
  }
}
