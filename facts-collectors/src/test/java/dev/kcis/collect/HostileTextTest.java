package dev.kcis.collect;

import static dev.kcis.collect.NodeCollectorTest.collect;
import static dev.kcis.collect.NodeCollectorTest.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text that is broken on purpose, in a manifest and in a node's static pod manifests: each
 * problem is reported with its line (and, in a file of several documents, the document it is in),
 * never with the text itself.
 */
class HostileTextTest {

  @TempDir
  Path dir;

  ManifestException broken(String name, byte[] content) throws IOException {
    Path file = Files.write(dir.resolve(name), content);
    return assertThrows(ManifestException.class,
        () -> ManifestCollector.of(List.of(file)).collect());
  }

  ManifestException broken(String name, String text) throws IOException {
    return broken(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aByteThatIsNotUtf8IsItsLineAndColumn() throws IOException {
    byte[] text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\u00e9\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    ManifestException e = broken("latin1.yaml", text);
    assertEquals(4, e.line());
    assertEquals(dir.resolve("latin1.yaml") + ":4:12: not UTF-8 text", e.getMessage());
  }

  @Test
  void anAliasBombIsItsLine() throws IOException {
    StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"
        + "data:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 9; i++) {
      bomb.append("  a").append(i).append(": &a").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1))))
          .append("]\n");
    }
    ManifestException e = broken("bomb.yaml", bomb.toString());
    assertTrue(e.line() >= 6 && e.line() <= 14, e.getMessage());
    assertTrue(e.getMessage().matches(".*bomb\\.yaml:\\d+:\\d+: YAML rejected: Number of aliases "
        + "for non-scalar nodes exceeds the specified max=50"), e.getMessage());
  }

  @Test
  void nestingTooDeepIsItsLine() throws IOException {
    String text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  x: "
        + "[".repeat(200) + "]".repeat(200) + "\n";
    ManifestException e = broken("deep.yaml", text);
    assertEquals(5, e.line(), e.getMessage());
    assertTrue(e.getMessage().contains("deep.yaml:5:"), e.getMessage());
  }

  @Test
  void theBrokenDocumentOfAStreamIsNamedWhereItStarts() throws IOException {
    String text = """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: "b SECRET-in-an-open-quote
          namespace: x
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: c}
        """;
    ManifestException e = broken("stream.yaml", text);
    assertEquals(8, e.line(), "where the quote opens, not the next ---: " + e.getMessage());
    assertEquals(dir.resolve("stream.yaml") + ":8:9: malformed YAML in document 2 (from line 4): "
        + "while scanning a quoted scalar: found unexpected document separator at line 10, "
        + "column 1", e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"));

    ManifestException flow = broken("flow.yaml", text.replace("\"b SECRET-in-an-open-quote",
        "[b"));
    assertTrue(flow.getMessage().contains(": malformed YAML in document 2 (from line 4): "),
        flow.getMessage());
  }

  @Test
  void aStaticPodManifestThatIsAPlainStringIsACollectionError() {
    Path root = dir.resolve("root");
    Trees.write(root, "etc/kubernetes/manifests/note.yaml", "just some words\n");
    Trees.write(root, "etc/kubernetes/manifests/two.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n---\n[a, b]\n");
    FactBundle bundle = collect(root);
    assertEquals("is not a Kubernetes object: it holds a string, not a mapping",
        error(bundle, "/etc/kubernetes/manifests/note.yaml").message());
    assertEquals("document 2 is not a Kubernetes object: it holds a list, not a mapping",
        error(bundle, "/etc/kubernetes/manifests/two.yaml").message());
  }

  @Test
  void aStaticPodManifestThatIsNotUtf8IsACollectionErrorWithItsPlace() throws IOException {
    Path root = dir.resolve("root");
    Path file = Trees.write(root, "etc/kubernetes/manifests/latin1.yaml", "");
    Files.write(file, "kind: Pod\nmetadata: {name: caf\u00e9}\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    FactBundle bundle = collect(root);
    assertTrue(error(bundle, "/etc/kubernetes/manifests/latin1.yaml").message()
        .contains("not UTF-8 text at line 2, column 21"),
        error(bundle, "/etc/kubernetes/manifests/latin1.yaml").message());
  }
}
