package dev.kcis.collect.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the paths a component names live, and how they map onto the node: the node itself (a
 * systemd service), a running process's mount namespace ({@code /proc/<pid>/root}), or a static
 * pod's container, whose paths reach the node only through {@code hostPath} volumes.
 */
final class PathSpace {

  /** A volume mount of a static pod's container. */
  private record Mount(String mountPath, String volume, String hostPath, String volumeType,
      String subPath) {}

  /** A container path that is not on the node: in the image, or on a non-hostPath volume. */
  static final class UnmappedPathException extends Exception {
    private static final long serialVersionUID = 1L;

    UnmappedPathException(String message) {
      super(message);
    }
  }

  private final NodeFs fs;
  private final String cwd;
  private final List<Mount> mounts;

  private PathSpace(NodeFs fs, String cwd, List<Mount> mounts) {
    this.fs = fs;
    this.cwd = cwd;
    this.mounts = mounts;
  }

  /** Paths on the node as they are, relative ones against {@code cwd}. */
  static PathSpace node(NodeFs fs, String cwd) {
    return new PathSpace(fs, cwd == null ? "/" : cwd, null);
  }

  /** Paths a static pod's container names, mapped through its hostPath volumes. */
  static PathSpace pod(NodeFs fs, Map<?, ?> podSpec, Map<?, ?> container) {
    List<Mount> mounts = new ArrayList<>();
    for (Object m : list(container.get("volumeMounts"))) {
      if (!(m instanceof Map<?, ?> mount) || !(mount.get("mountPath") instanceof String path)) {
        continue;
      }
      String name = String.valueOf(mount.get("name"));
      String hostPath = null;
      String type = "missing";
      for (Object v : list(podSpec.get("volumes"))) {
        if (v instanceof Map<?, ?> volume && name.equals(String.valueOf(volume.get("name")))) {
          type = volume.keySet().stream().map(String::valueOf).filter(k -> !k.equals("name"))
              .findFirst().orElse("unknown");
          if (volume.get("hostPath") instanceof Map<?, ?> hp && hp.get("path") instanceof String p) {
            hostPath = p;
          }
        }
      }
      String subPath = mount.get("subPath") instanceof String s && !s.isEmpty() ? s : null;
      mounts.add(new Mount(strip(path), name, hostPath, type, subPath));
    }
    return new PathSpace(fs, "/", mounts);
  }

  NodeFs fs() {
    return fs;
  }

  /** {@code path} made absolute against the working directory. */
  String absolute(String path) {
    if (path.startsWith("/")) {
      return path;
    }
    return (cwd.endsWith("/") ? cwd : cwd + "/") + path;
  }

  /**
   * The path in {@link #fs()} that an absolute path of this space names: the same path, or for a
   * static pod the hostPath volume's path.
   */
  String locate(String absolute) throws UnmappedPathException {
    if (mounts == null) {
      return absolute;
    }
    Mount best = null;
    for (Mount mount : mounts) {
      String prefix = mount.mountPath();
      boolean under = absolute.equals(prefix) || prefix.equals("/")
          || absolute.startsWith(prefix + "/");
      if (under && (best == null || prefix.length() > best.mountPath().length())) {
        best = mount;
      }
    }
    if (best == null) {
      return unmapped(absolute, "is in the container's image, not on a hostPath volume");
    }
    if (best.hostPath() == null) {
      return unmapped(absolute, "is on the pod's " + best.volumeType() + " volume '"
          + best.volume() + "', not on a hostPath volume");
    }
    String rest = best.mountPath().equals("/") ? absolute
        : absolute.substring(best.mountPath().length());
    String base = best.subPath() == null ? best.hostPath() : join(best.hostPath(), best.subPath());
    return rest.isEmpty() ? strip(base) : join(base, rest);
  }

  private static String join(String dir, String rest) {
    String head = strip(dir);
    String tail = rest.startsWith("/") ? rest.substring(1) : rest;
    return head.equals("/") ? "/" + tail : head + "/" + tail;
  }

  private static String unmapped(String path, String why) throws UnmappedPathException {
    throw new UnmappedPathException(path + " " + why + ", so the node holds no such file");
  }

  private static String strip(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }
}
