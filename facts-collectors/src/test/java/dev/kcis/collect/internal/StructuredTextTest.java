package dev.kcis.collect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StructuredTextTest {

  @Test
  void structuredTextKeepsTimestampsAsTextAndRejectsHostileYaml() throws Exception {
    Map<?, ?> doc = (Map<?, ?>) StructuredText.document(
        "created: 2024-01-02\nport: 10250\nratio: 1.5\nbin: !!binary aGk=\n", "c.yaml");
    assertEquals("2024-01-02", doc.get("created"));
    assertEquals(10250L, doc.get("port"));
    assertEquals(new BigDecimal("1.5"), doc.get("ratio"));
    assertEquals("<redacted>", doc.get("bin"));

    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("a: 1\na: 2\n", "dup.yaml"));
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("x: !!javax.script.ScriptEngineManager []\n", "t.yaml"));
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("[".repeat(100) + "]".repeat(100), "deep.yaml"));
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("{\"a\": 1, \"a\": 2}", "dup.json"));
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("{\"a\": 1} {\"b\": 2}", "trailing.json"));
    StringBuilder bomb = new StringBuilder("a: &a [x, x]\n");
    for (int i = 1; i < 60; i++) {
      bomb.append("k").append(i).append(": &k").append(i).append(" [*")
          .append(i == 1 ? "a" : "k" + (i - 1)).append(", *")
          .append(i == 1 ? "a" : "k" + (i - 1)).append("]\n");
    }
    assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document(bomb.toString(), "bomb.yaml"));
  }

  /** A YAML 1.1 base-60 integer with a part too long for SnakeYAML (found by fuzzing). */
  @Test
  void aBase60IntegerTooLongIsMalformedAtItsPlace() throws Exception {
    assertEquals(5430L, ((Map<?, ?>) StructuredText.document("t: 1:30:30\n", "ok.yaml"))
        .get("t"));
    StructuredText.MalformedException e = assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.locatedDocuments("kind: Pod\nport: 22228888888222222222222:2\n",
            "m.yaml", 1000));
    assertTrue(e.getMessage().contains("base-60"), e.getMessage());
    assertFalse(e.getMessage().contains("2222888"), e.getMessage());
  }

  @Test
  void documentsKeepTheirIndexesInAStream() throws Exception {
    List<Object> docs = StructuredText.documents("---\n---\nkind: Pod\n", "m.yaml");
    assertEquals(2, docs.size());
    assertEquals(null, docs.get(0));
    assertEquals("Pod", ((Map<?, ?>) docs.get(1)).get("kind"));
  }

  /** Texts whose parse errors the parsers would describe by quoting the credential on the line. */
  @ParameterizedTest
  @ValueSource(strings = {
      "users:\n- user:\n    token: SECRET-tok3n-value: x\n",
      "users:\n- user: {token: SECRET-tok3n-value\n",
      "users:\n- user:\n\ttoken: SECRET-tok3n-value\n",
      "password: *SECRET-tok3n-value\n",
      "password: !SECRET-tok3n-value x\n",
      "{\"token\": SECRET-tok3n-value}",
      "{\"token\": \"x\"} SECRET-tok3n-value"})
  void parseErrorsSayWhereButNeverQuoteTheFile(String text) {
    for (String name : List.of("config.yaml", "config.json")) {
      if (name.endsWith(".json") != text.startsWith("{")) {
        continue;
      }
      StructuredText.MalformedException e = assertThrows(StructuredText.MalformedException.class,
          () -> StructuredText.document(text, name));
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
      assertFalse(e.getMessage().contains("tok3n"), e.getMessage());
      assertTrue(e.getMessage().matches("(malformed (YAML|JSON)|YAML rejected): .+"),
          e.getMessage());
      StructuredText.MalformedException located = assertThrows(
          StructuredText.MalformedException.class,
          () -> StructuredText.locatedDocuments(text, name, 1 << 20));
      assertFalse(located.getMessage().contains("SECRET"), located.getMessage());
    }
  }

  @Test
  void aYamlErrorSaysTheLineAndColumn() {
    StructuredText.MalformedException e = assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("a: 1\ntoken: SECRET-x: y\n", "c.yaml"));
    assertEquals("malformed YAML: mapping values are not allowed here at line 2, column 16",
        e.getMessage());
  }

  @Test
  void controlCharactersOfKeysAreEscapedInErrors() {
    // YAML refuses ESC outright; a bidi override is a printable character to YAML.
    StructuredText.MalformedException esc = assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("k\u001b[31m: 1\n", "c.yaml"));
    assertFalse(esc.getMessage().contains("\u001b"), "raw ESC in the message");
    StructuredText.MalformedException bidi = assertThrows(StructuredText.MalformedException.class,
        () -> StructuredText.document("k\u202e: 1\nk\u202e: 2\n", "c.yaml"));
    assertFalse(bidi.getMessage().contains("\u202e"), "raw bidi override in the message");
    assertTrue(bidi.getMessage().contains("found duplicate key k\\u202e"), bidi.getMessage());
  }
}
