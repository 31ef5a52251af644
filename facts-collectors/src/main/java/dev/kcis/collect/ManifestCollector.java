package dev.kcis.collect;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.internal.ManifestScan;
import dev.kcis.core.internal.InputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects Kubernetes API objects from manifest files into a fact bundle: {@code kubectl get -o
 * yaml} or {@code -o json} output (its {@code List}s included), multi-document YAML, and
 * directories of manifests ({@code *.yaml}, {@code *.yml}, {@code *.json}, recursively).
 *
 * <p>Each object remembers the file and line it starts on, so reports can point at it. Objects
 * without a namespace are in the {@link #namespace} given, else in {@code default} where their
 * kind is namespaced (noted in the bundle). In a directory, files that hold no API object (a
 * kustomization, a Helm chart's templates and values) are skipped with a note; an object defined
 * twice is a collection error of its kind, so no rule over that kind passes. Secrets keep their
 * metadata only, ConfigMaps lose their data, and literal environment values that are credentials
 * are redacted. Control-plane pods become components of their node, and the
 * {@code kube-system/kube-proxy} ConfigMap the kube-proxy of every node, as
 * {@link ClusterCollector} does.
 *
 * <pre>
 * FactBundle bundle = ManifestCollector.of(List.of(Path.of("manifests/"))).collect();
 * </pre>
 */
public final class ManifestCollector {

  private final List<Path> paths;
  private final long maxFileBytes;
  private final String namespace;

  private ManifestCollector(List<Path> paths, long maxFileBytes, String namespace) {
    this.paths = paths;
    this.maxFileBytes = maxFileBytes;
    this.namespace = namespace;
  }

  /** A collector of the given files and directories, read in the order given. */
  public static ManifestCollector of(List<Path> paths) {
    List<Path> copy = new ArrayList<>();
    for (Path path : Objects.requireNonNull(paths, "paths")) {
      copy.add(Objects.requireNonNull(path, "path"));
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no manifest path given");
    }
    return new ManifestCollector(List.copyOf(copy), FactBundle.DEFAULT_MAX_BYTES, null);
  }

  /**
   * The same collector with another limit on the size of each file, in bytes (default
   * {@link FactBundle#DEFAULT_MAX_BYTES}); a larger file is refused before it is read.
   */
  public ManifestCollector maxFileSize(long maxBytes) {
    if (maxBytes < 1 || maxBytes > InputFiles.MAX_LIMIT) {
      throw new IllegalArgumentException("the file size limit must be between 1 and "
          + InputFiles.MAX_LIMIT + ", not " + maxBytes);
    }
    return new ManifestCollector(paths, maxBytes, namespace);
  }

  /**
   * The same collector placing objects that name no namespace in {@code namespace}, as {@code
   * kubectl apply -n NAMESPACE} does (objects that name one keep theirs). Without it they are
   * judged as in {@code default}, and the bundle notes, per file, which objects were assumed
   * there.
   */
  public ManifestCollector namespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      throw new IllegalArgumentException("'" + namespace + "' is not a namespace name (lower-case "
          + "letters, digits and '-', at most 63)");
    }
    return new ManifestCollector(paths, maxFileBytes, namespace);
  }

  /**
   * Reads the manifests now.
   *
   * @throws ManifestException naming the file, line and column of the first thing that is not a
   *     readable Kubernetes API object; a file that is not a regular file (a FIFO, a device) is
   *     refused without being opened
   */
  public FactBundle collect() {
    return ManifestScan.collect(paths, maxFileBytes, namespace);
  }
}
