package dev.kcis.collect.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kcis.core.internal.InputFiles;
import java.util.Map;

/**
 * Fuzzes what the collectors parse from files an attacker may write: manifests (YAML streams and
 * JSON) and systemd units with their environment files. A file is read or refused with
 * {@link StructuredText.MalformedException} (or, for bytes, as not UTF-8); nothing else escapes.
 */
class CollectorTextFuzzTest {

  @FuzzTest(maxDuration = "3m")
  void manifests(byte[] bytes) throws Exception {
    String text;
    try {
      text = InputFiles.utf8(bytes);
    } catch (InputFiles.NotUtf8Exception refused) {
      return;
    }
    for (String name : new String[] {"m.yaml", "m.json"}) {
      try {
        StructuredText.locatedDocuments(text, name, text.length() + 1);
      } catch (StructuredText.MalformedException refused) {
        if (refused.getMessage().indexOf('\n') >= 0) {
          throw new AssertionError("not one line: " + refused.getMessage());
        }
      }
      try {
        StructuredText.documents(text, name);
      } catch (StructuredText.MalformedException refused) {
        // the same text, read as a node's config file
      }
    }
  }

  @FuzzTest(maxDuration = "3m")
  void systemdUnits(FuzzedDataProvider data) {
    String unit = data.consumeString(4000);
    String environment = data.consumeRemainingAsString();
    SystemdService.entries(unit);
    Map<String, String> env = SystemdService.parseEnvironmentFile(environment);
    for (SystemdService.Entry entry : SystemdService.entries(unit)) {
      SystemdService.execStartArgv(entry.value(), env);
    }
  }
}
