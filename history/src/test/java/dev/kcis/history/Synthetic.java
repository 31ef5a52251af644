package dev.kcis.history;

import dev.kcis.engine.Control;
import dev.kcis.engine.Evidence;
import dev.kcis.engine.Profile;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports of any size, for the store's tests: ten controls over many nodes. */
final class Synthetic {

  private Synthetic() {}

  /**
   * A report of {@code results} results over ten controls (9.0 to 9.9); control 9.0 fails on
   * every node when {@code failing}, the others pass.
   */
  static Report report(String cluster, int results, boolean failing, Instant at) {
    List<Control> controls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      controls.add(new Control("9." + i, "check " + i, "9", "Automated", 1,
          List.of("rule-" + i), null));
    }
    Profile profile = new Profile("synthetic", "Synthetic", "1", Map.of("9", "Synthetic"),
        controls);
    List<Result> rows = new ArrayList<>(results);
    Map<String, Status> worst = new LinkedHashMap<>();
    for (int n = 0; n < results; n++) {
      int c = n % 10;
      Status status = c == 0 && failing ? Status.FAIL : Status.PASS;
      String target = "node/n" + (n / 10) + "/component-" + c;
      rows.add(new Result("9." + c, "check " + c, status, target, "rule-" + c,
          status == Status.FAIL ? "flag is off" : null,
          new Evidence("--flag=true", List.of(new Observation("--flag",
              status == Status.FAIL ? "false" : "true", "flag", target, "args[3]"))),
          "set --flag=true", List.of()));
      worst.merge("9." + c, status, Status::worst);
    }
    List<Report.ControlStatus> statuses = new ArrayList<>();
    for (Control c : controls) {
      statuses.add(new Report.ControlStatus(c.id(), c.title(), "9",
          worst.getOrDefault(c.id(), Status.INCONCLUSIVE), true));
    }
    return new Report(profile, at, "0.1.0-test", new Report.ClusterInfo(cluster, "1.31",
        "kubeadm"), List.of("synthetic.json"), statuses, rows);
  }
}
