package dev.kcis.bundle;

import dev.kcis.bundle.internal.BundleReader;
import dev.kcis.bundle.internal.BundleWriter;
import dev.kcis.bundle.internal.FrozenValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One fact bundle, version {@code kcis.dev/v1}: evidence from nodes and from the Kubernetes API.
 *
 * <p>Read one with {@link #read(Path)} (JSON or YAML), write one with {@link #writeJson}. Bundles
 * are immutable. Several bundles of one cluster (one per node plus one for the API) are evaluated
 * together by passing them all to the engine.
 *
 * @param origin where the bundle was read from (a file name), used in messages; never written
 * @param metadata who collected it and when
 * @param cluster what is known of the cluster
 * @param nodes evidence per node
 * @param objects Kubernetes API objects as their JSON (Secret values are never kept), held as
 *     compact read-only copies
 * @param objectLocations where objects were read from, by target ({@code Kind/ns/name} to
 *     {@code file:line})
 * @param inventory the API kinds that were listed in full
 * @param errors cluster-level collection errors
 * @param notes what the collector read and left out, or assumed, that is no error: a file that
 *     holds no Kubernetes object, a namespace assumed for an object that names none
 */
public record FactBundle(
    String origin,
    Metadata metadata,
    Cluster cluster,
    List<Node> nodes,
    List<Map<String, Object>> objects,
    Map<String, String> objectLocations,
    List<InventoryEntry> inventory,
    List<Issue> errors,
    List<Note> notes) {

  /** The only bundle {@code apiVersion} this version of kcis reads and writes. */
  public static final String API_VERSION = "kcis.dev/v1";

  /** The bundle {@code kind}. */
  public static final String KIND = "FactBundle";

  /**
   * The largest input file read by default, in bytes (16 MiB). A JSON bundle or manifest of this
   * size is read and evaluated within a 512 MiB heap (a JSON bundle of 35 MiB is too; YAML, parsed
   * as a node graph first, costs several times more).
   */
  public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

  public FactBundle {
    Objects.requireNonNull(metadata, "metadata");
    cluster = cluster == null ? Cluster.UNKNOWN : cluster;
    nodes = List.copyOf(nodes);
    objects = objects.stream().<Map<String, Object>>map(FrozenValues::freezeMap).toList();
    objectLocations = Map.copyOf(objectLocations);
    inventory = List.copyOf(inventory);
    errors = List.copyOf(errors);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** A bundle without notes. */
  public FactBundle(String origin, Metadata metadata, Cluster cluster, List<Node> nodes,
      List<Map<String, Object>> objects, Map<String, String> objectLocations,
      List<InventoryEntry> inventory, List<Issue> errors) {
    this(origin, metadata, cluster, nodes, objects, objectLocations, inventory, errors, List.of());
  }

  /**
   * Reads a bundle from a JSON or YAML file, validating it strictly, of at most
   * {@link #DEFAULT_MAX_BYTES}.
   *
   * @throws BundleException naming the file and the place (line:column or JSON pointer) of the
   *     first problem
   */
  public static FactBundle read(Path file) {
    return BundleReader.read(file, DEFAULT_MAX_BYTES);
  }

  /**
   * Reads a bundle from a regular file of at most {@code maxBytes} (following symbolic links). A
   * FIFO, device or directory is refused without being opened, and a larger file before it is
   * read.
   *
   * @throws BundleException naming the file and the first problem
   */
  public static FactBundle read(Path file, long maxBytes) {
    return BundleReader.read(file, maxBytes);
  }

  /**
   * Reads a bundle from a stream, such as standard input, of at most {@code maxBytes}; the
   * stream is not closed. {@code origin} names it in messages.
   */
  public static FactBundle read(InputStream in, String origin, long maxBytes) {
    return BundleReader.read(in, origin, maxBytes);
  }

  /** Reads a bundle from text; {@code origin} names it in messages. */
  public static FactBundle parse(String text, String origin) {
    return BundleReader.parse(text, origin);
  }

  /** A bundle with no evidence at all. */
  public static FactBundle empty(String origin) {
    return new FactBundle(origin, new Metadata(null, null), Cluster.UNKNOWN, List.of(), List.of(),
        Map.of(), List.of(), List.of());
  }

  /** Writes the bundle as indented JSON. */
  public void writeJson(OutputStream out) throws IOException {
    BundleWriter.write(this, out);
  }

  /** Who collected the bundle and when. */
  public record Metadata(Collector collector, Instant collectedAt) {}

  /** The collector that wrote a bundle. */
  public record Collector(String name, String version) {}

  /**
   * What is known of the cluster; every field but {@code platformEvidence} may be {@code null}.
   *
   * @param platformEvidence why the platform was recognised (the files, processes and units a
   *     node collector found), empty when nothing says
   */
  public record Cluster(String name, String kubernetesVersion, String platform,
      List<String> platformEvidence) {
    static final Cluster UNKNOWN = new Cluster(null, null, null);

    public Cluster {
      platformEvidence = platformEvidence == null ? List.of() : List.copyOf(platformEvidence);
    }

    /** A cluster whose platform comes with no evidence. */
    public Cluster(String name, String kubernetesVersion, String platform) {
      this(name, kubernetesVersion, platform, List.of());
    }
  }

  /** Evidence collected on one node. */
  public record Node(String name, List<String> roles, List<Component> components,
      List<FileStat> files, List<Issue> errors) {
    public Node {
      Objects.requireNonNull(name, "name");
      roles = List.copyOf(roles);
      components = List.copyOf(components);
      files = List.copyOf(files);
      errors = List.copyOf(errors);
    }
  }

  /**
   * One component instance on a node, as found.
   *
   * @param kind {@code kube-apiserver}, {@code kube-controller-manager}, {@code kube-scheduler},
   *     {@code etcd}, {@code kubelet} or {@code kube-proxy}
   * @param source where it was found
   * @param args the argument vector, the executable first
   * @param env environment variables as collected (credential-like values redacted)
   * @param configFiles parsed config files the component reads, with credentials redacted
   * @param effective resolved settings with their sources (kubelet, kube-proxy), may be empty
   */
  public record Component(String kind, Source source, List<String> args, Map<String, String> env,
      List<ConfigFile> configFiles, Map<String, EffectiveValue> effective) {
    public Component {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(source, "source");
      args = List.copyOf(args);
      env = Map.copyOf(env);
      configFiles = List.copyOf(configFiles);
      effective = Map.copyOf(effective);
    }
  }

  /**
   * Where a component was found.
   *
   * @param type {@code static-pod-manifest}, {@code process}, {@code systemd-unit},
   *     {@code mirror-pod}, {@code configz} or {@code configmap}
   * @param path the manifest, {@code /proc/<pid>/cmdline}, unit file, object reference
   *     ({@code Pod/kube-system/etcd-cp-1}) or API path
   * @param pointer where in the file (a JSON pointer such as {@code /spec/containers/0}), or null
   * @param lines for a file, the line (from 1) each element of the component's {@code args} is
   *     written on, {@code null} for one written nowhere (an executable named by the image);
   *     empty when not known
   */
  public record Source(String type, String path, String pointer, List<Integer> lines) {
    public Source {
      Objects.requireNonNull(type, "type");
      lines = lines == null ? List.of()
          : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lines));
    }

    /** A source without lines. */
    public Source(String type, String path, String pointer) {
      this(type, path, pointer, List.of());
    }

    /** The line argument {@code index} is written on, or {@code null} when not known. */
    public Integer line(int index) {
      return index >= 0 && index < lines.size() ? lines.get(index) : null;
    }
  }

  /**
   * A config file a component reads, named by the flag that points at it.
   *
   * @param flag the flag, e.g. {@code --config}
   * @param path the file's path on the node
   * @param content the parsed content with credentials redacted, or {@code null} if unread
   */
  public record ConfigFile(String flag, String path, Object content) {}

  /**
   * A resolved setting value.
   *
   * @param value the value as text, or {@code null} when unset with no default
   * @param source {@code flag}, {@code config-file}, {@code configz}, {@code env} or {@code default}
   * @param location the file, process or endpoint it came from
   */
  public record EffectiveValue(String value, String source, String location) {}

  /**
   * A file's metadata, or the fact that it is missing. Never its content.
   *
   * @param path the absolute path on the node
   * @param role what the file is for, e.g. {@code kube-apiserver-manifest}
   * @param component the component it belongs to, or {@code null}
   * @param via how the collector chose the path: {@code default} (the conventional location),
   *     {@code flag --kubeconfig}, {@code config authentication.x509.clientCAFile},
   *     {@code found} (a file found in a directory it scanned), or {@code null} when unknown
   * @param missing true when the collector looked and found nothing
   * @param type {@code file}, {@code directory}, {@code symlink}...
   * @param mode permission bits, e.g. {@code 0600}
   */
  public record FileStat(String path, String role, String component, String via, boolean missing,
      String type, Integer mode, Long uid, Long gid, String owner, String group) {
    public FileStat {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Something that could not be collected, and why.
   *
   * @param item what: a path, a pid, a resource
   * @param message why
   * @param component the component it concerns, or {@code null}
   * @param kind the API kind it concerns, or {@code null}
   */
  public record Issue(String item, String message, String component, String kind) {}

  /**
   * Something the collector left out or assumed that is no collection error.
   *
   * @param item what: a file ({@code base/kustomization.yaml}), an object ({@code
   *     Deployment/default/web})
   * @param message what was done, and why
   */
  public record Note(String item, String message) {
    public Note {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * An API kind that was listed in full.
   *
   * @param kind e.g. {@code ClusterRoleBinding}
   * @param count how many objects the listing returned
   */
  public record InventoryEntry(String kind, int count) {}
}
