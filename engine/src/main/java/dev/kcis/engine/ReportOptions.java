package dev.kcis.engine;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a report is written: which results to show, which framework to roll up, and the choices of
 * particular formats. Every writer reads what applies to it and ignores the rest. Immutable.
 *
 * <pre>
 * ReportOptions failures = ReportOptions.builder()
 *     .statuses(Set.of(Status.FAIL, Status.WARN))
 *     .framework(Framework.NIST_800_53_R5)
 *     .build();
 * report.writeJson(out, failures);
 * </pre>
 */
public final class ReportOptions {

  private static final ReportOptions DEFAULTS = builder().build();

  private final Set<Status> statuses;
  private final Framework framework;
  private final Set<String> provenances;
  private final boolean inconclusiveAsNotes;
  private final boolean colour;
  private final boolean verbose;

  private ReportOptions(Builder b) {
    this.statuses = b.statuses.isEmpty() ? Set.of() : Set.copyOf(b.statuses);
    this.framework = b.framework;
    this.provenances = Set.copyOf(b.provenances);
    this.inconclusiveAsNotes = b.inconclusiveAsNotes;
    this.colour = b.colour;
    this.verbose = b.verbose;
  }

  /** Every result, no framework view, INCONCLUSIVE as SARIF notes, no colour. */
  public static ReportOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The statuses whose results are shown; empty shows all. Summaries always count everything. */
  public Set<Status> statuses() {
    return statuses;
  }

  /** Whether results with this status are shown. */
  public boolean shows(Status status) {
    return statuses.isEmpty() || statuses.contains(status);
  }

  /** The framework to roll results up to, if one was asked for. */
  public Optional<Framework> framework() {
    return Optional.ofNullable(framework);
  }

  /** The mapping provenances a framework view keeps; empty keeps all. */
  public Set<String> provenances() {
    return provenances;
  }

  /** The framework view these options ask for, if any. */
  public Optional<FrameworkView> frameworkView(Report report) {
    return framework().map(f -> FrameworkView.of(report, f, provenances));
  }

  /** SARIF: whether INCONCLUSIVE results are reported, as notes. */
  public boolean inconclusiveAsNotes() {
    return inconclusiveAsNotes;
  }

  /** Table: ANSI colours. */
  public boolean colour() {
    return colour;
  }

  /** Table: every target and the evidence of passing results. */
  public boolean verbose() {
    return verbose;
  }

  /** A {@link ReportOptions} builder. */
  public static final class Builder {
    private final Set<Status> statuses = EnumSet.noneOf(Status.class);
    private Framework framework;
    private final java.util.TreeSet<String> provenances = new java.util.TreeSet<>();
    private boolean inconclusiveAsNotes = true;
    private boolean colour;
    private boolean verbose;

    private Builder() {}

    /** Show only results with these statuses (empty: all). */
    public Builder statuses(Collection<Status> statuses) {
      this.statuses.clear();
      this.statuses.addAll(Objects.requireNonNull(statuses, "statuses"));
      return this;
    }

    /** Roll results up to this framework's requirements ({@code null}: none). */
    public Builder framework(Framework framework) {
      this.framework = framework;
      return this;
    }

    /**
     * Keep only mappings of these provenances in a framework view (empty: all).
     *
     * @throws IllegalArgumentException for a provenance other than sourced, transitive, derived
     */
    public Builder provenances(Collection<String> provenances) {
      for (String p : provenances) {
        if (!Set.of("sourced", "transitive", "derived").contains(p)) {
          throw new IllegalArgumentException("unknown provenance '" + p
              + "'; known: sourced, transitive, derived");
        }
      }
      this.provenances.clear();
      this.provenances.addAll(provenances);
      return this;
    }

    /** SARIF: report INCONCLUSIVE results as notes (default) or leave them out. */
    public Builder inconclusiveAsNotes(boolean inconclusiveAsNotes) {
      this.inconclusiveAsNotes = inconclusiveAsNotes;
      return this;
    }

    /** Table: ANSI colours. */
    public Builder colour(boolean colour) {
      this.colour = colour;
      return this;
    }

    /** Table: every target and the evidence of passing results. */
    public Builder verbose(boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    public ReportOptions build() {
      return new ReportOptions(this);
    }
  }
}
