package dev.kcis.engine;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A framework that controls map to, as {@link Mapping#framework()} names it. Used to roll results up
 * per framework requirement ({@link FrameworkView}) and to score a report per framework.
 *
 * <pre>
 * FrameworkView nist = FrameworkView.of(report, Framework.NIST_800_53_R5, Set.of());
 * </pre>
 */
public enum Framework {
  /** NIST SP 800-53 Rev. 5 controls, e.g. {@code AC-6(2)}. */
  NIST_800_53_R5("nist-800-53-r5", Mapping.NIST),
  /** AICPA SOC 2 Trust Services Criteria (2017), e.g. {@code CC6.1}. */
  SOC2("soc2", Mapping.SOC2),
  /** PCI DSS v4.0 requirements, e.g. {@code 7.2.1}. */
  PCI_DSS_4_0("pci-dss-4.0", Mapping.PCI_DSS),
  /** CIS Critical Security Controls v8 safeguards, e.g. {@code 3.3}. */
  CIS_CONTROLS_V8("cis-controls-v8", Mapping.CIS_CONTROLS);

  private final String id;
  private final String displayName;

  Framework(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  /** The id used on the command line and in reports, e.g. {@code nist-800-53-r5}. */
  public String id() {
    return id;
  }

  /** The name mappings carry, e.g. {@code NIST SP 800-53 r5}. */
  public String displayName() {
    return displayName;
  }

  /**
   * The framework with this id.
   *
   * @throws IllegalArgumentException naming the known ids when there is none
   */
  public static Framework byId(String id) {
    for (Framework f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown framework '" + id + "'; known: "
        + Arrays.stream(values()).map(Framework::id).collect(Collectors.joining(", ")));
  }

  /** The framework whose mappings carry this name, or {@code null}. */
  public static Framework byDisplayName(String name) {
    for (Framework f : values()) {
      if (f.displayName.equals(name)) {
        return f;
      }
    }
    return null;
  }
}
