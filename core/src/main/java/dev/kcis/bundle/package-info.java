/**
 * The fact bundle: the versioned, replayable file that collectors write and the engine reads.
 *
 * <p>A bundle ({@code apiVersion: kcis.dev/v1}, {@code kind: FactBundle}) holds what was collected
 * from one node, from the Kubernetes API, or from manifests, with where each piece came from and
 * what could not be read. It never holds Secret values, private keys or tokens. See
 * {@code docs/bundle-format.md} and {@code docs/schemas/fact-bundle-v1.schema.json}.
 *
 * <pre>
 * FactBundle node = FactBundle.read(Path.of("cp-1.json"));
 * </pre>
 */
package dev.kcis.bundle;
