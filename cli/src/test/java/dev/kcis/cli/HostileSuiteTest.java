package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.FakeApiServer;
import dev.kcis.collect.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input suite: for every entry point ({@code eval}, {@code collect node},
 * {@code collect manifests}, {@code collect cluster} against a fake API server on 127.0.0.1, and
 * rule packs), one case per class of hostile input the review of issue 10 tried. Every case
 * holds kcis to the same contract: it ends within {@link #DEADLINE}, with the documented exit
 * code, with exactly one line on standard error (the problem with the file and its place, or the
 * summary of a collection whose error is recorded in the bundle), without a stack trace, and
 * without a control character on standard error or standard output.
 *
 * <p>The classes are tried in more depth by the tests next to each fix ({@link HostileInputTest},
 * {@link IoSafetyTest}, {@link ClusterLimitsTest}, {@link PlantedCredentialsTest}, and in the
 * collectors' tests); this suite is the one place that says which inputs each entry point
 * withstands.
 */
class HostileSuiteTest {

  /** The contract's bound is 30 s; cases that wait for a deadline set theirs well within it. */
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t\\r]]|\\p{Cf}");
  static final String NUL = "\u0000";

  @TempDir
  Path dir;

  /** One hostile input given to one command, and what kcis must answer. */
  record Case(String name, String[] args, int exit, String line, Consumer<Path> bundleCheck) {}

  static Case fails(String name, String line, String... args) {
    return new Case(name, args, ExitCode.INVALID_INPUT, line, null);
  }

  /** A collection that records the problem in its bundle (at {@code out}) and ends 0. */
  static Case recorded(String name, String line, Consumer<Path> bundleCheck, String... args) {
    return new Case(name, args, ExitCode.OK, line, bundleCheck);
  }

  static Stream<DynamicTest> tests(List<Case> cases) {
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  /** Runs a case and holds it to the contract. */
  static void check(Case c) {
    long start = System.nanoTime();
    CliRun run = assertTimeoutPreemptively(DEADLINE, () -> CliRun.of(c.args()), c.name());
    assertContract(c.name(), run, c.exit(), c.line());
    assertTrue(System.nanoTime() - start < DEADLINE.toNanos());
    if (c.bundleCheck() != null) {
      c.bundleCheck().accept(Path.of(c.args()[c.args().length - 1]));
    }
  }

  static void assertContract(String name, CliRun run, int exit, String line) {
    assertEquals(exit, run.exit(), name + ": " + run.err());
    assertEquals(1, run.errLines().size(), name + ": one line: " + run.err());
    assertTrue(Pattern.compile(line).matcher(run.errLines().get(0)).find(),
        name + ": expected /" + line + "/ in: " + run.err());
    assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"),
        name + ": a stack trace: " + run.err());
    assertFalse(CONTROL.matcher(run.err()).find(), name + ": a control character on stderr: "
        + run.err());
    assertFalse(CONTROL.matcher(run.out()).find(), name + ": a control character on stdout");
  }

  Path write(String relative, String text) {
    return Trees.write(dir, relative, text);
  }

  Path write(String relative, byte[] bytes) {
    try {
      Path file = dir.resolve(relative);
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path fifo(String relative) {
    Path file = dir.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).start();
      assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return file;
  }

  Path link(String relative, String target) {
    try {
      Path file = dir.resolve(relative);
      Files.createDirectories(file.getParent());
      return Files.createSymbolicLink(file, Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String out(String name) {
    return dir.resolve(name).toString();
  }

  static String q(Object text) {
    return Pattern.quote(String.valueOf(text));
  }

  /** A YAML mapping whose aliases expand to 9^10 values. */
  static String aliasBomb(String head) {
    StringBuilder bomb = new StringBuilder(head).append("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 10; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [")
          .append(String.join(", ", Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
    }
    return bomb.toString();
  }

  static final String BUNDLE_HEAD = "apiVersion: kcis.dev/v1\nkind: FactBundle\n";
  static final byte[] LATIN1_BUNDLE = (BUNDLE_HEAD + "nodes: [{name: caf\u00e9}]\n")
      .getBytes(StandardCharsets.ISO_8859_1);

  // ---- eval ----------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> eval() {
    List<Case> cases = new ArrayList<>();
    Path latin1 = write("eval/latin1.yaml", LATIN1_BUNDLE);
    cases.add(fails("a byte that is not UTF-8", q(latin1) + ":3:19: not UTF-8 text",
        "eval", latin1.toString()));
    Path bomb = write("eval/bomb.yaml", aliasBomb(BUNDLE_HEAD));
    cases.add(fails("an alias bomb", q(bomb) + ":\\d+:\\d+: .*aliases", "eval", bomb.toString()));
    Path deep = write("eval/deep.json", "{\"apiVersion\": \"kcis.dev/v1\", \"kind\": "
        + "\"FactBundle\", \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
    cases.add(fails("nesting 5000 deep", q(deep) + ":1:\\d+: .*(nest|depth)", "eval",
        deep.toString()));
    Path number = write("eval/number.json", "{\"apiVersion\": \"kcis.dev/v1\", \"kind\": "
        + "\"FactBundle\", \"nodes\": [{\"name\": \"n\", \"x\": 1e2147483647}]}");
    cases.add(fails("a number of two billion digits", q(number) + ":1:\\d+: .*out of range",
        "eval", number.toString()));
    Path truncated = write("eval/truncated.json", "{\"apiVersion\": \"kcis.dev/v1\", "
        + "\"kind\": \"FactBundle\", \"nodes\": [");
    cases.add(fails("a truncated bundle", q(truncated) + ":1:\\d+: malformed JSON", "eval",
        truncated.toString()));
    Path escKey = write("eval/esc.json", "{\"apiVersion\": \"kcis.dev/v1\", \"kind\": "
        + "\"FactBundle\", \"\u001b]0;owned\u0007\": 1}");
    cases.add(fails("a key of raw ESC and BEL", q(escKey) + ":1:\\d+: ", "eval",
        escKey.toString()));
    Path two = write("eval/two.yaml", BUNDLE_HEAD + "---\n" + BUNDLE_HEAD);
    cases.add(fails("two YAML documents", q(two) + ":\\d+:\\d+: .*second", "eval",
        two.toString()));
    Path empty = write("eval/empty.json", "");
    cases.add(fails("an empty file", q(empty) + ": the file is empty", "eval", empty.toString()));
    Path big = write("eval/big.json", "{\"apiVersion\": \"kcis.dev/v1\", \"kind\": "
        + "\"FactBundle\", \"pad\": \"" + "x".repeat(2048) + "\"}");
    cases.add(fails("a bundle over --max-input-size", q(big) + ": .*over the input limit of 1 "
        + "KiB \\(raise it with --max-input-size\\)", "eval", big.toString(), "--max-input-size",
        "1k"));
    Path zero = link("eval/zero.json", "/dev/zero");
    cases.add(fails("a link to /dev/zero", q(zero) + ": .*not a regular file", "eval",
        zero.toString()));
    cases.add(fails("a directory", q(dir) + ": is a directory", "eval", dir.toString()));
    cases.add(fails("a FIFO", "bundle\\.fifo: .*not a regular file", "eval",
        fifo("eval/bundle.fifo").toString()));
    cases.add(new Case("an output directory that cannot be written", new String[] {"eval",
        "../samples/bundles/hardened-control-plane.json", "--benchmark=cis-1.12", "-o",
        "/proc/self/kcis-hostile-report.txt"}, ExitCode.INTERNAL,
        "^kcis: cannot write /proc/self/kcis-hostile-report\\.txt: ", null));
    return tests(cases);
  }

  // ---- collect manifests ---------------------------------------------------------------------

  static final String POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
      + "spec: {containers: [{name: c, image: x}]}\n";

  @TestFactory
  Stream<DynamicTest> collectManifests() {
    List<Case> cases = new ArrayList<>();
    String o = out("manifests.json");
    Path latin1 = write("m/latin1.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: caf\u00e9}\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    cases.add(fails("a byte that is not UTF-8", q(latin1) + ":3:21: not UTF-8 text", "collect",
        "manifests", latin1.toString(), "-o", o));
    Path bomb = write("m/bomb.yaml", aliasBomb("apiVersion: v1\nkind: ConfigMap\n"
        + "metadata: {name: b}\n"));
    cases.add(fails("an alias bomb", q(bomb) + ":\\d+:\\d+: YAML rejected: Number of aliases",
        "collect", "manifests", bomb.toString(), "-o", o));
    Path deep = write("m/deep.yaml", POD + "x: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    cases.add(fails("nesting 5000 deep", q(deep) + ":5:\\d+: YAML rejected: Nesting Depth",
        "collect", "manifests", deep.toString(), "-o", o));
    Path stream = write("m/stream.yaml", POD + "---\n" + POD.replace("{name: p}",
        "{name: \"q SECRET-quoted") + "---\n" + POD.replace("{name: p}", "{name: r}"));
    cases.add(fails("the broken document of a stream", q(stream) + ":8:18: malformed YAML in "
        + "document 2 \\(from line 5\\): ", "collect", "manifests", stream.toString(), "-o", o));
    Path string = write("m/string.yaml", POD + "---\njust a sentence\n");
    cases.add(fails("a document that is a plain string", q(string) + ":6:1: expected a "
        + "Kubernetes API object .* found a string", "collect", "manifests", string.toString(),
        "-o", o));
    Path escKey = write("m/esc.yaml", POD.replace("{name: p}", "{name: p, labels: "
        + "{\"\\e]0;owned\\a\": v, \"\\e]0;owned\\a\": v}}"));
    cases.add(fails("a duplicate key of raw ESC and BEL", q(escKey) + ":3:\\d+: .*duplicate key "
        + q("\\u001b]0;owned\\u0007"), "collect", "manifests", escKey.toString(), "-o", o));
    Path zero = link("m/zero.yaml", "/dev/zero");
    cases.add(fails("a link to /dev/zero", q(zero) + ": .*not a regular file", "collect",
        "manifests", zero.toString(), "-o", o));
    cases.add(fails("a FIFO", "m\\.fifo: .*not a regular file", "collect", "manifests",
        fifo("fifo/m.fifo").toString(), "-o", o));
    Path big = write("m/big.yaml", POD + "# " + "x".repeat(4096) + "\n");
    cases.add(fails("a file over --max-input-size", q(big) + ": .*over the input limit of 1 KiB",
        "collect", "manifests", big.toString(), "--max-input-size", "1k", "-o", o));
    Path json = write("m/trailing.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\"} }");
    cases.add(fails("JSON with trailing garbage", q(json) + ":1:\\d+: malformed JSON", "collect",
        "manifests", json.toString(), "-o", o));
    return tests(cases);
  }

  // ---- collect node --------------------------------------------------------------------------

  static FactBundle.Issue error(Path bundle, String item) {
    FactBundle read = FactBundle.read(bundle);
    return read.nodes().get(0).errors().stream().filter(e -> e.item().equals(item)).findFirst()
        .orElseThrow(() -> new AssertionError("no error for " + item + " in "
            + read.nodes().get(0).errors()));
  }

  static Consumer<Path> errorFor(String item, String message) {
    return bundle -> {
      String recorded = error(bundle, item).message();
      assertTrue(Pattern.compile(message).matcher(recorded).find(), item + ": " + recorded);
    };
  }

  @TestFactory
  Stream<DynamicTest> collectNode() {
    List<Case> cases = new ArrayList<>();
    Path root = dir.resolve("node");
    Trees.cmdline(root, 10, "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml");
    write("node/etc/hostname", "n\u001b]0;owned\u0007-1\n");
    write("node/var/lib/kubelet/config.yaml", ("kind: KubeletConfiguration\n"
        + "authentication: {anonymous: {enabled: caf\u00e9}}\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    write("node/etc/kubernetes/manifests/words.yaml", "just some words\n");
    write("node/etc/kubernetes/manifests/bomb.yaml", aliasBomb("kind: Pod\n"));
    fifo("node/etc/kubernetes/manifests/hang.yaml");
    String o = out("node.json");
    String summary = "^kcis: wrote the bundle of node n\\\\u001b\\]0;owned\\\\u0007-1 to "
        + q(o) + ": .*collection errors$";
    cases.add(recorded("a kubelet config that is not UTF-8", summary,
        errorFor("/var/lib/kubelet/config.yaml", "not UTF-8 text at line 2, column 42"),
        "collect", "node", "--root", root.toString(), "-o", o));
    cases.add(recorded("a static manifest that is a plain string", summary,
        errorFor("/etc/kubernetes/manifests/words.yaml", "is not a Kubernetes object: it holds "
            + "a string"), "collect", "node", "--root", root.toString(), "-o", o));
    cases.add(recorded("an alias bomb as a static manifest", summary,
        errorFor("/etc/kubernetes/manifests/bomb.yaml", "YAML rejected: Number of aliases .* "
            + "at line \\d+"), "collect", "node", "--root", root.toString(), "-o", o));
    cases.add(recorded("a FIFO as a static manifest", summary,
        errorFor("/etc/kubernetes/manifests/hang.yaml", "not a regular file"), "collect", "node",
        "--root", root.toString(), "-o", o));
    Path file = write("node-file", "x");
    cases.add(fails("a --root that is a file", q(file) + ".*not a directory", "collect", "node",
        "--root", file.toString(), "-o", o));
    return tests(cases);
  }

  /**
   * A file name that is not valid in the platform charset ({@code LANG} unset: ASCII) is a
   * collection error, not a crash. Run in a JVM of its own, whose charset is the one {@code LANG}
   * gives.
   */
  @TestFactory
  Stream<DynamicTest> namesNotValidInThePlatformCharset() throws IOException {
    Path root = dir.resolve("latin1-names");
    byte[] name = "caf\u00e9.yaml".getBytes(StandardCharsets.ISO_8859_1);
    Path manifests = Files.createDirectories(root.resolve("etc/kubernetes/manifests"));
    Path cni = Files.createDirectories(root.resolve("etc/cni/net.d"));
    // Written through the shell: this JVM cannot name a file with bytes outside its charset.
    Process p = new ProcessBuilder("sh", "-c", "printf 'kind: Pod\\n' > \"$1/$(printf "
        + "'caf\\351.yaml')\" && printf '{}' > \"$2/$(printf '99-caf\\351.conflist')\"", "sh",
        manifests.toString(), cni.toString()).inheritIO().start();
    assumeTrue(uncheckedWait(p) == 0 && name.length == 9, "sh and printf");
    Path out = dir.resolve("latin1.json");
    return Stream.of(DynamicTest.dynamicTest("collect node with LANG unset", () -> {
      CliRun run = assertTimeoutPreemptively(DEADLINE, () -> IoSafetyTest.processWithout(
          List.of("LANG", "LC_ALL", "LC_CTYPE"), "collect", "node", "--root", root.toString(),
          "-o", out.toString()));
      assertContract("LANG unset", run, ExitCode.OK, "^kcis: wrote the bundle of node .*"
          + "collection errors$");
      String json = Files.readString(out);
      assertTrue(json.contains("its name is not valid in the platform charset"), json);
    }));
  }

  static int uncheckedWait(Process p) {
    try {
      return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  // ---- collect cluster -----------------------------------------------------------------------

  Path kubeconfig(String name, String server, String user) {
    return write(name, """
        apiVersion: v1
        kind: Config
        current-context: c
        clusters: [{name: k, cluster: {server: "%s"}}]
        users: [{name: u, user: %s}]
        contexts: [{name: c, context: {cluster: k, user: u}}]
        """.formatted(server, user));
  }

  static Consumer<Path> clusterError(String item, String message) {
    return bundle -> {
      FactBundle read = FactBundle.read(bundle);
      List<String> errors = read.errors().stream().map(e -> e.item() + ": " + e.message())
          .toList();
      assertTrue(errors.stream().anyMatch(e -> e.startsWith(item + ": ")
          && Pattern.compile(message).matcher(e).find()), errors.toString());
    };
  }

  @TestFactory
  Stream<DynamicTest> collectCluster() {
    FakeApiServer api = FakeApiServer.start();
    Path kubeconfig = kubeconfig("cluster/kubeconfig", api.url(), "{token: SECRET-token}");
    List<Case> cases = new ArrayList<>();
    String o = out("cluster.json");
    String[] collect = {"collect", "cluster", "--kubeconfig", kubeconfig.toString(),
        "--request-timeout", "8s", "--max-response-size", "1Mi", "-o", o};
    String summary = "^kcis: wrote the cluster bundle of k to " + q(o) + ": .*collection error";
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("a Secret list answered for serviceaccounts", () -> {
      api.on("/api/v1/serviceaccounts", FakeApiServer.json(200, FakeApiServer.list("SecretList",
          "v1", null, "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"a\"},"
              + "\"data\":{\"token\":\"U0VDUkVULXdyb25nLWtpbmQ=\"}}")));
      check(recorded("a Secret list for serviceaccounts", summary,
          clusterError("serviceaccounts", "Secret").andThen(b -> assertFalse(
              read(b).contains("U0VDUkVULXdyb25nLWtpbmQ="))), collect));
    }));
    tests.add(DynamicTest.dynamicTest("an endless body", () -> {
      api.on("/api/v1/pods", api.endless("{\"kind\":\"PodList\",\"apiVersion\":\"v1\","
          + "\"items\":[", " ".repeat(4096)));
      check(recorded("an endless body", summary, clusterError("pods", "larger than 1MiB "
          + "\\(--max-response-size\\)"), collect));
    }));
    tests.add(DynamicTest.dynamicTest("a continue token that repeats", () -> {
      api.on("/api/v1/pods", FakeApiServer.json(200, FakeApiServer.list("PodList", "v1", "again",
          "{\"metadata\":{\"name\":\"a\",\"namespace\":\"n\"}}")));
      check(recorded("a repeating continue token", summary, clusterError("pods",
          "continue token again"), collect));
    }));
    tests.add(DynamicTest.dynamicTest("an answer that trickles", () -> {
      api.on("/api/v1/pods", api.trickle(FakeApiServer.list("PodList", "v1", null),
          Duration.ofMillis(500)));
      check(recorded("a trickling answer", summary, clusterError("pods",
          "within 8s \\(--request-timeout\\)"), collect));
    }));
    tests.add(DynamicTest.dynamicTest("a /version that trickles", () -> {
      api.on("/version", api.trickle("{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":"
          + "\"v1.31.4\"}", Duration.ofMillis(500)));
      check(fails("a trickling /version", "^kcis: .*" + q(api.url()), collect));
    }));
    Path garbageKey = kubeconfig("cluster/garbage-key", "https://127.0.0.1:1",
        "{client-certificate-data: " + b64("not a certificate") + ", client-key-data: "
            + b64("SECRET-garbage-key") + "}");
    tests.add(DynamicTest.dynamicTest("a client key that is garbage", () -> check(fails(
        "a garbage client key", "^kcis: cannot use the kubeconfig " + q(garbageKey)
            + ":5:\\d+: user \"u\": client-(certificate|key)-data: ", "collect", "cluster",
        "--kubeconfig", garbageKey.toString(), "-o", o))));
    Path bomb = write("cluster/bomb", aliasBomb("apiVersion: v1\nkind: Config\n"));
    tests.add(DynamicTest.dynamicTest("a kubeconfig bomb", () -> check(fails("a kubeconfig bomb",
        "^kcis: cannot use the kubeconfig " + q(bomb) + ":\\d+:\\d+: ", "collect", "cluster",
        "--kubeconfig", bomb.toString(), "-o", o))));
    Path syntax = write("cluster/syntax", "apiVersion: v1\nkind: Config\nusers:\n- name: u\n"
        + "  user:\n    token: SECRET-on-a-broken-line: x\n");
    tests.add(DynamicTest.dynamicTest("a kubeconfig syntax error", () -> {
      CliRun run = CliRun.of("collect", "cluster", "--kubeconfig", syntax.toString(), "-o", o);
      assertContract("kubeconfig syntax", run, ExitCode.INVALID_INPUT, "^kcis: cannot use the "
          + "kubeconfig " + q(syntax) + ":6:\\d+: malformed YAML");
      assertFalse(run.err().contains("SECRET"), "the line's content: " + run.err());
    }));
    tests.add(DynamicTest.dynamicTest("(stop the fake API server)", api::close));
    return tests.stream();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String b64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  // ---- rule packs ----------------------------------------------------------------------------

  Path pack(String name, String drl) {
    write("packs/" + name + "/r.drl", drl);
    return dir.resolve("packs/" + name);
  }

  static final String RULE = """
      package org.example.rules
      import dev.kcis.facts.Node
      global dev.kcis.facts.Verdicts verdict

      rule "%s"
          @scope("node")
          @message("found")
          @remediation("Fix it.")
      when
          $n : Node()
      then
          %s
      end
      """;

  @TestFactory
  Stream<DynamicTest> rulePacks() {
    String bundle = "../samples/bundles/hardened-control-plane.json";
    List<Case> cases = new ArrayList<>();
    Path exit = pack("exit", RULE.formatted("bye", "System.exit(0);"));
    cases.add(fails("a rule that calls System.exit", q(exit.resolve("r.drl")) + ":\\d+:\\d+: "
        + ".*System\\.exit", "eval", bundle, "--rules", exit.toString()));
    Path io = pack("io", RULE.formatted("reads", "new java.io.FileInputStream(\"/etc/shadow\");"));
    cases.add(fails("a rule that opens a file", q(io.resolve("r.drl")) + ":\\d+:\\d+: ", "eval",
        bundle, "--rules", io.toString()));
    Path syntax = pack("syntax", "package x\nrule \"broken\n when then end\n");
    cases.add(fails("a DRL syntax error", q(syntax.resolve("r.drl")) + ":\\d+", "eval", bundle,
        "--rules", syntax.toString()));
    Path esc = pack("esc", RULE.formatted("x\u001b]0;owned\u0007", "oops(;"));
    cases.add(fails("a rule named with ESC and BEL and a compile error",
        q(esc.resolve("r.drl")) + ":\\d+", "eval", bundle, "--rules", esc.toString()));
    cases.add(fails("a pack that is a FIFO", "r\\.drl: .*not a regular file", "eval", bundle,
        "--rules", fifoPack().toString()));
    return tests(cases);
  }

  Path fifoPack() {
    fifo("packs/fifo/r.drl");
    return dir.resolve("packs/fifo");
  }
}
