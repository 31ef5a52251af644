package dev.kcis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numbers built to hang or crash: each goes through every place the engine reads a number (a
 * bundle's config-file content, effective values, API object fields, component flags), in JSON and
 * in YAML. Each run must end within seconds, with a report no larger than its input warrants or
 * with one line naming the place of a number out of range.
 */
class HostileNumbersTest {

  /** 31 bytes that are two billion digits, exponents at the int limits, long runs of digits. */
  static Stream<String> numbers() {
    return Stream.of("1e1900000000", "1e999999999", "1e2147483647", "-1e2147483648",
        "1e-2147483648", "0e-999999999", "1.5e-400", "1E+308", "4.9e-324", "9".repeat(5000),
        "1" + "0".repeat(200), "123456789012345678901234567890123", "1e31", "1e30",
        "9999999999999999999", "-0.0", "0.000000000000000000000000000001");
  }

  static ComplianceEngine engine;

  @BeforeAll
  static void loadRules() {
    engine = ComplianceEngine.builder().build();
    engine.evaluate(FactBundle.empty("warm-up")); // the first evaluation loads classes
  }

  /** A bundle with {@code n} as a number in a kubelet config file, an effective value, a Pod. */
  static String jsonBundle(String n) {
    return """
        {"apiVersion": "kcis.dev/v1", "kind": "FactBundle",
         "nodes": [{"name": "n1", "components": [
           {"kind": "kubelet", "source": {"type": "process", "path": "/proc/1/cmdline"},
            "args": ["kubelet", "--config=/var/lib/kubelet/config.json"],
            "configFiles": [{"flag": "--config", "path": "/var/lib/kubelet/config.json",
              "content": {"eventRecordQPS": N, "readOnlyPort": N,
                          "streamingConnectionIdleTimeout": N}}]},
           {"kind": "kube-proxy", "source": {"type": "configz"},
            "effective": {"metricsBindAddress": {"value": N, "source": "config-file"}}}]}],
         "objects": [{"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "p", "namespace": "a"},
           "spec": {"containers": [{"name": "c", "image": "i",
             "ports": [{"containerPort": 80, "hostPort": N}],
             "securityContext": {"runAsUser": N}}]}}],
         "inventory": [{"kind": "Pod", "count": 1}]}
        """.replace("N", n);
  }

  static String yamlBundle(String n) {
    return """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        nodes:
          - name: n1
            components:
              - kind: kubelet
                source: {type: process, path: /proc/1/cmdline}
                args: [kubelet, --config=/var/lib/kubelet/config.yaml]
                configFiles:
                  - flag: --config
                    path: /var/lib/kubelet/config.yaml
                    content: {eventRecordQPS: N, readOnlyPort: N, streamingConnectionIdleTimeout: N}
        objects:
          - apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: a}
            spec:
              containers:
                - name: c
                  image: i
                  ports: [{containerPort: 80, hostPort: N}]
                  securityContext: {runAsUser: N}
        """.replace("N", n);
  }

  /** {@code n} as flag values, the way a component's command line carries it: text. */
  static String flagBundle(String n) {
    return """
        {"apiVersion": "kcis.dev/v1", "kind": "FactBundle",
         "nodes": [{"name": "n1", "components": [
           {"kind": "kubelet", "source": {"type": "process", "path": "/proc/1/cmdline"},
            "args": ["kubelet", "--event-qps=N", "--read-only-port=N",
                     "--streaming-connection-idle-timeout=Nh"]},
           {"kind": "kube-apiserver", "source": {"type": "process", "path": "/proc/2/cmdline"},
            "args": ["kube-apiserver", "--audit-log-maxage=N", "--audit-log-maxsize", "N",
                     "--request-timeout=Nm", "--secure-port=N"]}]}]}
        """.replace("N", n);
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void bundleNumbersInJsonAreReadOrRefusedWithTheirPlace(String n) {
    readOrRefuse(jsonBundle(n), n);
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void bundleNumbersInYamlAreReadOrRefusedWithTheirPlace(String n) {
    readOrRefuse(yamlBundle(n), n);
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void flagValuesStayTheirText(String n) {
    String text = flagBundle(n);
    Report report = evaluateQuickly(text);
    assertBounded(report, text);
    Result qps = report.results().stream()
        .filter(r -> "kubelet-event-qps".equals(r.rule())).findFirst().orElseThrow();
    assertEquals(n, qps.evidence().observed().get(0).value(), "the flag's text, as given");
  }

  @Test
  void goDurationsThatOverflowAreNoDurations() {
    for (String d : List.of("1e9999h", "9999999999999999999h", "2562048h", "1" + "0".repeat(100_000)
        + "h", "9223372036854775808ns")) {
      assertNull(new dev.kcis.facts.Setting("n", "kubelet", "t", "x", d,
          dev.kcis.facts.SettingSource.FLAG, null, null).getDuration(), d);
    }
  }

  @Test
  void numbersBuiltInCodeAreWrittenAsTextAndReadBack() throws Exception {
    FactBundle.Component kubelet = new FactBundle.Component("kubelet",
        new FactBundle.Source("process", "/proc/1/cmdline", null),
        List.of("kubelet", "--config=/c.yaml"), Map.of(),
        List.of(new FactBundle.ConfigFile("--config", "/c.yaml", Map.of(
            "eventRecordQPS", new BigDecimal("1e1900000000"),
            "readOnlyPort", BigInteger.TEN.pow(5000),
            "registryPullQPS", Double.POSITIVE_INFINITY))),
        Map.of());
    FactBundle bundle = new FactBundle("code", new FactBundle.Metadata(null, null), null,
        List.of(new FactBundle.Node("n1", List.of(), List.of(kubelet), List.of(), List.of())),
        List.of(), Map.of(), List.of(), List.of());
    Report report = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> engine.evaluate(bundle));
    Result qps = report.results().stream()
        .filter(r -> "kubelet-event-qps".equals(r.rule())).findFirst().orElseThrow();
    assertEquals("1E+1900000000", qps.evidence().observed().get(0).value());
    assertEquals(Status.FAIL, qps.status(), "no valid rate: the kubelet would refuse it");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> bundle.writeJson(out));
    String written = out.toString(StandardCharsets.UTF_8);
    assertTrue(written.length() < 5_000, "written bounded: " + written.length() + " characters");
    assertTrue(written.contains("\"eventRecordQPS\" : \"1E+1900000000\""), written);
    assertTrue(written.contains("\"readOnlyPort\" : \"(a number of 16610 bits)\""), written);
    assertTrue(written.contains("\"registryPullQPS\" : \"Infinity\""), written);
    FactBundle.parse(written, "again"); // reads back
  }

  /** Either the bundle reads and evaluates within bounds, or one line names the number's place. */
  static void readOrRefuse(String text, String n) {
    FactBundle bundle;
    try {
      bundle = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> FactBundle.parse(text, "b"));
    } catch (BundleException e) {
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
      assertTrue(e.getMessage().length() < 400, e.getMessage());
      assertTrue(e.getMessage().matches("b:\\d+:\\d+: /(nodes|objects)/0/\\S+: "
          + "(the number|a number of more than 100 characters).* is out of range \\(kcis reads "
          + "numbers of at most 30 significant digits within 1e-30 and 1e30\\)"), e.getMessage());
      return;
    }
    assertTrue(n.length() <= 100, "a bundle with " + n.length() + " characters in a number read");
    Report report = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> engine.evaluate(bundle));
    assertBounded(report, text);
  }

  static Report evaluateQuickly(String text) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> engine.evaluate(FactBundle.parse(text, "b")));
  }

  /** No value grows beyond the input: nothing is expanded into its digits. */
  static void assertBounded(Report report, String input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> report.writeJson(out));
    for (Result r : report.results()) {
      if (r.evidence() != null) {
        r.evidence().observed().forEach(o -> assertTrue(o.value() == null
            || o.value().length() <= input.length(), () -> r.control() + ": " + o.value()));
      }
    }
    assertTrue(out.size() < 2_000_000 + 20L * input.length(), "report of " + out.size() + " bytes");
  }
}
