package dev.kcis.engine.internal;

import dev.kcis.engine.Report;
import dev.kcis.facts.CollectionIssue;
import dev.kcis.facts.Component;
import dev.kcis.facts.Node;
import java.util.List;
import java.util.Map;

/**
 * Everything assembled from the bundles of one evaluation: the facts to insert, and the indexes the
 * engine needs afterwards to make sure every target in a rule's scope got a verdict.
 *
 * @param facts every fact, in insertion order
 * @param nodes the nodes
 * @param components the components judged (one per kind and node)
 * @param inventory API kinds held in full, with their object counts
 * @param listed true when a bundle lists kinds from an API server (has an inventory): kinds of a
 *     rule's scope that are not held were then not collected, and a PASS cannot stand without them;
 *     when false the evidence is manifests, which hold what their files hold
 * @param issues collection errors
 * @param cluster what the bundles say of the cluster
 * @param origins the bundles, by origin
 */
record Evidence(List<Object> facts, List<Node> nodes, List<Component> components,
    Map<String, Integer> inventory, boolean listed, List<CollectionIssue> issues, Report.ClusterInfo cluster,
    List<String> origins) {}
