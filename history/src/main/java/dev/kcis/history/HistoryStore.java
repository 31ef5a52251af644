package dev.kcis.history;

import dev.kcis.engine.Framework;
import dev.kcis.engine.Report;
import dev.kcis.history.internal.Database;
import dev.kcis.history.internal.RunReader;
import dev.kcis.history.internal.RunWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The history of a cluster's compliance: each run's report, summary, cluster, benchmark, bundle
 * digests, versions and waivers, with every control and result as a row that SQL can query
 * (docs/history.md). Without a URL it is an embedded SQLite database at
 * {@code $KCIS_HOME/history.db} ({@code ~/.kcis} by default); with {@code jdbc:postgresql://...}
 * it is PostgreSQL, credentials from the URL or the {@code PG*} environment variables. Flyway
 * creates and migrates the same schema in both.
 *
 * <pre>
 * try (HistoryStore store = HistoryStore.open(null)) {      // ~/.kcis/history.db
 *   long run = store.store(report, RunInfo.none());          // one transaction
 *   List&lt;StoredRun&gt; runs = store.list("prod", null, 10);
 * }
 * </pre>
 *
 * <p>A store is used by one thread at a time; several processes may store into one database at
 * once (SQLite waits for the writer before it, up to a minute).
 */
public final class HistoryStore implements AutoCloseable {

  /** The file name of the embedded database in {@code $KCIS_HOME}. */
  public static final String DEFAULT_FILE = "history.db";

  private final Database db;

  private HistoryStore(Database db) {
    this.db = db;
  }

  /**
   * Opens (creating or migrating as needed) the store at {@code url}: {@code null} or empty for
   * the default SQLite file, {@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://HOST/DB}, or a
   * file path for SQLite.
   *
   * @throws HistoryException in one line when the database cannot be reached or migrated
   */
  public static HistoryStore open(String url) {
    return new HistoryStore(Database.open(url == null || url.isBlank() ? defaultUrl() : url));
  }

  /** {@code jdbc:sqlite:$KCIS_HOME/history.db}, {@code ~/.kcis} when KCIS_HOME is not set. */
  public static String defaultUrl() {
    return "jdbc:sqlite:" + home().resolve(DEFAULT_FILE);
  }

  /** {@code $KCIS_HOME}, or {@code ~/.kcis}. */
  public static Path home() {
    String home = System.getenv("KCIS_HOME");
    return home != null && !home.isBlank() ? Path.of(home)
        : Path.of(System.getProperty("user.home"), ".kcis");
  }

  /** The database, as messages name it: the URL without credentials. */
  public String describe() {
    return db.describe();
  }

  /**
   * Stores a run in one transaction: a failure or a kill leaves no part of it.
   *
   * @return the run id
   * @throws HistoryException when the database refuses it
   */
  public long store(Report report, RunInfo info) {
    return RunWriter.store(db, Objects.requireNonNull(report, "report"),
        Objects.requireNonNull(info, "info"));
  }

  /**
   * Runs, newest first.
   *
   * @param cluster only this cluster's, or {@code null} for all
   * @param since only those generated at or after this time, or {@code null}
   * @param limit at most this many (0 for all)
   */
  public List<StoredRun> list(String cluster, Instant since, int limit) {
    return RunReader.list(db, cluster, since, limit);
  }

  /** A run, or empty when the store does not hold it. */
  public Optional<StoredRun> run(long id) {
    return RunReader.run(db, id);
  }

  /**
   * The report of a run, as it was written.
   *
   * @throws HistoryException when the store does not hold the run
   */
  public Report report(long id) {
    return RunReader.report(db, id);
  }

  /**
   * A cluster's runs, oldest first, with the score of every control, of one control's targets
   * ({@code control} given), or of a framework's requirements ({@code framework} given).
   */
  public List<TrendPoint> trend(String cluster, String control, Framework framework) {
    return RunReader.trend(db, cluster, control, framework);
  }

  /**
   * Deletes runs (each with its rows, in one transaction): all but the newest {@code keep} of
   * each cluster, and/or those generated before {@code olderThan}.
   *
   * @return the number of runs deleted
   */
  public int prune(Integer keep, Instant olderThan) {
    return RunWriter.prune(db, keep, olderThan);
  }

  @Override
  public void close() {
    db.close();
  }
}
