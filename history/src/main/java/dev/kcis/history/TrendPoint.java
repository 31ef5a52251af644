package dev.kcis.history;

import dev.kcis.engine.Status;
import java.time.Instant;
import java.util.List;

/**
 * One run in a trend: the score of what the trend follows (every control, one control's targets,
 * or a framework's requirements) and what failed.
 *
 * @param runId the run
 * @param generatedAt when its report was generated
 * @param benchmark the profile id
 * @param passed items that pass
 * @param failed items that fail or warn
 * @param inconclusive items whose evidence does not decide
 * @param percent the share of decided items that pass, or {@code null} when none is decided
 * @param status for a control's trend, the control's status (else {@code null})
 * @param failing what failed: control ids, or for a control's trend its failing targets
 */
public record TrendPoint(long runId, Instant generatedAt, String benchmark, int passed,
    int failed, int inconclusive, Double percent, Status status, List<String> failing) {

  public TrendPoint {
    failing = List.copyOf(failing);
  }
}
