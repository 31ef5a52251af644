package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kcis.cli.internal.StandardStream;
import dev.kcis.collect.NodeRoots;
import dev.kcis.collect.Trees;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What hostile or unusual paths do to kcis: devices and FIFOs as output or input, full disks,
 * huge files, outputs that would overwrite inputs. Nothing hangs (each test times out otherwise),
 * nothing the user gave is replaced, and every failure is one line with its exit code.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IoSafetyTest {

  static final String KUBEADM = EvalCommandTest.KUBEADM.toString();
  /** The profile pinned, so that the choice of benchmark is no line on standard error. */
  static final String CIS = "--benchmark=cis-1.12";
  static final Path MANIFESTS = Path.of("../samples/manifests");

  @TempDir
  Path dir;

  static int fileFormat(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
  }

  static void assumeDevice(String device) {
    assumeTrue(Files.exists(Path.of(device)), "no " + device + " here");
  }

  /** A file of {@code size} bytes that takes no disk and is never read. */
  static Path sparse(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return file;
  }

  // ---- output -----------------------------------------------------------------------------

  @Test
  void aDeviceAsOutputIsWrittenToNeverReplaced() throws IOException {
    assumeDevice("/dev/null");
    CliRun run = CliRun.of("eval", KUBEADM, CIS, "--fail-on", "never", "--output", "/dev/null");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertEquals(0020000, fileFormat(Path.of("/dev/null")), "still a character device");
    CliRun bundle = CliRun.of("collect", "manifests", MANIFESTS.toString(), "-o", "/dev/null");
    assertEquals(ExitCode.OK, bundle.exit(), bundle.err());
    assertEquals(0020000, fileFormat(Path.of("/dev/null")));
  }

  @Test
  void aFullDeviceIsExitOneWithOneLineNeverSilentSuccess() {
    assumeDevice("/dev/full");
    CliRun report = CliRun.of("eval", KUBEADM, CIS, "--fail-on", "never", "--output", "/dev/full");
    assertEquals(ExitCode.INTERNAL, report.exit());
    assertEquals(List.of("kcis: cannot write /dev/full: No space left on device"),
        report.errLines());
    CliRun bundle = CliRun.of("collect", "manifests", MANIFESTS.toString(), "--out", "/dev/full");
    assertEquals(ExitCode.INTERNAL, bundle.exit());
    assertEquals(List.of("kcis: cannot write /dev/full: No space left on device"),
        bundle.errLines());
  }

  @Test
  void aFullStandardOutputIsExitOneWithTheReason() throws IOException {
    assumeDevice("/dev/full");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (StandardStream full = StandardStream.over(new FileOutputStream("/dev/full"))) {
      int exit = Kcis.run(new String[] {"eval", KUBEADM, CIS, "--fail-on", "never"}, full,
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(ExitCode.INTERNAL, exit);
    }
    assertEquals("kcis: cannot write standard output: No space left on device\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFifoAsOutputReceivesTheReportAndStaysAFifo() throws Exception {
    Path fifo = Trees.fifo(dir, "report.fifo");
    CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readAllBytes(fifo);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    CliRun run = CliRun.of("eval", KUBEADM, CIS, "--format", "json", "--fail-on", "never", "-o",
        fifo.toString());
    assertEquals(ExitCode.OK, run.exit(), run.err());
    String report = new String(reader.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    assertTrue(report.contains("\"kind\": \"Report\""), report);
    assertEquals(0010000, fileFormat(fifo), "still a FIFO");
  }

  @Test
  void anAtomicWriteGetsTheModeAPlainOpenGivesOrKeepsTheModeItReplaces() throws IOException {
    Path plain = dir.resolve("plain.txt");
    new FileOutputStream(plain.toFile()).close(); // 0666 less this process's umask
    Path report = dir.resolve("report.txt");
    assertEquals(ExitCode.OK, CliRun.of("eval", KUBEADM, CIS, "--fail-on", "never", "--output",
        report.toString()).exit());
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(report),
        "not the 0600 of a temporary file");

    Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), report.getFileName());
    Files.writeString(report, "old");
    assertEquals(ExitCode.OK, CliRun.of("eval", KUBEADM, CIS, "--fail-on", "never", "--output",
        link.toString()).exit());
    assertEquals("rw-r-----",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
    assertTrue(Files.isSymbolicLink(link), "the link stays; the file it names is replaced");
    assertTrue(Files.readString(report).contains("CIS Kubernetes Benchmark"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(3, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void aDashIsStandardOutput() {
    CliRun run = CliRun.of("eval", KUBEADM, CIS, "--fail-on", "never", "--format", "json", "-o",
        "-");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.out().contains("\"kind\": \"Report\""));
    assertEquals("", run.err());
    assertFalse(Files.exists(Path.of("-")), "no file named -");
    CliRun bundle = CliRun.of("collect", "manifests", MANIFESTS.toString(), "--output", "-");
    assertTrue(bundle.out().contains("\"kind\" : \"FactBundle\""));
  }

  @Test
  void anUnwritableOutputNamesThePathGivenNotATemporaryFile() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "a file, not a directory");
    String output = file.resolve("report.json").toString();
    CliRun run = CliRun.of("eval", KUBEADM, CIS, "--output", output);
    assertEquals(ExitCode.INTERNAL, run.exit());
    assertEquals(List.of("kcis: cannot write " + output + ": Not a directory"), run.errLines());

    Path readOnly = Files.createDirectories(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    assumeFalse(Files.isWritable(readOnly), "root writes anywhere");
    String denied = readOnly.resolve("report.json").toString();
    CliRun refused = CliRun.of("eval", KUBEADM, CIS, "--output", denied);
    assertEquals(ExitCode.INTERNAL, refused.exit());
    assertEquals(List.of("kcis: cannot write " + denied + ": Permission denied"),
        refused.errLines());
  }

  @Test
  void collectAndEvalShareTheOutputOptionNames() {
    for (String option : new String[] {"--output", "-o", "--out"}) {
      Path out = dir.resolve("bundle" + option + ".json");
      CliRun run = CliRun.of("collect", "manifests", MANIFESTS.toString(), option,
          out.toString());
      assertEquals(ExitCode.OK, run.exit(), option + ": " + run.err());
      assertTrue(Files.exists(out), option);
    }
    Path report = dir.resolve("report.json");
    assertEquals(ExitCode.OK, CliRun.of("eval", KUBEADM, CIS, "--fail-on", "never", "--output",
        report.toString()).exit());
    assertTrue(CliRun.of("collect", "node", "--help").out()
        .contains("-o, --out, --output=FILE"));
  }

  // ---- input ------------------------------------------------------------------------------

  @Test
  void aFifoBundleIsInvalidInputWithAHintAndNeverOpened() throws IOException {
    Path fifo = Trees.fifo(dir, "bundle.json");
    CliRun run = CliRun.of("eval", fifo.toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertEquals(List.of("kcis: " + fifo + ": not a regular file (fifo); give - to read a bundle "
        + "from standard input"), run.errLines());
    CliRun manifests = CliRun.of("collect", "manifests", fifo.toString());
    assertEquals(ExitCode.INVALID_INPUT, manifests.exit());
    assertEquals(List.of("kcis: " + fifo + ": not a regular file (fifo)"), manifests.errLines());

    CliRun kubeconfig = CliRun.of("collect", "cluster", "--kubeconfig", fifo.toString());
    assertEquals(ExitCode.INVALID_INPUT, kubeconfig.exit());
    assertEquals(List.of("kcis: cannot use the kubeconfig " + fifo + ": not a regular file "
        + "(fifo)"), kubeconfig.errLines());

    Path profile = Trees.fifo(dir, "profile.yaml");
    CliRun benchmark = CliRun.of("eval", KUBEADM, "--benchmark", profile.toString());
    assertEquals(ExitCode.INVALID_INPUT, benchmark.exit());
    assertEquals(List.of("kcis: " + profile + ": not a regular file (fifo)"),
        benchmark.errLines());
    Path pack = Files.createDirectories(dir.resolve("pack"));
    Path drl = Trees.fifo(pack, "rule.drl");
    for (String[] args : new String[][] {{"eval", KUBEADM, CIS, "--rules", pack.toString()},
        {"rules", "test", pack.toString()}}) {
      CliRun rules = CliRun.of(args);
      assertEquals(ExitCode.INVALID_INPUT, rules.exit(), rules.err());
      assertEquals(List.of("kcis: " + drl + ": not a regular file (fifo)"), rules.errLines());
    }
  }

  @Test
  void endlessDevicesAreInvalidInputNeverRead() throws IOException {
    assumeDevice("/dev/zero");
    Path link = Files.createSymbolicLink(dir.resolve("bundle.json"), Path.of("/dev/zero"));
    CliRun run = CliRun.of("eval", link.toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertEquals(List.of("kcis: " + link + ": not a regular file (character device)"),
        run.errLines());
    CliRun urandom = CliRun.of("eval", "/dev/urandom");
    assertEquals(ExitCode.INVALID_INPUT, urandom.exit(), urandom.err());
    CliRun manifests = CliRun.of("collect", "manifests", "/dev/zero");
    assertEquals(ExitCode.INVALID_INPUT, manifests.exit());
    assertEquals(List.of("kcis: /dev/zero: not a regular file (character device)"),
        manifests.errLines());
  }

  @Test
  void aDashBundleIsStandardInputReadWithinTheLimit() throws IOException {
    byte[] bundle = Files.readAllBytes(EvalCommandTest.KUBEADM);
    CliRun run = CliRun.withInput(bundle, "eval", "-", "--format", "json", "--fail-on", "never");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertTrue(run.out().contains("\"standard input\""), "the input is named");

    CliRun over = CliRun.withInput(bundle, "eval", "-", "--max-input-size", "1k");
    assertEquals(ExitCode.INVALID_INPUT, over.exit());
    assertEquals(List.of("kcis: standard input: more than 1 KiB is over the input limit of 1 KiB "
        + "(raise it with --max-input-size)"), over.errLines());
  }

  @Test
  void anInputOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
    Path big = sparse(dir.resolve("big.json"), 300L * 1024 * 1024);
    CliRun run = CliRun.of("eval", big.toString(), "--max-input-size", "256m");
    assertEquals(ExitCode.INVALID_INPUT, run.exit());
    assertEquals(List.of("kcis: " + big + ": 300 MiB is over the input limit of 256 MiB (raise "
        + "it with --max-input-size)"), run.errLines());
    CliRun byDefault = CliRun.of("eval", big.toString());
    assertEquals(List.of("kcis: " + big + ": 300 MiB is over the input limit of 16 MiB (raise "
        + "it with --max-input-size)"), byDefault.errLines());

    Path manifest = sparse(dir.resolve("big.yaml"), 17L * 1024 * 1024);
    for (String[] args : new String[][] {{"collect", "manifests", manifest.toString()},
        {"scan", "--manifests", manifest.toString()}}) {
      CliRun refused = CliRun.of(args);
      assertEquals(ExitCode.INVALID_INPUT, refused.exit(), refused.err());
      assertEquals(List.of("kcis: " + manifest + ": 17 MiB is over the input limit of 16 MiB "
          + "(raise it with --max-input-size)"), refused.errLines());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"12x", "0", "-1", "3g", "2048m", "99999999999999999999"})
  void aMaxInputSizeThatIsNoSizeIsAUsageError(String size) {
    CliRun run = CliRun.of("eval", KUBEADM, CIS, "--max-input-size", size);
    assertEquals(ExitCode.USAGE, run.exit(), run.err());
    assertTrue(run.err().contains("--max-input-size"), run.err());
  }

  @Test
  void sizesAreBytesOrKmG() {
    assertEquals(4096, InputLimit.parse("4096"));
    assertEquals(64L << 10, InputLimit.parse("64k"));
    assertEquals(64L << 20, InputLimit.parse("64M"));
    assertEquals(1L << 30, InputLimit.parse("1g"));
    assertEquals(dev.kcis.bundle.FactBundle.DEFAULT_MAX_BYTES, InputLimit.parse(InputLimit.DEFAULT),
        "the option's default is the library's");
  }

  // ---- outputs never overwrite inputs -----------------------------------------------------

  @Test
  void theBenchmarkProfileAndRulePackFilesAreNeverOverwritten() throws IOException {
    Path profile = Files.copy(CollectAndScanTest.CIS_1_12, dir.resolve("profile.yaml"));
    byte[] before = Files.readAllBytes(profile);
    CliRun run = CliRun.of("eval", KUBEADM, "--benchmark", profile.toString(), "-o",
        profile.toString());
    assertEquals(ExitCode.USAGE, run.exit());
    assertTrue(run.err().contains("is also an input; refusing to overwrite it"), run.err());
    assertArrayEquals(before, Files.readAllBytes(profile));

    Path pack = dir.resolve("pack");
    NodeRoots.copyTree(Path.of("../samples/custom-rules"), pack);
    for (String inPack : new String[] {"profile.yaml", "service-nodeport.drl",
        "tests/service-nodeport.yaml", "new-rule.drl"}) {
      Path target = pack.resolve(inPack);
      CliRun refused = CliRun.of("eval", KUBEADM, CIS, "--rules", pack.toString(), "-o",
          target.toString());
      assertEquals(ExitCode.USAGE, refused.exit(), inPack);
      assertTrue(refused.err().contains("is inside the input directory " + pack), refused.err());
    }
    assertFalse(Files.exists(pack.resolve("new-rule.drl")));
    assertEquals(Files.readString(Path.of("../samples/custom-rules/profile.yaml")),
        Files.readString(pack.resolve("profile.yaml")));
  }

  @Test
  void nothingIsWrittenInsideANodeRootOrOverAManifest() throws IOException {
    Path root = NodeRoots.copy("hardened-worker", dir.resolve("root"));
    for (String[] args : new String[][] {
        {"collect", "node", "--root", root.toString(), "--output"},
        {"scan", "--root", root.toString(), "--output"}}) {
      for (String target : new String[] {"var/lib/kubelet/config.yaml", "new-report.txt"}) {
        Path inside = root.resolve(target);
        byte[] before = Files.exists(inside) ? Files.readAllBytes(inside) : null;
        String[] withOutput = Stream.concat(Stream.of(args), Stream.of(inside.toString()))
            .toArray(String[]::new);
        CliRun run = CliRun.of(withOutput);
        assertEquals(ExitCode.USAGE, run.exit(), run.err());
        assertTrue(run.err().contains("is inside the node root " + root
            + ", which is read-only evidence"), run.err());
        assertArrayEquals(before, Files.exists(inside) ? Files.readAllBytes(inside) : null);
      }
    }

    Path manifests = dir.resolve("manifests");
    NodeRoots.copyTree(MANIFESTS, manifests);
    CliRun inDir = CliRun.of("collect", "manifests", manifests.toString(), "-o",
        manifests.resolve("bundle.json").toString());
    assertEquals(ExitCode.USAGE, inDir.exit());
    assertTrue(inDir.err().contains("is inside the input directory"), inDir.err());
    CliRun notes = CliRun.of("collect", "manifests", manifests.toString(), "-o",
        manifests.resolve("notes.txt").toString());
    assertEquals(ExitCode.OK, notes.exit(), "a name kcis does not read there: " + notes.err());
  }

  // ---- out of memory ----------------------------------------------------------------------

  /** Runs kcis's main in a JVM of its own with a small heap; returns its standard error. */
  static CliRun process(String heap, String... args) throws Exception {
    return process(heap, List.of(), args);
  }

  /** {@link #process}, with 512 MiB of heap and without these environment variables. */
  static CliRun processWithout(List<String> unset, String... args) throws Exception {
    return process("512m", unset, args);
  }

  private static CliRun process(String heap, List<String> unset, String... args)
      throws Exception {
    Path err = Files.createTempFile("kcis-err", ".txt");
    try {
      List<String> command = new java.util.ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
          "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          Kcis.class.getName()));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command);
      unset.forEach(builder.environment()::remove);
      Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(err.toFile()).start();
      assertTrue(process.waitFor(50, TimeUnit.SECONDS), "kcis ended");
      return new CliRun(process.exitValue(), "", Files.readString(err));
    } finally {
      Files.delete(err);
    }
  }

  @Test
  void runningOutOfMemoryIsOneLineNamingTheInputAndHowToGiveMore() throws Exception {
    Path manifests = dir.resolve("objects.yaml");
    Path bundle = dir.resolve("bundle.json");
    try (var yaml = Files.newBufferedWriter(manifests);
        var json = Files.newBufferedWriter(bundle)) {
      json.write("{\"apiVersion\": \"kcis.dev/v1\", \"kind\": \"FactBundle\", \"objects\": [");
      for (int i = 0; i < 150_000; i++) {
        String name = "sa-" + i;
        yaml.write("---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: " + name
            + ", namespace: team}\n");
        json.write((i == 0 ? "" : ",\n") + "{\"apiVersion\": \"v1\", \"kind\": "
            + "\"ServiceAccount\", \"metadata\": {\"name\": \"" + name + "\"}}");
      }
      json.write("]}\n");
    }
    for (String[] args : new String[][] {
        {"collect", "manifests", manifests.toString(), "--max-input-size", "1g"},
        {"eval", bundle.toString(), "--max-input-size", "1g"}}) {
      CliRun run = process("32m", args);
      String input = args[0].equals("eval") ? bundle.toString() : manifests.toString();
      assertEquals(ExitCode.INTERNAL, run.exit(), run.err());
      assertEquals(List.of("kcis: out of memory (Java heap of 32 MiB) with " + input + ": give "
          + "Java more heap, e.g. KCIS_JAVA_OPTS=-Xmx2g, or refuse such input up front with a "
          + "lower --max-input-size (--verbose for details)"), run.errLines());
    }
  }

  @Test
  void aFullStandardOutputOfTheProcessIsExitOne() throws Exception {
    assumeDevice("/dev/full");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), Kcis.class.getName(), "eval",
        CIS, KUBEADM, "--fail-on", "never").redirectOutput(new java.io.File("/dev/full"))
        .redirectError(err.toFile()).start();
    assertTrue(process.waitFor(50, TimeUnit.SECONDS));
    assertEquals(ExitCode.INTERNAL, process.exitValue());
    assertEquals("kcis: cannot write standard output: No space left on device\n",
        Files.readString(err));
  }

  @Test
  void devStdoutIsWrittenThroughTheDescriptorAPipeOrAnAppendedFile() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/self/fd/1")), "no /proc here");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), Kcis.class.getName(), "eval",
        CIS, KUBEADM, "--format", "json", "--fail-on", "never", "--output", "/dev/stdout");
    Process piped = new ProcessBuilder(command).redirectError(dir.resolve("err").toFile())
        .start();
    String report = new String(piped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(piped.waitFor(50, TimeUnit.SECONDS));
    assertEquals(ExitCode.OK, piped.exitValue(), Files.readString(dir.resolve("err")));
    assertTrue(report.contains("\"kind\": \"Report\""), report);

    Path log = Files.writeString(dir.resolve("log.txt"), "earlier line\n");
    Process appended = new ProcessBuilder(command).redirectError(dir.resolve("err").toFile())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    assertTrue(appended.waitFor(50, TimeUnit.SECONDS));
    assertEquals(ExitCode.OK, appended.exitValue(), Files.readString(dir.resolve("err")));
    String text = Files.readString(log);
    assertTrue(text.startsWith("earlier line\n{"), "appended, not replaced: " + text.substring(0,
        Math.min(80, text.length())));
  }
}
