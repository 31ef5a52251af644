package dev.kcis.report.internal;

import dev.kcis.engine.Result;
import dev.kcis.facts.Observation;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file (and line, when the bundle kept one) that an observation was read from, recognised from
 * the locations the engine writes:
 *
 * <ul>
 *   <li>{@code node/cp-1:/etc/kubernetes/admin.conf}: a file stat'ed on a node;
 *   <li>{@code /etc/kubernetes/manifests/kube-apiserver.yaml[:LINE]} with source {@code flag},
 *       {@code config-file} or {@code env} on a {@code node/...} target: the static pod manifest,
 *       systemd unit or config file a component's setting was read from;
 *   <li>{@code manifests/rbac.yaml:12} with source {@code api-object}: the manifest file and line
 *       {@code kcis collect manifests} recorded.
 * </ul>
 *
 * <p>Anything else names no file: a default value, a process ({@code /proc/PID/cmdline}), an API
 * path, a bundle.
 *
 * @param node the node whose file system holds the file, or {@code null} for a manifest file
 * @param path the file's path: absolute on a node; as given to {@code collect manifests} else
 * @param line the line, counted from 1, or {@code null}
 */
record EvidenceFile(String node, String path, Integer line) {

  private static final Pattern STAT = Pattern.compile("node/([^:/]+):(/.*)");
  private static final Pattern WITH_LINE = Pattern.compile("(.+?):(\\d+)");

  /** True when the file lives on a node rather than in the manifests given to kcis. */
  boolean onNode() {
    return node != null;
  }

  /** The file and line, e.g. {@code /etc/kubernetes/manifests/kube-apiserver.yaml:23}. */
  String display() {
    return line == null ? path : path + ":" + line;
  }

  /** The file of the first observation of {@code result} that names one. */
  static Optional<EvidenceFile> of(Result result) {
    if (result.evidence() == null) {
      return Optional.empty();
    }
    for (Observation o : result.evidence().observed()) {
      Optional<EvidenceFile> file = of(result.target(), o);
      if (file.isPresent()) {
        return file;
      }
    }
    return Optional.empty();
  }

  /** The file {@code observation}, made for {@code target}, was read from, if it names one. */
  static Optional<EvidenceFile> of(String target, Observation observation) {
    String location = observation.location();
    if (location == null || location.isBlank()) {
      return Optional.empty();
    }
    Matcher stat = STAT.matcher(location);
    if (stat.matches()) {
      return Optional.of(new EvidenceFile(stat.group(1), stat.group(2), null));
    }
    String source = observation.source();
    // A config file's value may carry a note: "/var/lib/kubelet/config.yaml (--x is ignored...)".
    if (location.startsWith("/") && location.contains(" (")) {
      location = location.substring(0, location.indexOf(" ("));
    }
    Matcher withLine = WITH_LINE.matcher(location);
    String path = withLine.matches() ? withLine.group(1) : location;
    Integer line = withLine.matches() ? Integer.valueOf(withLine.group(2)) : null;
    if ((source.equals("flag") || source.equals("config-file") || source.equals("env"))
        && target.startsWith("node/") && path.startsWith("/") && !path.startsWith("/proc/")) {
      String node = target.substring("node/".length());
      node = node.contains("/") ? node.substring(0, node.indexOf('/')) : node;
      node = node.contains(":") ? node.substring(0, node.indexOf(':')) : node;
      return Optional.of(new EvidenceFile(node, path, line));
    }
    if (source.equals("api-object") && line != null && !path.contains(" ")
        && !path.startsWith("/api")) {
      return Optional.of(new EvidenceFile(null, path, line));
    }
    return Optional.empty();
  }
}
