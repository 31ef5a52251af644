package dev.kcis.collect;

import static dev.kcis.collect.Trees.cmdline;
import static dev.kcis.collect.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A kubelet config file (YAML or JSON) and a kubelet command line carrying numbers built to hang
 * or crash the collector: collection ends within seconds, a number out of range stays the text it
 * was written as with a collection error naming the file and the key, and the bundle written is
 * no larger than its input warrants and reads back.
 */
class HostileNumbersNodeTest {

  @TempDir
  Path root;

  /** Each number, and whether kcis reads it as a number. */
  static Stream<Arguments> numbers() {
    return Stream.of(Arguments.of("1e1900000000", false), Arguments.of("1e999999999", false),
        Arguments.of("1e2147483647", false), Arguments.of("-1e2147483648", false),
        Arguments.of("1e-2147483648", false), Arguments.of("1.5e-400", false),
        Arguments.of("1E+308", false), Arguments.of("9".repeat(5000), false),
        Arguments.of("1" + "0".repeat(200), false),
        Arguments.of("123456789012345678901234567890123", false), Arguments.of("1e31", false),
        Arguments.of("1e30", true), Arguments.of("9999999999999999999", true),
        Arguments.of("0.5", true), Arguments.of("50", true));
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void yamlKubeletConfig(String n, boolean inRange) {
    collectsWithin(n, inRange, "config.yaml", "kind: KubeletConfiguration\neventRecordQPS: " + n
        + "\nreadOnlyPort: 0\n");
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void jsonKubeletConfig(String n, boolean inRange) {
    collectsWithin(n, inRange, "config.json", "{\"kind\": \"KubeletConfiguration\", "
        + "\"eventRecordQPS\": " + n + ", \"readOnlyPort\": 0}");
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void kubeletFlags(String n, boolean inRange) {
    cmdline(root, 10, "/usr/bin/kubelet", "--event-qps=" + n, "--read-only-port", n,
        "--streaming-connection-idle-timeout=" + n + "h");
    FactBundle bundle = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> NodeCollector.builder().root(root).nodeName("n1").build().collect());
    FactBundle.Component kubelet = bundle.nodes().get(0).components().get(0);
    assertEquals(List.of("/usr/bin/kubelet", "--event-qps=" + n, "--read-only-port", n,
        "--streaming-connection-idle-timeout=" + n + "h"), kubelet.args(), "flags stay text");
    assertBoundedAndReadsBack(bundle, 3 * n.length());
  }

  private void collectsWithin(String n, boolean inRange, String name, String config) {
    cmdline(root, 10, "/usr/bin/kubelet", "--config=/var/lib/kubelet/" + name);
    write(root, "var/lib/kubelet/" + name, config);
    FactBundle bundle = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> NodeCollector.builder().root(root).nodeName("n1").build().collect());
    FactBundle.Component kubelet = bundle.nodes().get(0).components().get(0);
    Object value = ((Map<?, ?>) kubelet.configFiles().get(0).content()).get("eventRecordQPS");
    String effective = kubelet.effective().get("eventRecordQPS").value();
    List<FactBundle.Issue> notes = bundle.nodes().get(0).errors().stream()
        .filter(e -> e.message().contains("out of range")).toList();
    if (inRange) {
      assertTrue(value instanceof Number, "a number: " + value);
      assertEquals(new BigDecimal(n).stripTrailingZeros(),
          new BigDecimal(effective).stripTrailingZeros());
      assertEquals(List.of(), notes);
    } else {
      assertEquals(n, value, "kept as the text it was written as");
      assertEquals(n, effective);
      assertEquals(1, notes.size(), bundle.nodes().get(0).errors().toString());
      assertEquals("/var/lib/kubelet/" + name, notes.get(0).item());
      assertEquals("kubelet", notes.get(0).component());
      assertTrue(notes.get(0).message().startsWith("key eventRecordQPS (line "),
          notes.get(0).message());
    }
    assertBoundedAndReadsBack(bundle, config.length());
  }

  private static void assertBoundedAndReadsBack(FactBundle bundle, int input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> bundle.writeJson(out));
    assertTrue(out.size() < 20_000 + 4L * input, "bundle of " + out.size() + " bytes");
    FactBundle again = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> FactBundle.parse(out.toString(StandardCharsets.UTF_8), "again"));
    assertEquals(bundle.nodes(), again.nodes());
  }
}
