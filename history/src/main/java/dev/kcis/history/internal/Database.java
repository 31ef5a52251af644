package dev.kcis.history.internal;

import dev.kcis.history.HistoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;

/**
 * One connection to the history database, SQLite or PostgreSQL, with the schema migrated.
 *
 * <p>SQLite: write-ahead logging (readers do not wait for a writer), transactions that take the
 * write lock when they begin ({@code BEGIN IMMEDIATE}, so two writers queue instead of failing on
 * a lock upgrade) and a busy timeout of a minute, so that concurrent {@code kcis eval --store}
 * processes all land.
 */
public final class Database implements AutoCloseable {

  /** How long a SQLite writer waits for the one before it. */
  static final int BUSY_TIMEOUT_MS = 60_000;

  private final String url;
  private final boolean postgres;
  private final Connection connection;

  private Database(String url, boolean postgres, Connection connection) {
    this.url = url;
    this.postgres = postgres;
    this.connection = connection;
  }

  public static Database open(String url) {
    String jdbc = url.startsWith("jdbc:") ? url : "jdbc:sqlite:" + url;
    boolean postgres = jdbc.startsWith("jdbc:postgresql:");
    if (!postgres && !jdbc.startsWith("jdbc:sqlite:")) {
      throw new HistoryException("--store " + redact(url) + ": not a history database URL "
          + "(jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE)");
    }
    Connection connection;
    try {
      connection = postgres ? postgres(jdbc) : sqlite(jdbc);
    } catch (SQLException e) {
      throw new HistoryException("cannot open the history database " + redact(jdbc) + ": "
          + oneLine(e), e);
    }
    Database db = new Database(jdbc, postgres, connection);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static Connection sqlite(String jdbc) throws SQLException {
    String file = jdbc.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    Path path = Path.of(query < 0 ? file : file.substring(0, query));
    if (!file.isEmpty() && !file.startsWith(":memory:") && path.getParent() != null) {
      try {
        Files.createDirectories(path.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new SQLException("cannot create " + path.toAbsolutePath().getParent() + ": "
            + e.getMessage(), e);
      }
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    // Switching a new database to WAL takes an exclusive lock that the busy timeout does not wait
    // for: processes opening it at once get SQLITE_BUSY here, and wait their turn instead.
    long deadline = System.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
    for (int attempt = 0; ; attempt++) {
      try {
        return DriverManager.getConnection(jdbc, config.toProperties());
      } catch (SQLException e) {
        boolean busy = e.getErrorCode() == 5 || String.valueOf(e.getMessage())
            .contains("SQLITE_BUSY");
        if (!busy || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(Math.min(50L + 25L * attempt, 500L));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * PostgreSQL: the user and password from the URL, else from {@code PGUSER} and
   * {@code PGPASSWORD}; a connection that cannot be made in 30 s fails (a refused one at once).
   */
  private static Connection postgres(String jdbc) throws SQLException {
    Properties props = new Properties();
    Map<String, String> env = System.getenv();
    if (!jdbc.contains("user=") && env.get("PGUSER") != null) {
      props.setProperty("user", env.get("PGUSER"));
    }
    if (!jdbc.contains("password=") && env.get("PGPASSWORD") != null) {
      props.setProperty("password", env.get("PGPASSWORD"));
    }
    props.setProperty("connectTimeout", "30");
    props.setProperty("loginTimeout", "30");
    props.setProperty("reWriteBatchedInserts", "true");
    props.setProperty("ApplicationName", "kcis");
    return DriverManager.getConnection(jdbc, props);
  }

  /**
   * Creates or migrates the schema. Several processes opening a new SQLite database at once race
   * to create it: the ones that lose try again once the winner is done.
   */
  private void migrate() {
    Flyway flyway = Flyway.configure()
        .dataSource(new SingleConnectionDataSource(connection))
        .locations("classpath:dev/kcis/history/migration")
        .placeholders(postgres
            ? Map.of("run_id", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                "blob", "BYTEA")
            : Map.of("run_id", "INTEGER PRIMARY KEY AUTOINCREMENT", "blob", "BLOB"))
        .table("kcis_schema_history")
        .loggers("slf4j")
        .load();
    FlywayException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        if (flyway.info().pending().length == 0) {
          return;
        }
        flyway.migrate();
        return;
      } catch (FlywayException e) {
        last = e;
        try {
          connection.setAutoCommit(true);
          Thread.sleep(100L + 50L * attempt);
        } catch (SQLException | InterruptedException ignored) {
          break;
        }
      }
    }
    throw new HistoryException("cannot create the history schema in " + describe() + ": "
        + oneLine(last), last);
  }

  public Connection connection() {
    return connection;
  }

  public boolean postgres() {
    return postgres;
  }

  /** The URL without credentials. */
  public String describe() {
    return redact(url);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing is left to save: a run is committed or rolled back before this.
    }
  }

  /** A URL without a password (user:password@ or password= parameter). */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
  }

  /** An exception's message as one line, with the deepest cause that says more. */
  public static String oneLine(Throwable e) {
    Throwable t = e;
    String message = String.valueOf(e.getMessage());
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null && !message.contains(t.getMessage())) {
        message = message + ": " + t.getMessage();
      }
    }
    return redact(message.replaceAll("\\s*\\R\\s*", " ").strip());
  }
}
