package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.core.KcisException;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.RuleTests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that would hang kcis (a FIFO: opening it waits for a writer) or fill its heap (a device
 * that never ends, a huge file) are refused before they are opened or read. Each test fails by
 * timing out if a FIFO is opened.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InputFilesTest {

  static final String BUNDLE = "apiVersion: kcis.dev/v1\nkind: FactBundle\n";

  /** A FIFO made with mkfifo; the test is skipped where there is none. */
  static Path fifo(Path path) throws IOException, InterruptedException {
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo here: " + e.getMessage());
      throw e;
    }
    assumeTrue(mkfifo.waitFor() == 0 && Files.exists(path), "mkfifo failed");
    return path;
  }

  @Test
  void aFifoIsRefusedWithoutBeingOpened(@TempDir Path dir) throws Exception {
    Path fifo = fifo(dir.resolve("bundle.json"));
    InputFiles.NotRegularFileException e = assertThrows(InputFiles.NotRegularFileException.class,
        () -> InputFiles.read(fifo, 1024));
    assertEquals("not a regular file (fifo)", e.getReason());
    assertEquals("fifo", e.type());
    assertEquals(fifo + ": not a regular file (fifo)",
        assertThrows(BundleException.class, () -> FactBundle.read(fifo)).getMessage());
    assertEquals("not a regular file (fifo)", assertThrows(InputFiles.NotRegularFileException.class,
        () -> InputFiles.readResolved(fifo, "/node/path", 10)).getReason());
  }

  @Test
  void devicesAndLinksToThemAreRefused(@TempDir Path dir) throws IOException {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
    Path link = Files.createSymbolicLink(dir.resolve("zero.json"), Path.of("/dev/zero"));
    assertEquals(link + ": not a regular file (character device)",
        assertThrows(BundleException.class, () -> FactBundle.read(link)).getMessage());
    assertEquals("not a regular file (character device)", assertThrows(
        InputFiles.NotRegularFileException.class,
        () -> InputFiles.read(Path.of("/dev/urandom"), 1 << 20)).getReason());
    assertEquals("not a regular file (symlink)", assertThrows(
        InputFiles.NotRegularFileException.class,
        () -> InputFiles.readResolved(link, "/zero.json", 10)).getReason(),
        "a resolved path's link is not followed");
    assertEquals(dir + ": is a directory, not a bundle file",
        assertThrows(BundleException.class, () -> FactBundle.read(dir)).getMessage());
  }

  @Test
  void aFileOverTheLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.json");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(300L * 1024 * 1024); // sparse: no disk, and nothing is read
    }
    BundleException e = assertThrows(BundleException.class,
        () -> FactBundle.read(big, 256L * 1024 * 1024));
    assertEquals(big + ": 300 MiB is over the input limit of 256 MiB", e.getMessage());
    assertTrue(e.getCause() instanceof InputFiles.TooLargeException);
    assertEquals(big + ": 300 MiB is over the input limit of 16 MiB",
        assertThrows(BundleException.class, () -> FactBundle.read(big)).getMessage(),
        "the default limit");

    Path edge = Files.write(dir.resolve("edge.yaml"), new byte[1025]);
    assertEquals("1025 bytes is over the input limit of 1 KiB", assertThrows(
        InputFiles.TooLargeException.class, () -> InputFiles.read(edge, 1024)).getReason());
  }

  @Test
  void aZeroSizeRegularFileIsStillReadAsProcFilesAre() throws IOException {
    Path cmdline = Path.of("/proc/self/cmdline");
    assumeTrue(Files.isRegularFile(cmdline) && Files.size(cmdline) == 0, "no procfs here");
    byte[] content = InputFiles.readResolved(cmdline, "/proc/self/cmdline", 1 << 20);
    assertTrue(content.length > 0, "read past the size of 0 the kernel reports");
    assertTrue(new String(content, StandardCharsets.UTF_8).contains("java"));
    assertEquals("more than 4 bytes is over the input limit of 4 bytes", assertThrows(
        InputFiles.TooLargeException.class, () -> InputFiles.read(cmdline, 4)).getReason(),
        "and the read stops at the limit whatever size the file claims");
  }

  @Test
  void standardInputIsReadUpToTheLimit() {
    byte[] text = BUNDLE.getBytes(StandardCharsets.UTF_8);
    FactBundle bundle = FactBundle.read(new ByteArrayInputStream(text), "standard input", 1024);
    assertTrue(bundle.nodes().isEmpty());
    assertEquals("standard input: more than 10 bytes is over the input limit of 10 bytes",
        assertThrows(BundleException.class, () -> FactBundle.read(
            new ByteArrayInputStream(text), "standard input", 10)).getMessage());
  }

  @Test
  void invalidUtf8IsStillRefused(@TempDir Path dir) throws IOException {
    Path latin1 = Files.write(dir.resolve("latin1.yaml"),
        (BUNDLE + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(latin1 + ":3:6: not UTF-8 text",
        assertThrows(BundleException.class, () -> FactBundle.read(latin1)).getMessage());
    assertEquals("caf\u00e9", InputFiles.utf8("caf\u00e9".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rulePackFilesThatAreFifosAreInputErrors(@TempDir Path dir) throws Exception {
    Path pack = Files.createDirectories(dir.resolve("pack"));
    Files.writeString(pack.resolve("profiling-off.drl"), RulePackCompilerTest.GOOD);
    Path profile = fifo(pack.resolve("profile.yaml"));
    KcisException e = assertThrows(KcisException.class,
        () -> packEngine(pack));
    assertEquals(profile + ": not a regular file (fifo)", e.getMessage());
    Files.delete(profile);

    Path drl = fifo(pack.resolve("other.drl"));
    assertEquals(drl + ": not a regular file (fifo)", assertThrows(KcisException.class,
        () -> packEngine(pack)).getMessage());
    Files.delete(drl);

    Path benchmark = fifo(dir.resolve("benchmark.yaml"));
    assertEquals(benchmark + ": not a regular file (fifo)", assertThrows(KcisException.class,
        () -> ComplianceEngine.builder().withoutBuiltInRules().profile(benchmark).build())
        .getMessage());

    Path cases = fifo(Files.createDirectories(pack.resolve("tests")).resolve("cases.yaml"));
    assertEquals(cases + ": not a regular file (fifo)",
        assertThrows(KcisException.class, () -> RuleTests.load(pack)).getMessage());
  }

  private static ComplianceEngine packEngine(Path pack) {
    return ComplianceEngine.builder().withoutBuiltInRules().addRules(pack)
        .profile(RulePackCompilerTest.profile("profiling-off")).build();
  }

  @Test
  void sizesReadAsPeopleWriteThem() {
    assertEquals("0 bytes", InputFiles.describe(0));
    assertEquals("1 byte", InputFiles.describe(1));
    assertEquals("1 KiB", InputFiles.describe(1024));
    assertEquals("1.5 MiB", InputFiles.describe(3L << 19));
    assertEquals("2 GiB", InputFiles.describe(2L << 30));
  }
}
