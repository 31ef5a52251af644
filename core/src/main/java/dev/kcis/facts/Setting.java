package dev.kcis.facts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The effective value of one setting of a component: a flag such as {@code --anonymous-auth}, or for
 * the kubelet and kube-proxy a config key such as {@code authentication.anonymous.enabled}.
 *
 * <p>The engine resolves precedence before rules run (flag over config file over the component's
 * default), so a rule reads one {@code Setting} per name and component. A setting with no value and
 * no default has {@link #getValue()} {@code null} and {@link #isSet()} false. Settings the engine
 * cannot resolve (a config file that could not be read) are not inserted: the rule then produces no
 * verdict and the engine reports the control INCONCLUSIVE with the collection error.
 *
 * <pre>
 * $s : Setting(component == "kube-apiserver", name == "--audit-log-maxage", intValue &gt;= 30)
 * </pre>
 */
public final class Setting implements Fact {

  private final String node;
  private final String component;
  private final String componentTarget;
  private final String name;
  private final String value;
  private final SettingSource source;
  private final String location;
  private final String path;

  /**
   * @param node the node the component runs on
   * @param component the component kind, e.g. {@code kube-apiserver}
   * @param componentTarget the component's target, e.g. {@code node/cp-1/kube-apiserver}
   * @param name the flag ({@code --profiling}) or config key ({@code readOnlyPort})
   * @param value the effective value as text (lists comma-joined), or {@code null} when unset
   * @param source where the value came from
   * @param location the file, process or unit it was read from
   * @param path where inside the location (argument index, key path), or {@code null}
   */
  public Setting(String node, String component, String componentTarget, String name, String value,
      SettingSource source, String location, String path) {
    this.node = node;
    this.component = Objects.requireNonNull(component, "component");
    this.componentTarget = Objects.requireNonNull(componentTarget, "componentTarget");
    this.name = Objects.requireNonNull(name, "name");
    this.value = value;
    this.source = Objects.requireNonNull(source, "source");
    this.location = location;
    this.path = path;
  }

  public String getComponent() {
    return component;
  }

  public String getName() {
    return name;
  }

  /** The effective value as text, or {@code null} when nothing sets it and it has no default. */
  public String getValue() {
    return value;
  }

  public SettingSource getSource() {
    return source;
  }

  public String getLocation() {
    return location;
  }

  /**
   * True when the setting has a non-empty value (explicit or default). An empty value
   * ({@code --audit-log-path=}) configures nothing, as in the components themselves.
   */
  public boolean isSet() {
    return value != null && !value.isEmpty();
  }

  /** True when the value is an integer of at least {@code minimum}; false when unset or not a number. */
  public boolean atLeast(long minimum) {
    Long number = getIntValue();
    return number != null && number >= minimum;
  }

  /** True when a flag, env var or config file sets it (not the default). */
  public boolean isExplicit() {
    return source != SettingSource.DEFAULT;
  }

  /** True when the value is a boolean true as Go parses it ({@code true}, {@code 1}, {@code T}...). */
  public boolean isTrue() {
    return Boolean.TRUE.equals(GoValues.parseBool(value));
  }

  /** True when the value is a boolean false as Go parses it ({@code false}, {@code 0}, {@code F}...). */
  public boolean isFalse() {
    return Boolean.FALSE.equals(GoValues.parseBool(value));
  }

  /** The value as an integer, or {@code null} when it is unset or not an integer. */
  public Long getIntValue() {
    return GoValues.parseInteger(value);
  }

  /** The value as a Go duration ({@code 4h0m0s}), or {@code null} when unset or not a duration. */
  public Duration getDuration() {
    return GoValues.parseDuration(value);
  }

  /** True when the value is a loopback IP literal (127.0.0.0/8, ::1); names are never resolved. */
  public boolean isLoopbackAddress() {
    return GoValues.isLoopbackIp(value);
  }

  /**
   * True when the value is {@code host:port}, {@code [v6]:port} or a bare IP on a loopback IP; an
   * empty host ({@code :10249}) is every interface.
   */
  public boolean isLoopbackHostPort() {
    return GoValues.isLoopbackHostPort(value);
  }

  /** The value as a comma-separated list, trimmed; empty when unset. */
  public List<String> getValues() {
    return GoValues.splitList(value);
  }

  /** True when the comma-separated value holds exactly this element (no substring matching). */
  public boolean has(String element) {
    return getValues().contains(element);
  }

  /**
   * For {@code key=value} lists such as {@code --feature-gates}: the value given to {@code key}, or
   * {@code null}. The last occurrence wins, as in pflag's map flags.
   */
  public String entry(String key) {
    String found = null;
    for (String element : getValues()) {
      int eq = element.indexOf('=');
      if (eq > 0 && element.substring(0, eq).trim().equals(key)) {
        found = element.substring(eq + 1).trim();
      }
    }
    return found;
  }

  /** The entries of a {@code key=value} list, last occurrence winning. */
  public Map<String, String> getEntries() {
    Map<String, String> entries = new java.util.LinkedHashMap<>();
    for (String element : getValues()) {
      int eq = element.indexOf('=');
      if (eq > 0) {
        entries.put(element.substring(0, eq).trim(), element.substring(eq + 1).trim());
      }
    }
    return entries;
  }

  @Override
  public String getTarget() {
    return componentTarget;
  }

  @Override
  public String getScope() {
    return componentTarget;
  }

  @Override
  public String getNode() {
    return node;
  }

  @Override
  public Observation observe() {
    return new Observation(name, value, source.label(), location, path);
  }

  @Override
  public String toString() {
    return componentTarget + " " + name + "=" + value + " (" + source.label() + ")";
  }
}
