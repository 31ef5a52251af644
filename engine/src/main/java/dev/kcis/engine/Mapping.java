package dev.kcis.engine;

import java.util.Objects;

/**
 * A control's mapping to an id of another framework, with where the mapping comes from, so that an
 * auditor can tell a published mapping from a hint.
 *
 * @param framework the framework, one of {@link #CIS_CONTROLS}, {@link #NIST}, {@link #SOC2},
 *     {@link #PCI_DSS}
 * @param id the id in that framework, e.g. {@code AC-6(2)}, {@code CC6.1}, {@code 7.2.1}
 * @param title the id's title in the framework's catalog, or {@code null} (CIS Controls v8)
 * @param provenance {@code sourced} (a published mapping), {@code transitive} (two published
 *     mappings chained) or {@code derived} (kcis's reasoning)
 * @param basis the published source, the chain, or the reasoning rule
 */
public record Mapping(String framework, String id, String title, String provenance,
    String basis) {

  public static final String CIS_CONTROLS = "CIS Controls v8";
  public static final String NIST = "NIST SP 800-53 r5";
  public static final String SOC2 = "SOC 2 TSC 2017";
  public static final String PCI_DSS = "PCI DSS v4.0";

  public Mapping {
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provenance, "provenance");
  }
}
