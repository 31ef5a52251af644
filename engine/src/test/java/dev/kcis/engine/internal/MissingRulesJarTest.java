package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.core.KcisException;
import dev.kcis.engine.ComplianceEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine module's tests run without the kcis-rules jar, as a host that forgot it does: the
 * engine says which artifact to add, every time, instead of ExceptionInInitializerError and then
 * NoClassDefFoundError.
 */
class MissingRulesJarTest {

  @Test
  void buildingWithoutTheRulesJarSaysWhatToAdd(@TempDir Path dir) throws IOException {
    assertEquals(null, getClass().getClassLoader().getResource(BuiltInRules.MODEL_INDEX),
        "this test needs the rules jar off the class path");
    for (int attempt = 0; attempt < 2; attempt++) {
      KcisException e = assertThrows(KcisException.class,
          () -> ComplianceEngine.builder().build());
      assertTrue(e.getMessage().startsWith("the built-in rules and profiles are not on the class "
          + "path: add the dependency dev.kcis:kcis-rules"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), "one line");
    }
    Files.writeString(dir.resolve("profiling-off.drl"), RulePackCompilerTest.GOOD);
    KcisException e = assertThrows(KcisException.class, () -> ComplianceEngine.builder()
        .withoutBuiltInRules().addRules(dir).build());
    assertTrue(e.getMessage().contains("dev.kcis:kcis-rules"), e.getMessage());
  }
}
