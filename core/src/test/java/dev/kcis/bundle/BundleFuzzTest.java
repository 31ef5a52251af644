package dev.kcis.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the bundle reader: whatever the bytes, reading them gives a bundle or a
 * {@link BundleException} naming the problem, in bounded time, never another exception or an
 * error. Regression inputs: {@code src/test/resources/dev/kcis/bundle/BundleFuzzTestInputs/}.
 */
class BundleFuzzTest {

  @FuzzTest(maxDuration = "3m")
  void bytesAreABundleOrABundleException(byte[] data) {
    try {
      FactBundle.read(new ByteArrayInputStream(data), "fuzz", 1 << 20);
    } catch (BundleException expected) {
      if (expected.getMessage() == null || expected.getMessage().indexOf('\n') >= 0) {
        throw new AssertionError("not one line: " + expected.getMessage(), expected);
      }
    }
  }
}
