package dev.kcis.facts;

/**
 * How an evaluation reads a recommendation where the benchmark's pass condition and the value in
 * effect differ: one of these is a fact in every evaluation, so a rule can follow either reading.
 *
 * <p>{@link #CIS} (the default) follows the pass condition as CIS writes it, its audit and its
 * text: {@code --rotate-certificates} absent passes 4.2.10 because the benchmark's audit accepts
 * absence, although the kubelet's default is {@code false}. {@link #STRICT} judges the value in
 * effect as well, and never passes what the CIS reading fails: the same kubelet fails. Either way
 * the evidence states the value in effect and the default where they differ.
 *
 * <pre>
 * when
 *     Semantics($strict : strict)
 *     $rotate : Setting(component == "kubelet", name == "rotateCertificates")
 * then
 *     ...
 * </pre>
 */
public enum Semantics {
  /** The benchmark's pass condition, as its audit and text state it. */
  CIS("cis"),
  /** The value in effect, and the benchmark's pass condition: the stricter of the two. */
  STRICT("strict");

  private final String label;

  Semantics(String label) {
    this.label = label;
  }

  /** True for {@link #STRICT}. */
  public boolean isStrict() {
    return this == STRICT;
  }

  /** The lower-case name used in reports and on the command line: {@code cis}, {@code strict}. */
  public String label() {
    return label;
  }
}
