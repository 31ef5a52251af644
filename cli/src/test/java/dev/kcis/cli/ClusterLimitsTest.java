package dev.kcis.cli;

import static dev.kcis.cli.CollectAndScanTest.JSON;
import static dev.kcis.cli.CollectAndScanTest.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.collect.FakeApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kcis collect cluster} and {@code scan --cluster} with a kubeconfig that cannot be used
 * (exit 3, one line naming the file and the place, never its content), with an EC client key,
 * with the collection's limits as options, and with a cluster whose listing never ends.
 */
class ClusterLimitsTest {

  @TempDir
  Path dir;

  static final String SECRET = "SECRET-kubeconfig-value";

  /** A kubeconfig whose user is {@code user} (YAML flow mapping) for a server that is not. */
  static String kubeconfig(String user) {
    return """
        apiVersion: v1
        kind: Config
        current-context: c
        clusters: [{name: k, cluster: {server: "https://127.0.0.1:1"}}]
        users: [{name: u, user: %s}]
        contexts: [{name: c, context: {cluster: k, user: u}}]
        """.formatted(user);
  }

  Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** Runs collect cluster and scan --cluster with {@code file}; both give {@code expected}. */
  void assertUnusable(Path file, String expected) {
    Path out = dir.resolve("out.json");
    for (String[] command : List.of(
        new String[] {"collect", "cluster", "--kubeconfig", file.toString(), "-o", out.toString()},
        new String[] {"scan", "--cluster", "--kubeconfig", file.toString()})) {
      CliRun run = CliRun.of(command);
      assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.err());
      assertEquals(1, run.errLines().size(), run.err());
      assertTrue(run.errLines().get(0).matches(Pattern.quote("kcis: cannot use the kubeconfig "
          + file) + expected), run.err());
      assertFalse(run.err().contains("SECRET"), "kubeconfig content on stderr: " + run.err());
      assertEquals("", run.out());
      assertFalse(Files.exists(out));
    }
  }

  @Test
  void malformedYamlIsItsPlaceWithoutItsContent() throws IOException {
    Path file = write("malformed", "apiVersion: v1\nkind: Config\nusers: [{name: u, user: "
        + "{token: " + SECRET + "\n");
    assertUnusable(file, Pattern.quote(":4:1: malformed YAML: expected ',' or '}', but got "
        + "<stream end>"));
  }

  @Test
  void aYamlBombIsRefusedBeforeTheClientExpandsIt() throws IOException {
    // 48 aliases, each of four of the one before: the client would build 4^12 values.
    StringBuilder bomb = new StringBuilder(kubeconfig("{token: " + SECRET + "}"));
    bomb.append("x0: &x0 [a, b, c, d]\n");
    for (int i = 1; i <= 12; i++) {
      bomb.append("x").append(i).append(": &x").append(i).append(" [*x").append(i - 1)
          .append(", *x").append(i - 1).append(", *x").append(i - 1).append(", *x")
          .append(i - 1).append("]\n");
    }
    assertUnusable(write("bomb", bomb.toString()),
        ":14:\\d+: its aliases expand it to more than 100000 values \\(a YAML bomb\\?\\)");

    StringBuilder aliases = new StringBuilder(kubeconfig("{token: " + SECRET + "}"));
    aliases.append("x: &x [a]\ny: [").append("*x, ".repeat(50)).append("*x]\n");
    assertUnusable(write("aliases", aliases.toString()),
        ":8:205: more than 50 aliases of collections");
  }

  @Test
  void aHugeKubeconfigIsNotRead() throws IOException {
    Path file = dir.resolve("huge");
    try (var out = Files.newBufferedWriter(file)) {
      out.write(kubeconfig("{token: " + SECRET + "}"));
      String comment = "# " + "x".repeat(1021) + "\n";
      for (int i = 0; i < 17 * 1024; i++) {
        out.write(comment);
      }
    }
    assertUnusable(file, ": larger than 16MiB, which no kubeconfig needs");
  }

  @Test
  void aValueOfTheWrongTypeIsItsPathAndPlace() throws IOException {
    String text = kubeconfig("{token: t}").replace("{server: \"https://127.0.0.1:1\"}",
        "{server: \"https://127.0.0.1:1\", insecure-skip-tls-verify: " + SECRET + "}");
    int column = text.lines().toList().get(3).indexOf(SECRET) + 1;
    assertUnusable(write("shape", text), ":4:" + column
        + ": clusters\\[0\\]\\.cluster\\.insecure-skip-tls-verify: not the type of value a "
        + "kubeconfig has there");
  }

  @Test
  void textThatIsNotUtf8IsItsPlace() throws IOException {
    Path file = dir.resolve("latin1");
    Files.write(file, ("apiVersion: v1\nkind: Config\n# caf\u00e9\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    assertUnusable(file, ":3:6: not UTF-8 text");
  }

  @Test
  void aClientKeyThatIsNoKeyIsItsUserAndPlace() throws IOException {
    String garbage = Base64.getEncoder().encodeToString(
        (SECRET + "\n").getBytes(StandardCharsets.US_ASCII));
    Path file = write("garbage-key", kubeconfig("{client-certificate-data: " + garbage
        + ", client-key-data: " + garbage + "}"));
    int column = Files.readAllLines(file).get(4).lastIndexOf(garbage) + 1;
    assertUnusable(file, ":5:" + column + ": user \"u\": client-key-data: not a PEM private key");
  }

  @Test
  void aGarbageClientCertificateIsOneLine() throws Exception {
    String key = Base64.getEncoder().encodeToString(pem("PRIVATE KEY",
        keyStore("kcis-client").getKey("k", PASSWORD).getEncoded()).getBytes());
    String garbage = Base64.getEncoder().encodeToString(
        (SECRET + "\n").getBytes(StandardCharsets.US_ASCII));
    Path file = write("garbage-certificate", kubeconfig("{client-certificate-data: " + garbage
        + ", client-key-data: " + key + "}"));
    CliRun run = CliRun.of("collect", "cluster", "--kubeconfig", file.toString());
    assertEquals(ExitCode.INVALID_INPUT, run.exit(), run.err());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().startsWith("kcis: cannot use the credentials of the kubeconfig " + file
        + " (context c): "), run.err());
    assertFalse(run.err().contains("SECRET"), run.err());
  }

  // ---- an EC client key ------------------------------------------------------------------

  static final char[] PASSWORD = "changeit".toCharArray();

  /** A new EC key and self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
  KeyStore keyStore(String name) {
    try {
      Path store = dir.resolve(name + ".p12");
      Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
          "keytool").toString(), "-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname",
          "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
          "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
          new String(PASSWORD)).redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes());
      assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, PASSWORD);
      }
      return keyStore;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  static String base64Pem(String type, byte[] der) {
    return Base64.getEncoder().encodeToString(pem(type, der).getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anEcClientKeyInPkcs8IsUsed() throws Exception {
    KeyStore server = keyStore("kcis-server");
    KeyStore client = keyStore("kcis-client");
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("client", client.getCertificate("k"));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(server, PASSWORD);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

    Certificate serverCertificate = server.getCertificate("k");
    byte[] clientKey = client.getKey("k", PASSWORD).getEncoded(); // PKCS#8
    try (FakeApiServer api = FakeApiServer.startTls(tls)) {
      Path file = write("ec", """
          apiVersion: v1
          kind: Config
          current-context: c
          clusters: [{name: k, cluster: {server: "%s", certificate-authority-data: %s}}]
          users: [{name: u, user: {client-certificate-data: %s, client-key-data: %s}}]
          contexts: [{name: c, context: {cluster: k, user: u}}]
          """.formatted(api.url(), base64Pem("CERTIFICATE", serverCertificate.getEncoded()),
          base64Pem("CERTIFICATE", client.getCertificate("k").getEncoded()),
          base64Pem("PRIVATE KEY", clientKey)));
      assertTrue(Files.readString(file).contains(Base64.getEncoder().encodeToString(
          "-----BEGIN PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII)).substring(0, 20)));

      CliRun run = CliRun.of("collect", "cluster", "--kubeconfig", file.toString());

      assertEquals(ExitCode.OK, run.exit(), run.err());
      assertEquals(List.of("CN=kcis-client"), List.copyOf(api.clientCertificates()));
      assertEquals("v1.31.4", JSON.readTree(run.out()).at("/cluster/kubernetesVersion").asText());
    }
  }

  // ---- the limits as options --------------------------------------------------------------

  Path kubeconfigOf(FakeApiServer api) throws IOException {
    return write("fake", """
        apiVersion: v1
        kind: Config
        current-context: c
        clusters: [{name: k, cluster: {server: "%s"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: c, context: {cluster: k, user: u}}]
        """.formatted(api.url()));
  }

  @Test
  void aListingThatNeverEndsLeavesItsRulesInconclusive() throws IOException {
    try (FakeApiServer api = FakeApiServer.start()) {
      api.on("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", FakeApiServer.json(200,
          FakeApiServer.list("ClusterRoleBindingList", "rbac.authorization.k8s.io/v1", "again",
              FakeApiServer.OPS_ADMIN)));
      Path kubeconfig = kubeconfigOf(api);

      CliRun collect = CliRun.of("collect", "cluster", "--kubeconfig", kubeconfig.toString(),
          "-o", dir.resolve("cluster.json").toString(), "--verbose");
      assertEquals(ExitCode.OK, collect.exit(), collect.err());
      assertTrue(collect.errLines().contains("kcis: not collected: clusterrolebindings "
          + "(ClusterRoleBinding): the API server sent a continue token again after 2 objects: "
          + "the listing would never end"), collect.err());

      CliRun scan = CliRun.of("scan", "--cluster", "--kubeconfig", kubeconfig.toString(),
          "--format", "json", "--fail-on", "never");
      assertEquals(ExitCode.OK, scan.exit(), scan.err());
      List<String> results = results(JSON.readTree(scan.out()));
      // The binding read is still a finding, and the rule cannot pass on an incomplete list.
      assertTrue(results.stream().anyMatch(r -> r.startsWith(
          "5.1.1 ClusterRoleBinding/ops-admin FAIL")), String.join("\n", results));
      assertTrue(results.stream().anyMatch(r -> r.startsWith("5.1.1 cluster INCONCLUSIVE")
          && r.contains("ClusterRoleBinding") && r.contains("continue token again")),
          String.join("\n", results));
    }
  }

  @Test
  void theLimitsAreOptionsOfCollectAndScan() throws IOException {
    try (FakeApiServer api = FakeApiServer.start()) {
      Path kubeconfig = kubeconfigOf(api);
      api.on("/api/v1/pods", api.huge(64 << 10, false));

      CliRun run = CliRun.of("collect", "cluster", "--kubeconfig", kubeconfig.toString(),
          "--max-objects", "1", "--max-response-size", "32Ki", "--request-timeout", "20s",
          "--timeout", "2m", "--verbose", "-o", dir.resolve("b.json").toString());

      assertEquals(ExitCode.OK, run.exit(), run.err());
      assertTrue(run.errLines().contains("kcis: not collected: pods (Pod): the answer is larger "
          + "than 32KiB (--max-response-size)"), run.err());
      assertTrue(run.errLines().get(run.errLines().size() - 1).endsWith(
          ", 1 collection error"), run.err());

      api.on("/api/v1/pods", FakeApiServer.json(200, FakeApiServer.list("PodList", "v1", null,
          "{\"metadata\":{\"name\":\"a\"}}", "{\"metadata\":{\"name\":\"b\"}}")));
      CliRun scan = CliRun.of("scan", "--cluster", "--kubeconfig", kubeconfig.toString(),
          "--max-objects", "1", "--format", "json", "--fail-on", "never");
      assertEquals(ExitCode.OK, scan.exit(), scan.err());
      assertTrue(results(JSON.readTree(scan.out())).stream().anyMatch(r ->
          r.contains("more than 1 objects (--max-objects)")), scan.out());
    }
  }

  @Test
  void badLimitsAreUsageErrors() {
    for (String[] args : List.of(new String[] {"--max-objects", "0"},
        new String[] {"--max-response-size", "lots"}, new String[] {"--request-timeout", "0s"},
        new String[] {"--timeout", "soon"})) {
      CliRun run = CliRun.of("collect", "cluster", args[0], args[1]);
      assertEquals(ExitCode.USAGE, run.exit(), String.join(" ", args) + ": " + run.err());
      assertTrue(run.err().contains(args[0]) || run.err().contains(args[1]), run.err());
    }
    CliRun withoutCluster = CliRun.of("scan", "--timeout", "5m", "--manifests", "x");
    assertEquals(ExitCode.USAGE, withoutCluster.exit());
    assertTrue(withoutCluster.err().contains("add --cluster"), withoutCluster.err());
  }
}
