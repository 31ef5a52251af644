package dev.kcis.collect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A kubeconfig that cannot be used is named with the place in it, never quoted. */
class KubeconfigErrorsTest {

  static final String HEAD = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "an unclosed flow mapping|  user: {token: SECRET-kc-token\\n|:6:",
      "a colon after the token|  user:\\n    token: SECRET-kc-token: x\\n|:6:",
      "a tab before the token|  user:\\n\\ttoken: SECRET-kc-token\\n|:6:",
      "users is a string|users: SECRET-kc-token\\n|: ",
      "a token file given as a kubeconfig|SECRET-kc-token\\n|: "})
  void aBrokenKubeconfigIsNamedButNeverQuoted(String what, String tail, String place)
      throws IOException {
    String text = (tail.startsWith("users") || tail.startsWith("SECRET") ? "" : HEAD)
        + tail.replace("\\n", "\n").replace("\\t", "\t");
    Path kubeconfig = Files.writeString(dir.resolve("config"), text);
    CollectionException e = assertThrows(CollectionException.class,
        () -> ClusterCollector.builder().kubeconfig(kubeconfig).build());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    assertFalse(e.getMessage().contains("kc-token"), e.getMessage());
    assertTrue(e.getMessage().contains(kubeconfig + place)
        || e.getMessage().startsWith("cannot use the kubeconfig " + kubeconfig + ": "),
        e.getMessage());
  }

  @Test
  void aBrokenKubeconfigFoundByDefaultIsNamedButNeverQuoted() throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("config"),
        HEAD + "  user: {token: SECRET-kc-token\n");
    String before = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    try {
      CollectionException e = assertThrows(CollectionException.class,
          () -> ClusterCollector.builder().build());
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
      assertTrue(e.getMessage().contains(kubeconfig + ":6:1: malformed YAML: "), e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", before);
      }
    }
  }
}
