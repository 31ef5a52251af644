package dev.kcis.collect.internal;

import dev.kcis.core.internal.NodeLayouts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises a node's distribution from the marks each layout lists: the layout with the most
 * marks found on the node, where a layout that refines another (minikube refines kubeadm) counts
 * that one's marks too and wins a tie with it; other ties go to the earlier layout (a user's
 * layouts come before the built-in ones).
 */
final class LayoutChoice {

  /** How the collector looks for one kind of mark on the node. */
  interface Marks {
    boolean file(String path);

    /** A description of the process running the executable, or {@code null}. */
    String process(String executable);

    /** The path of the unit, or {@code null}. */
    String unit(String name);

    boolean kubeletPath(String prefix);

    boolean annotation(String prefix);
  }

  /**
   * The layout recognised, or none.
   *
   * @param layout the layout, or {@code null} when no layout's marks were found
   * @param evidence each mark found, in words
   */
  record Choice(NodeLayouts.Layout layout, List<String> evidence) {
    String platform() {
      return layout == null ? null : layout.platform();
    }
  }

  private LayoutChoice() {}

  static Choice choose(List<NodeLayouts.Layout> candidates, Marks marks) {
    Map<String, List<String>> byId = new LinkedHashMap<>();
    for (NodeLayouts.Layout layout : candidates) {
      byId.putIfAbsent(layout.id(), found(layout, marks));
    }
    NodeLayouts.Layout best = null;
    List<String> bestEvidence = List.of();
    for (NodeLayouts.Layout layout : candidates) {
      List<String> own = byId.get(layout.id());
      if (own.isEmpty()) {
        continue;
      }
      // A refining layout (minikube) counts the marks of the one it refines (kubeadm) too, and
      // wins a tie with it.
      List<String> evidence = new ArrayList<>(own);
      if (layout.refines() != null && byId.containsKey(layout.refines())) {
        evidence.addAll(byId.get(layout.refines()));
      }
      boolean refinesBest = best != null && best.id().equals(layout.refines());
      if (best == null || evidence.size() > bestEvidence.size()
          || (refinesBest && evidence.size() == bestEvidence.size())) {
        best = layout;
        bestEvidence = evidence;
      }
    }
    if (best == null) {
      return new Choice(null, List.of());
    }
    List<String> evidence = new ArrayList<>();
    evidence.add("layout " + best.id() + " (" + best.name() + ")");
    evidence.addAll(bestEvidence);
    return new Choice(best, List.copyOf(evidence));
  }

  private static List<String> found(NodeLayouts.Layout layout, Marks marks) {
    List<String> found = new ArrayList<>();
    NodeLayouts.Marks m = layout.recognise();
    for (String file : m.files()) {
      if (marks.file(file)) {
        found.add(file + " exists");
      }
    }
    for (String executable : m.processes()) {
      String process = marks.process(executable);
      if (process != null) {
        found.add(process);
      }
    }
    for (String unit : m.units()) {
      String path = marks.unit(unit);
      if (path != null) {
        found.add("systemd unit " + path);
      }
    }
    for (String prefix : m.kubeletPaths()) {
      if (marks.kubeletPath(prefix)) {
        found.add("the kubelet's command line names " + prefix);
      }
    }
    for (String prefix : m.manifestAnnotations()) {
      if (marks.annotation(prefix)) {
        found.add("static pods annotated " + prefix + "*");
      }
    }
    return found;
  }
}
