package dev.kcis.facts;

import java.util.Objects;

/**
 * One observed value with where it came from: the evidence of a result.
 *
 * @param item what was looked at: a flag, a config key, a file, an object
 * @param value what it was, or {@code null} when it was not set
 * @param source how the value was obtained: {@code flag}, {@code config-file}, {@code configz},
 *     {@code env}, {@code default}, {@code stat}, {@code api-object}
 * @param location where: a file, a process, an object reference
 * @param path where inside the location, when known: an argument index, a key path, a line
 */
public record Observation(String item, String value, String source, String location, String path) {

  public Observation {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(source, "source");
  }
}
