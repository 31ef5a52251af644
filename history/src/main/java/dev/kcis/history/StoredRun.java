package dev.kcis.history;

import dev.kcis.engine.Status;
import java.time.Instant;
import java.util.Map;

/**
 * A run as the history store lists it: when, of which cluster and benchmark, and its control
 * counts and score.
 *
 * @param id the run id ({@code kcis history show ID}, {@code kcis diff ID1 ID2})
 * @param generatedAt when the report was generated
 * @param storedAt when the run was stored
 * @param cluster the cluster's name, or {@code null} when the bundles do not name it
 * @param benchmark the profile id, e.g. {@code cis-1.12}
 * @param kcisVersion the kcis version that evaluated it
 * @param controls control statuses, counted
 * @param results the number of results
 * @param scorePercent the share of decided controls that pass, or {@code null}
 * @param worstStatus the most urgent status of any result
 * @param waivers waivers counted by state ({@code applied}, {@code expired}, {@code unused})
 */
public record StoredRun(long id, Instant generatedAt, Instant storedAt, String cluster,
    String benchmark, String kcisVersion, Map<Status, Integer> controls, int results,
    Double scorePercent, Status worstStatus, Map<String, Integer> waivers) {

  public StoredRun {
    controls = Map.copyOf(controls);
    waivers = Map.copyOf(waivers);
  }

  /** Controls with this status. */
  public int controls(Status status) {
    return controls.getOrDefault(status, 0);
  }
}
