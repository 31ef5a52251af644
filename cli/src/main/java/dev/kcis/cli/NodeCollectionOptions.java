package dev.kcis.cli;

import dev.kcis.collect.NodeCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a node root is read, beyond the root itself: the options {@code kcis collect node} and
 * {@code kcis scan} share, with one help text and one validation (the collector's: a journal or
 * catalog that cannot be read is invalid input, exit 3).
 */
final class NodeCollectionOptions {

  @Option(names = "--journal", paramLabel = "FILE",
      description = "A text export of the node's systemd journal (journalctl -u k3s -o cat), "
          + "read for the 'Running kube-apiserver ...' lines K3s and RKE2 log. Default: the "
          + "journal under --root read with journalctl when it is on the PATH, else the "
          + "distribution's documented defaults (docs/platforms.md).")
  Path journal;

  @Option(names = "--layouts", paramLabel = "FILE",
      description = "A catalog of node layouts tried before the built-in ones (the format of "
          + "node-layouts.yaml, docs/platforms.md). May be repeated.")
  List<Path> layouts = new ArrayList<>();

  /** True when either option was given. */
  boolean given() {
    return journal != null || !layouts.isEmpty();
  }

  /** The files these options name: inputs no output may overwrite. */
  List<Path> inputs() {
    List<Path> inputs = new ArrayList<>(layouts);
    if (journal != null) {
      inputs.add(journal);
    }
    return inputs;
  }

  /** A collector of the node at {@code root} that reads what these options name. */
  NodeCollector collector(Path root, String nodeName) {
    NodeCollector.Builder builder = NodeCollector.builder().root(root).nodeName(nodeName)
        .journal(journal);
    layouts.forEach(builder::layouts);
    return builder.build();
  }
}
