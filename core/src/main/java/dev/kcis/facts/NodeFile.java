package dev.kcis.facts;

import java.util.Objects;

/**
 * A file or directory on a node, as the collector found it: mode, owner and group, or missing.
 *
 * <p>{@link #getRole()} says what the file is for ({@code kube-apiserver-manifest},
 * {@code kubelet-config}, {@code pki-key}...), so rules do not depend on one distribution's
 * paths. Compare modes with {@link #hasModeAtMost(String)}, which reads "this mode or more
 * restrictive".
 */
public final class NodeFile implements Fact {

  private final String node;
  private final String path;
  private final String role;
  private final String component;
  private final String via;
  private final boolean exists;
  private final String type;
  private final Integer mode;
  private final Long uid;
  private final Long gid;
  private final String owner;
  private final String group;

  /**
   * @param node the node it is on
   * @param path the absolute path on the node
   * @param role what the file is for
   * @param component the component kind it belongs to, or {@code null}
   * @param via how the collector chose the path ({@code default}, {@code flag --kubeconfig},
   *     {@code config <key>}, {@code found}), or {@code null}
   * @param exists false when the collector looked and found nothing
   * @param type {@code file}, {@code directory}, {@code symlink}..., or {@code null} when missing
   * @param mode the permission bits (e.g. {@code 0600}), or {@code null} when missing
   * @param uid numeric owner, or {@code null}
   * @param gid numeric group, or {@code null}
   * @param owner owner name resolved on the node, or {@code null}
   * @param group group name resolved on the node, or {@code null}
   */
  public NodeFile(String node, String path, String role, String component, String via,
      boolean exists,
      String type, Integer mode, Long uid, Long gid, String owner, String group) {
    this.node = Objects.requireNonNull(node, "node");
    this.path = Objects.requireNonNull(path, "path");
    this.role = role;
    this.component = component;
    this.via = via;
    this.exists = exists;
    this.type = type;
    this.mode = mode;
    this.uid = uid;
    this.gid = gid;
    this.owner = owner;
    this.group = group;
  }

  public String getPath() {
    return path;
  }

  public String getRole() {
    return role;
  }

  public String getComponent() {
    return component;
  }

  /** How the collector chose the path: {@code default}, {@code flag --x}, {@code config k}, {@code found}. */
  public String getVia() {
    return via;
  }

  /**
   * True when a flag or config key of the component names this path, so a missing file is a
   * broken reference rather than an unused default.
   */
  public boolean isNamedByComponent() {
    return via != null && (via.startsWith("flag ") || via.startsWith("config "));
  }

  public boolean isExists() {
    return exists;
  }

  public String getType() {
    return type;
  }

  /** The permission bits, or {@code null} when the file is missing. */
  public Integer getMode() {
    return mode;
  }

  /** The permission bits as four octal digits ({@code 0644}), or {@code null}. */
  public String getModeText() {
    return mode == null ? null : String.format("%04o", mode);
  }

  public Long getUid() {
    return uid;
  }

  public Long getGid() {
    return gid;
  }

  public String getOwner() {
    return owner;
  }

  public String getGroup() {
    return group;
  }

  /**
   * True when the file grants no permission bit outside {@code octal} (e.g. {@code "600"}): the
   * mode is that or more restrictive. False when the file is missing.
   */
  public boolean hasModeAtMost(String octal) {
    if (mode == null) {
      return false;
    }
    int allowed = Integer.parseInt(octal, 8);
    return (mode & ~allowed & 07777) == 0;
  }

  /**
   * True when owner and group are exactly {@code "user:group"} (e.g. {@code root:root}), by the
   * names the node resolves. Where the node gave no name (no {@code /etc/passwd} or
   * {@code /etc/group} in a copied tree), {@code root} is id 0, as on every Linux system; other
   * names cannot be told from ids, see {@link #isOwnershipKnown}.
   */
  public boolean isOwnedBy(String ownerAndGroup) {
    int colon = ownerAndGroup.indexOf(':');
    return exists && colon > 0
        && named(owner, uid, ownerAndGroup.substring(0, colon))
        && named(group, gid, ownerAndGroup.substring(colon + 1));
  }

  /**
   * True when the evidence decides {@link #isOwnedBy} for {@code "user:group"}: the names are
   * known, or the ids settle it (id 0 is root and nothing else; only root is id 0).
   */
  public boolean isOwnershipKnown(String ownerAndGroup) {
    int colon = ownerAndGroup.indexOf(':');
    return exists && colon > 0
        && known(owner, uid, ownerAndGroup.substring(0, colon))
        && known(group, gid, ownerAndGroup.substring(colon + 1));
  }

  private static boolean named(String name, Long id, String expected) {
    if (name != null) {
      return name.equals(expected);
    }
    return expected.equals("root") && id != null && id == 0;
  }

  private static boolean known(String name, Long id, String expected) {
    return name != null || (id != null && (expected.equals("root") || id == 0));
  }

  @Override
  public String getTarget() {
    return "node/" + node + ":" + path;
  }

  @Override
  public String getScope() {
    return component == null ? "node/" + node : "node/" + node + "/" + component;
  }

  @Override
  public String getNode() {
    return node;
  }

  @Override
  public Observation observe() {
    String value = exists
        ? "mode=" + getModeText() + " owner=" + (owner != null ? owner : uid) + ":"
            + (group != null ? group : gid)
        : "missing";
    return new Observation(role != null ? role : "file", value, "stat", "node/" + node + ":" + path,
        via);
  }

  @Override
  public String toString() {
    return getTarget() + " " + observe().value();
  }
}
