package dev.kcis.engine.internal;

import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.engine.Waiver;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies waivers to a report: a FAIL, WARN or INCONCLUSIVE result that a valid waiver matches
 * becomes WAIVED (the first matching waiver in file order accepts it), and each control's status is
 * aggregated again. Nothing becomes a PASS. A waiver past its date applies to nothing.
 */
public final class WaiverApplication {

  private WaiverApplication() {}

  /** The report with {@code waivers} applied on the day it was generated (UTC). */
  public static Report apply(Report report, List<Waiver> waivers) {
    if (waivers.isEmpty()) {
      return report;
    }
    LocalDate today = LocalDate.ofInstant(report.generatedAt(), ZoneOffset.UTC);
    int[] counts = new int[waivers.size()];
    List<Result> results = new ArrayList<>(report.results().size());
    Map<String, Status> controlStatus = new LinkedHashMap<>();
    for (Result result : report.results()) {
      Result out = result;
      if (waivable(result.status())) {
        // The first valid waiver accepts it; an expired one counts what it would have accepted.
        for (int i = 0; i < waivers.size(); i++) {
          Waiver w = waivers.get(i);
          boolean expired = w.expiredOn(today);
          if ((expired || out == result) && w.matches(result)) {
            counts[i]++;
            if (!expired) {
              out = result.waive(w);
            }
          }
        }
      }
      results.add(out);
      controlStatus.merge(out.control(), out.status(), Status::worst);
    }
    List<Report.ControlStatus> controls = report.controls().stream()
        .map(c -> new Report.ControlStatus(c.id(), c.title(), c.section(),
            controlStatus.getOrDefault(c.id(), c.status()), c.automated()))
        .toList();
    List<Report.WaiverUse> uses = new ArrayList<>();
    for (int i = 0; i < waivers.size(); i++) {
      Waiver w = waivers.get(i);
      Report.WaiverUse.State state = w.expiredOn(today) ? Report.WaiverUse.State.EXPIRED
          : counts[i] > 0 ? Report.WaiverUse.State.APPLIED : Report.WaiverUse.State.UNUSED;
      uses.add(new Report.WaiverUse(w, state, counts[i]));
    }
    return new Report(report.profile(), report.generatedAt(), report.kcisVersion(),
        report.cluster(), report.inputs(), controls, results, uses, report.semantics(),
        report.digests());
  }

  /** The statuses a waiver accepts: findings and undecided evidence, never a pass or a review. */
  public static boolean waivable(Status status) {
    return status == Status.FAIL || status == Status.WARN || status == Status.INCONCLUSIVE;
  }
}
