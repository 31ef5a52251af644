/**
 * Collectors: they turn what is on a node into a fact bundle the engine evaluates.
 *
 * <pre>
 * FactBundle bundle = NodeCollector.builder().root(Path.of("/")).build().collect();
 * bundle.writeJson(System.out);
 * </pre>
 *
 * <p>Internals live in {@code dev.kcis.collect.internal} and are not an API.
 */
package dev.kcis.collect;
