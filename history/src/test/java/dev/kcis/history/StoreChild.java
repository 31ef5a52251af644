package dev.kcis.history;

import java.time.Instant;

/**
 * A separate process that stores one synthetic run, for the tests that need real processes:
 * concurrent writers, and a writer killed in the middle of its transaction. Arguments: the
 * store URL, the number of results, the cluster name.
 */
public final class StoreChild {

  private StoreChild() {}

  public static void main(String[] args) {
    int results = Integer.parseInt(args[1]);
    var report = Synthetic.report(args[2], results, true, Instant.now());
    try (HistoryStore store = HistoryStore.open(args[0])) {
      System.out.println("storing");
      System.out.flush();
      long id = store.store(report, RunInfo.none());
      System.out.println("stored " + id);
    } catch (HistoryException e) {
      System.out.println("failed " + e.getMessage());
      System.exit(3);
    }
  }
}
