package dev.kcis.facts;

/** Where the effective value of a {@link Setting} came from, in the order the component applies them. */
public enum SettingSource {
  /** A command-line flag: it wins over the config file. */
  FLAG("flag"),
  /** An environment variable (etcd {@code ETCD_*}). */
  ENV("env"),
  /** The component's config file ({@code --config}, etcd {@code --config-file}). */
  CONFIG_FILE("config-file"),
  /** The live configuration the kubelet reports on {@code /configz}. */
  CONFIGZ("configz"),
  /** Nothing set it: the component's documented default applies. */
  DEFAULT("default");

  private final String label;

  SettingSource(String label) {
    this.label = label;
  }

  /** The lower-case name used in bundles and reports. */
  public String label() {
    return label;
  }

  /** The source with the given bundle label, e.g. {@code config-file}. */
  public static SettingSource fromLabel(String label) {
    for (SettingSource source : values()) {
      if (source.label.equals(label)) {
        return source;
      }
    }
    throw new IllegalArgumentException("unknown setting source '" + label + "'");
  }
}
