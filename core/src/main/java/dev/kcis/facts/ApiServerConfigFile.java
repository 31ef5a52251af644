package dev.kcis.facts;

/**
 * A config file a kube-apiserver reads through a flag, reduced to what rules judge. There is one
 * fact per API server also when the flag is not set, so a rule can tell "not configured" from "not
 * in the evidence".
 */
public abstract class ApiServerConfigFile implements Fact {

  private final String node;
  private final String path;
  private final boolean readable;
  private final String location;

  /**
   * @param node the node the API server runs on
   * @param path the file the flag names, or {@code null} when the flag is not set
   * @param readable true when the file's content is in the evidence
   * @param location the API server's source, for evidence when there is no file
   */
  protected ApiServerConfigFile(String node, String path, boolean readable, String location) {
    this.node = node;
    this.path = path;
    this.readable = readable;
    this.location = location;
  }

  /** True when the flag names a file. */
  public boolean isConfigured() {
    return path != null && !path.isEmpty();
  }

  /** True when the file's content is in the evidence. */
  public boolean isReadable() {
    return readable;
  }

  /** The file the flag names, or {@code null}. */
  public String getPath() {
    return path;
  }

  @Override
  public String getTarget() {
    return "node/" + node + "/kube-apiserver";
  }

  @Override
  public String getScope() {
    return getTarget();
  }

  @Override
  public String getNode() {
    return node;
  }

  /**
   * The evidence of this fact: {@code value} observed in the file at {@code pathInFile}, or, with no
   * file, {@code whenUnset} observed on the API server.
   */
  protected Observation observation(String item, String whenUnset, String value,
      String pathInFile) {
    String shown = !isConfigured() ? whenUnset : !readable ? "unreadable" : value;
    return new Observation(item, shown, "config-file", isConfigured() ? path : location,
        isConfigured() ? pathInFile : null);
  }
}
