package dev.kcis.engine;

import dev.kcis.facts.Observation;
import java.util.List;

/**
 * Why a result has its status: what was expected and what was observed, where.
 *
 * @param expected what complies, e.g. {@code --anonymous-auth=false}
 * @param observed what was seen, with its source and location; empty when nothing was found
 */
public record Evidence(String expected, List<Observation> observed) {

  public Evidence {
    observed = List.copyOf(observed);
  }
}
