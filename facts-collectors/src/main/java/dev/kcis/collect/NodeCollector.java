package dev.kcis.collect;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.internal.NodeScan;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.NodeLayouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Collects one node's evidence into a fact bundle: the Kubernetes components it runs or is
 * configured to run (static pod manifests, processes, the kubelet's systemd unit) with their
 * arguments and parsed config files, the kubelet's and kube-proxy's effective configuration, and
 * the mode and owner of the files the CIS benchmark checks.
 *
 * <p>Everything is read beneath {@link Builder#root(Path) root}, {@code /proc} included, so the same
 * collector runs on a node ({@code /}), in a pod with the host mounted at {@code /host}, or on a
 * copied tree. Symbolic links are followed only inside the root. Keys, certificates and
 * kubeconfigs are recorded by metadata only, and credentials in parsed config files are
 * redacted. What cannot be read becomes a collection error in the bundle, never an exception.
 *
 * <pre>
 * FactBundle bundle = NodeCollector.builder().root(Path.of("/host")).build().collect();
 * </pre>
 */
public final class NodeCollector {

  private final Path root;
  private final NodeScan.Options options;

  private NodeCollector(Path root, NodeScan.Options options) {
    this.root = root;
    this.options = options;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the node now; each call reads the node again. */
  public FactBundle collect() {
    return collect(path -> { });
  }

  /**
   * Collects the node now, telling {@code evidence} each path on the collecting machine that is
   * read, stat'ed or listed (e.g. for an output file to stay clear of them; a process's files are
   * reported under {@code /proc/<pid>/root}).
   */
  public FactBundle collect(Consumer<Path> evidence) {
    return NodeScan.collect(root, options, Objects.requireNonNull(evidence, "evidence"));
  }

  /** Configures a {@link NodeCollector}. */
  public static final class Builder {
    private Path root = Path.of("/");
    private String nodeName;
    private final List<Path> layouts = new ArrayList<>();
    private Path journal;

    private Builder() {}

    /** The node's filesystem root; default {@code /}. */
    public Builder root(Path root) {
      this.root = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * The node's name; {@code null} (the default) finds it on the node: the kubelet's
     * {@code --hostname-override}, else {@code /etc/hostname}, else the host name when the root
     * is {@code /}, else {@code unknown}.
     */
    public Builder nodeName(String nodeName) {
      this.nodeName = nodeName == null || nodeName.isBlank() ? null : nodeName;
      return this;
    }

    /**
     * A catalog of node layouts (the format of the built-in {@code node-layouts.yaml}, described
     * at its top) tried before the built-in layouts: a distribution kcis does not know, without
     * Java. May be given more than once.
     */
    public Builder layouts(Path catalog) {
      layouts.add(Objects.requireNonNull(catalog, "catalog"));
      return this;
    }

    /**
     * A text export of the node's systemd journal ({@code journalctl -u k3s -o cat > FILE}), read
     * for the {@code Running kube-apiserver ...} lines K3s and RKE2 log when they start their
     * components; without it the binary journal under the root is read with {@code journalctl}
     * when it is on the PATH, else the distribution's documented defaults stand in.
     */
    public Builder journal(Path journal) {
      this.journal = journal;
      return this;
    }

    /**
     * @throws CollectionException when the root is not a directory, or a layouts catalog or the
     *     journal cannot be read (naming the file and the place in it)
     */
    public NodeCollector build() {
      if (!Files.isDirectory(root)) {
        throw new CollectionException("node root " + root + " is not a directory");
      }
      List<NodeLayouts.Layout> extra = new ArrayList<>();
      for (Path catalog : layouts) {
        String text;
        try {
          text = InputFiles.readText(catalog, InputFiles.RULE_FILE_LIMIT);
        } catch (IOException e) {
          throw new CollectionException(catalog + ": " + InputFiles.problem(e));
        }
        try {
          extra.addAll(NodeLayouts.parse(text, catalog.toString()));
        } catch (IllegalArgumentException e) {
          throw new CollectionException(e.getMessage());
        }
      }
      if (journal != null && !Files.isRegularFile(journal)) {
        throw new CollectionException("journal export " + journal + " is not a readable file");
      }
      return new NodeCollector(root, new NodeScan.Options(nodeName, extra, journal, null));
    }
  }
}
