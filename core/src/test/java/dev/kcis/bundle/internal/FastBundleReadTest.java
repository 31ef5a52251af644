package dev.kcis.bundle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JSON bundle read from its bytes, objects straight into frozen maps, decodes to what its text
 * read as a JSON tree does: the same objects, with values of the same classes.
 */
class FastBundleReadTest {

  private static final String BUNDLE = """
      {"apiVersion": "kcis.dev/v1", "kind": "FactBundle", "metadata": {},
       "objects": [
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "ns",
          "labels": {"app": "a"}},
         "spec": {"hostPID": true, "priority": 3, "big": 123456789012345678901234567890,
          "ratio": 1.50, "gone": null, "containers": [{"name": "c", "image": "nginx:1",
          "env": [{"name": "TOKEN", "value": "s3cret"}]}]}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "ns"},
         "data": {"password": "cGFzcw=="}}
       ]}
      """;

  @Test
  void fastAndTreeReadsAgree() throws Exception {
    FactBundle fast = BundleReader.read(new java.io.ByteArrayInputStream(
        BUNDLE.getBytes(StandardCharsets.UTF_8)), "b.json", 1 << 20);
    FactBundle tree = BundleReader.decode(TreeLoader.loadJson(BUNDLE, "b.json"), "b.json");
    assertEquals(tree.objects(), fast.objects());
    assertSameClasses(tree.objects(), fast.objects());
    Map<?, ?> spec = (Map<?, ?>) fast.objects().get(0).get("spec");
    assertEquals(Long.class, spec.get("priority").getClass());
    assertEquals(java.math.BigInteger.class, spec.get("big").getClass());
    assertEquals(new java.math.BigDecimal("1.50"), spec.get("ratio"));
    assertTrue(spec.containsKey("gone"));
    String text = fast.objects().toString();
    assertTrue(!text.contains("s3cret") && !text.contains("cGFzcw"), text);
  }

  @Test
  void problemsInObjectsAreStillReportedAtTheirPlace(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path duplicate = dir.resolve("dup.json");
    Files.writeString(duplicate, BUNDLE.replace("\"hostPID\": true,", "\"hostPID\": true, "
        + "\"hostPID\": false,"));
    BundleException e = assertThrows(BundleException.class, () -> FactBundle.read(duplicate));
    assertTrue(e.getMessage().startsWith(duplicate + ":5:") && e.getMessage()
        .contains("duplicate key 'hostPID'"), e.getMessage());

    Path nameless = dir.resolve("nameless.json");
    Files.writeString(nameless, BUNDLE.replace("{\"name\": \"s\", ", "{\"name\": 7, "));
    e = assertThrows(BundleException.class, () -> FactBundle.read(nameless));
    assertTrue(e.getMessage().startsWith(nameless + ":8:63:") && e.getMessage().contains(
        "/objects/1/metadata/name: expected a string, found the number 7"), e.getMessage());
  }

  private static void assertSameClasses(Object expected, Object actual) {
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      e.forEach((k, v) -> assertSameClasses(v, a.get(k)));
    } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
      for (int i = 0; i < e.size(); i++) {
        assertSameClasses(e.get(i), a.get(i));
      }
    } else if (expected != null) {
      assertEquals(expected.getClass(), actual.getClass(), String.valueOf(expected));
    }
  }
}
