package dev.kcis.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.core.internal.FileRoles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kcis's list of file roles (file-roles.txt, which {@code rules lint} checks NodeFile
 * patterns against) and the roles the node collector records stay in agreement.
 */
class FileRolesTest {

  @Test
  void everyRoleTheCollectorRecordsOnTheSampleRootsIsListed(@TempDir Path dir)
      throws IOException {
    List<Path> roots;
    try (Stream<Path> s = Files.list(NodeRoots.SAMPLES)) {
      roots = s.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(roots.size() >= 5, "sample roots: " + roots);
    Set<String> recorded = new TreeSet<>();
    for (Path root : roots) {
      String name = root.getFileName().toString();
      FactBundle bundle = NodeCollector.builder().root(NodeRoots.copy(name, dir.resolve(name)))
          .build().collect();
      bundle.nodes().forEach(n -> n.files().forEach(f -> recorded.add(f.role())));
    }
    Set<String> unlisted = new TreeSet<>(recorded);
    unlisted.removeAll(FileRoles.known());
    assertEquals(Set.of(), unlisted, "roles recorded but not in file-roles.txt");
    // The sample roots exercise most of the list; what they do not is named here, on purpose.
    Set<String> unseen = new TreeSet<>(FileRoles.known());
    unseen.removeAll(recorded);
    assertTrue(unseen.size() <= 6, "listed roles no sample root records: " + unseen);
  }

  @Test
  void everyRoleOfTheBuiltInLayoutsIsListed() throws IOException {
    String layouts;
    try (InputStream in = FileRoles.class.getResourceAsStream(
        "/dev/kcis/core/node-layouts.yaml")) {
      layouts = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = Pattern.compile("(?m)^[^#\\n]*\\brole:\\s*([A-Za-z0-9-]+)").matcher(layouts);
    Set<String> roles = new TreeSet<>();
    while (m.find()) {
      roles.add(m.group(1));
    }
    assertTrue(roles.contains("admin-kubeconfig"), roles.toString());
    Set<String> unlisted = new TreeSet<>(roles);
    unlisted.removeAll(FileRoles.known());
    assertEquals(Set.of(), unlisted, "layout roles not in file-roles.txt");
  }
}
