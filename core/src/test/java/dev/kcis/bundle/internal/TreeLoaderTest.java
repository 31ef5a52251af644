package dev.kcis.bundle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.BundleException;
import org.junit.jupiter.api.Test;

/** JSON is read without positions, and problems are still reported at their line and column. */
class TreeLoaderTest {

  private static final String JSON = "{\n  \"a\": {\n    \"b\": [1,\n      \"x\"]\n  }\n}\n";

  @Test
  void positionsAreFoundWhenAsked() {
    LocatedTree tree = TreeLoader.loadJson(JSON, "t.json");
    assertEquals("x", tree.root().at("/a/b/1").asText());
    assertEquals("4:7", tree.positionOf("/a/b/1"));
    assertEquals("2:8", tree.positionOf("/a/missing"), "the nearest located ancestor");
  }

  @Test
  void aDuplicateKeyIsReportedWhereItIs() {
    BundleException e = assertThrows(BundleException.class,
        () -> TreeLoader.loadJson("{\n \"k\": 1,\n \"k\": 2\n}", "d.json"));
    assertTrue(e.getMessage().contains("d.json:3:") && e.getMessage().contains("duplicate key 'k'"),
        e.getMessage());
  }

  @Test
  void aNumberOutOfRangeIsReportedWhereItIs() {
    BundleException e = assertThrows(BundleException.class,
        () -> TreeLoader.loadJson("{\n \"n\": [\n  1e999999]\n}", "n.json"));
    assertTrue(e.getMessage().contains("n.json:3:3") && e.getMessage().contains("out of range"),
        e.getMessage());
  }

  @Test
  void repeatedShortStringsAreOneCopy() {
    LocatedTree tree = TreeLoader.loadJson("[\"apps/v1\", \"apps/v1\"]", "s.json");
    assertTrue(tree.root().get(0).textValue() == tree.root().get(1).textValue());
  }
}
