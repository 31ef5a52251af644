package dev.kcis.report.internal;

import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Waiver;

/** How every format words a waiver: who accepted what, why, and until when. */
public final class WaiverText {

  private WaiverText() {}

  /**
   * {@code FAIL accepted by platform@example.com until 2027-06-30: Argo CD needs it (SEC-1234;
   * waivers.yaml:4)}.
   */
  public static String of(Result.Waived waived) {
    return waived.status().name() + " accepted by " + accepted(waived.waiver());
  }

  /** {@code platform@example.com until 2027-06-30: why (SEC-1234; waivers.yaml:4)}. */
  public static String accepted(Waiver w) {
    return w.owner() + " until " + w.expires() + ": " + w.reason() + " ("
        + (w.ticket() == null ? "" : w.ticket() + "; ") + w.source() + ")";
  }

  /** One line per waiver that did not apply as written: expired or unused. */
  public static String problem(Report.WaiverUse use) {
    Waiver w = use.waiver();
    return switch (use.state()) {
      case EXPIRED -> "expired " + w.expires() + ": " + w.describe() + " (" + w.source()
          + ", owner " + w.owner() + ")" + (use.results() == 0 ? ""
          : ": " + use.results() + " result" + (use.results() == 1 ? "" : "s")
              + " no longer waived");
      case UNUSED -> "unused: " + w.describe() + " (" + w.source() + ", owner " + w.owner()
          + ") matched no FAIL, WARN or INCONCLUSIVE result";
      case APPLIED -> "applied: " + w.describe() + " (" + w.source() + "): " + use.results()
          + " result" + (use.results() == 1 ? "" : "s") + " waived";
    };
  }

  /** {@code 1 applied, 1 expired, 1 unused}. */
  public static String counts(Report report) {
    StringBuilder s = new StringBuilder();
    for (Report.WaiverUse.State state : Report.WaiverUse.State.values()) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(report.waivers(state).size()).append(' ').append(state.id());
    }
    return s.toString();
  }
}
