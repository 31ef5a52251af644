package dev.kcis.facts;

/**
 * One of a container's {@code volumeMounts}, joined with the pod volume it mounts: where it is
 * mounted and what the volume is ({@code hostPath} with its path, {@code secret} with the Secret's
 * name...).
 */
public final class VolumeMount {

  private final String name;
  private final String mountPath;
  private final boolean readOnly;
  private final String subPath;
  private final String volumeKind;
  private final String source;

  /**
   * @param name the volume's name
   * @param mountPath where it is mounted in the container
   * @param readOnly true when mounted read-only
   * @param subPath the sub-path mounted ({@code subPath} or {@code subPathExpr}), or {@code null}
   * @param volumeKind the pod volume's source type ({@code hostPath}, {@code secret},
   *     {@code configMap}, {@code emptyDir}, {@code projected}, {@code persistentVolumeClaim}...),
   *     or {@code null} when the pod declares no volume of that name
   * @param source what the volume reads: a hostPath's path, a Secret's or ConfigMap's name, a
   *     claim's name; {@code null} for the others
   */
  public VolumeMount(String name, String mountPath, boolean readOnly, String subPath,
      String volumeKind, String source) {
    this.name = name;
    this.mountPath = mountPath;
    this.readOnly = readOnly;
    this.subPath = subPath;
    this.volumeKind = volumeKind;
    this.source = source;
  }

  public String getName() {
    return name;
  }

  public String getMountPath() {
    return mountPath;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  public String getSubPath() {
    return subPath;
  }

  public String getVolumeKind() {
    return volumeKind;
  }

  public String getSource() {
    return source;
  }

  /** The node path of a hostPath volume, else {@code null}. */
  public String getHostPath() {
    return "hostPath".equals(volumeKind) ? source : null;
  }

  @Override
  public String toString() {
    return name + " (" + volumeKind + (source == null ? "" : " " + source) + ") at " + mountPath
        + (readOnly ? " read-only" : "");
  }
}
