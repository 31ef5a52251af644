package dev.kcis.cli;

import static dev.kcis.cli.ClusterAndManifestsTest.EVAL;
import static dev.kcis.cli.ClusterAndManifestsTest.args;
import static dev.kcis.cli.CollectAndScanTest.JSON;
import static dev.kcis.cli.CollectAndScanTest.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.collect.FakeApiServer;
import dev.kcis.collect.SampleCluster;
import dev.kcis.report.ReportFormat;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of credential a hostile-input review found leaking, planted in two node roots, in
 * manifests and in a mock cluster, then collected and evaluated through the CLI (collect + eval
 * and scan, JSON and table): no planted value is in a bundle, a report or standard error, and no
 * raw control character reaches standard error or the table.
 */
@EnableKubernetesMockClient(crud = true)
class PlantedCredentialsTest {

  static final Pattern PLANTED = Pattern.compile("SECRET-E2E-[A-Za-z0-9-]+");
  static final String JWT_PAYLOAD = "eyJzdWIiOiJzeXN0ZW06YWRtaW4ifQ";
  static final String JWT = "eyJhbGciOiJIUzI1NiJ9." + JWT_PAYLOAD + ".c2lnbmF0dXJlLXNlY3JldA";
  static final String SECRET_DATA = b64("SECRET-E2E-secret-data");
  /** A file name that would drive the terminal if it were printed raw. */
  static final String EVIL_NAME = "evil\u001b]0;owned\u0007\u001b[2J.key";

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir
  Path dir;

  /** Everything the test wrote, to find the planted values in. */
  final StringBuilder planted = new StringBuilder();

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  Path write(Path root, String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    planted.append(text).append('\n');
    return Files.writeString(file, text);
  }

  void cmdline(Path root, int pid, String... argv) throws IOException {
    Path file = root.resolve("proc/" + pid + "/cmdline");
    Files.createDirectories(file.getParent());
    planted.append(String.join(" ", argv)).append('\n');
    Files.write(file, (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
  }

  @SafeVarargs
  static String[] concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
  }

  /** Every planted value, with the base64 forms a Secret's data would carry. */
  Set<String> secrets() {
    Set<String> secrets = new TreeSet<>(SampleCluster.secrets());
    Matcher m = PLANTED.matcher(planted);
    while (m.find()) {
      secrets.add(m.group());
      secrets.add(b64(m.group()));
    }
    secrets.addAll(List.of(JWT, JWT_PAYLOAD, SECRET_DATA, "hunter2-e2e"));
    return secrets;
  }

  // ---- what is planted ----------------------------------------------------------------------

  /** A control plane: static pods, a kubelet process, credential files named by config flags. */
  Path controlPlaneRoot() throws IOException {
    Path root = dir.resolve("cp");
    write(root, "etc/hostname", "cp-9\n");
    write(root, "etc/kubernetes/manifests/kube-apiserver.yaml", """
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver
          namespace: kube-system
          annotations:
            example.com/api-token: SECRET-E2E-static-pod-annotation
            example.com/identity: %s
        spec:
          containers:
            - name: kube-apiserver
              image: registry.k8s.io/kube-apiserver:v1.31.4
              command:
                - kube-apiserver
                - --anonymous-auth=false
                - --authorization-mode=Node,RBAC
                - --db-password=SECRET-E2E-apiserver-flag-eq
                - --db-password
                - SECRET-E2E-apiserver-flag-space
                - --token-auth-file=/etc/kubernetes/tokens.csv
                - --admission-control-config-file=/etc/kubernetes/tokens.csv
                - --authentication-config=/etc/kubernetes/authn.yaml
                - --encryption-provider-config=/etc/kubernetes/encryption.yaml
              env:
                - {name: API_KEY, value: SECRET-E2E-static-pod-env}
              volumeMounts: [{name: k8s, mountPath: /etc/kubernetes, readOnly: true}]
          volumes: [{name: k8s, hostPath: {path: /etc/kubernetes}}]
        """.formatted(JWT));
    write(root, "etc/kubernetes/manifests/etcd.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: etcd, namespace: kube-system}
        spec:
          containers:
            - name: etcd
              image: registry.k8s.io/etcd:3.5.15-0
              command: [etcd, --initial-cluster-token=SECRET-E2E-etcd-flag,
                        --data-dir=/var/lib/etcd, --client-cert-auth=true]
              env: [{name: ETCD_INITIAL_CLUSTER_TOKEN, value: SECRET-E2E-etcd-env}]
        """);
    write(root, "etc/kubernetes/tokens.csv",
        "SECRET-E2E-token-csv,admin,1000,\"system:masters\"\n");
    write(root, "etc/kubernetes/authn.yaml", """
        apiVersion: apiserver.config.k8s.io/v1beta1
        kind: AuthenticationConfiguration
        anonymous: {enabled: false}
        jwt:
          - issuer: {url: "https://issuer.example", audiences: [kcis]}
            claimMappings: {username: {claim: sub, prefix: ""}}
            keys:
              - {kty: RSA, kid: k1, n: public-modulus, e: AQAB, d: SECRET-E2E-jwk-d,
                 p: SECRET-E2E-jwk-p, q: SECRET-E2E-jwk-q, dp: SECRET-E2E-jwk-dp,
                 dq: SECRET-E2E-jwk-dq, qi: SECRET-E2E-jwk-qi}
        """);
    write(root, "etc/kubernetes/encryption.yaml", """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - aescbc: {keys: [{name: key1, secret: %s}]}
              - identity: {}
        """.formatted(b64("SECRET-E2E-encryption-key")));
    write(root, "etc/kubernetes/admin.conf", """
        apiVersion: v1
        kind: Config
        users: [{name: admin, user: {token: SECRET-E2E-admin-conf-token}}]
        """);
    write(root, "etc/kubernetes/pki/" + EVIL_NAME, "-----BEGIN PRIVATE KEY-----\n"
        + "SECRET-E2E-pki-key\n-----END PRIVATE KEY-----\n");
    cmdline(root, 100, "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml",
        "--registry-password", "SECRET-E2E-proc-flag", "--api-key=SECRET-E2E-proc-flag-eq");
    write(root, "var/lib/kubelet/config.yaml", """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication: {anonymous: {enabled: false}, webhook: {enabled: true}}
        authorization: {mode: Webhook}
        readOnlyPort: 0
        staticPodURL: https://pods.example/
        staticPodURLHeader: {Authorization: ["Bearer SECRET-E2E-static-pod-url-header"]}
        credentials: {token: {value: SECRET-E2E-token-in-a-map}}
        """);
    return root;
  }

  /** A worker whose kubelet runs from its systemd unit, with credentials on the command line. */
  Path workerRoot() throws IOException {
    Path root = dir.resolve("worker");
    write(root, "etc/hostname", "w-9\n");
    write(root, "lib/systemd/system/kubelet.service", "[Service]\n"
        + "Environment=\"KUBELET_EXTRA_ARGS=--api-key=SECRET-E2E-unit-env\"\n"
        + "ExecStart=/usr/bin/kubelet --bootstrap-token SECRET-E2E-unit-flag "
        + "$KUBELET_EXTRA_ARGS\n");
    return root;
  }

  Path manifests() throws IOException {
    Path m = dir.resolve("manifests");
    write(m, "dump.yaml", """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Secret
                metadata: {name: nested, namespace: apps}
                stringData: {password: SECRET-E2E-nested-list-string-data}
                data: {token: %s}
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: apps}
            data: {password: SECRET-E2E-configmap}
        """.formatted(SECRET_DATA));
    write(m, "app.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api-e2e
          namespace: apps
          annotations:
            example.com/deploy-token: SECRET-E2E-manifest-annotation
            example.com/identity: %s
            kubectl.kubernetes.io/last-applied-configuration: '{"env":"SECRET-E2E-last-applied"}'
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
                - name: api
                  image: api:1
                  args: [--db-password, SECRET-E2E-manifest-arg, --listen=:8080]
                  env:
                    - {name: API_KEY, value: SECRET-E2E-manifest-env}
                    - {name: DB, valueFrom: {secretKeyRef: {name: nested, key: password}}}
        """.formatted(JWT));
    return m;
  }

  /** The sample cluster, plus a pod and a mirror pod carrying credentials. */
  void cluster() {
    SampleCluster.create(server, client);
    String extra = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: builder
          namespace: apps
          annotations:
            example.com/registry-token: SECRET-E2E-api-annotation
            example.com/identity: %s
        spec:
          containers:
            - name: builder
              image: builder:1
              args: [--db-password=SECRET-E2E-api-arg]
              env: [{name: GITHUB_PAT, value: SECRET-E2E-api-github-pat}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd-cp-2
          namespace: kube-system
          annotations: {kubernetes.io/config.mirror: 91bc}
        spec:
          nodeName: cp-2
          containers:
            - name: etcd
              image: registry.k8s.io/etcd:3.5.15-0
              command: [etcd, --initial-cluster-token=SECRET-E2E-api-etcd-flag]
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: never-read, namespace: apps}
        stringData: {password: SECRET-E2E-api-secret}
        """.formatted(JWT);
    planted.append(extra);
    for (HasMetadata object : client.load(new ByteArrayInputStream(
        extra.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(object).create();
    }
  }

  Path kubeconfig() throws IOException {
    return write(dir, "kubeconfig", """
        apiVersion: v1
        kind: Config
        current-context: sample
        clusters: [{name: sample, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: auditor, user: {token: SECRET-E2E-kubeconfig-token}}]
        contexts: [{name: sample, context: {cluster: sample, user: auditor}}]
        """.formatted(server.url("/").replaceAll("/$", "")));
  }

  /**
   * A second API server that answers as a hostile or broken one would: a Secret list for
   * service accounts, a Secret among ConfigMaps, credentials under credential keys as maps.
   */
  FakeApiServer hostileCluster() {
    FakeApiServer api = FakeApiServer.start();
    String secretItem = "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"sa-token\","
        + "\"namespace\":\"apps\"},\"data\":{\"token\":\"" + b64("SECRET-E2E-wrong-kind")
        + "\"},\"stringData\":{\"password\":\"SECRET-E2E-wrong-kind-string\"}}";
    api.on("/api/v1/serviceaccounts", FakeApiServer.json(200,
        FakeApiServer.list("SecretList", "v1", null, secretItem)));
    api.on("/api/v1/configmaps", FakeApiServer.json(200,
        FakeApiServer.list("ConfigMapList", "v1", null, secretItem, "{\"metadata\":{\"name\":"
            + "\"settings\",\"namespace\":\"apps\",\"annotations\":{\"example.com/id\":\""
            + JWT + "\"}},\"data\":{\"token\":\"SECRET-E2E-configmap-token\","
            + "\"auth\":\"{\\\"token\\\":{\\\"value\\\":\\\"SECRET-E2E-json-in-cm"
            + "\\\"}}\"}}")));
    planted.append("SECRET-E2E-wrong-kind SECRET-E2E-wrong-kind-string "
        + "SECRET-E2E-configmap-token\n");
    return api;
  }

  // ---- the runs -----------------------------------------------------------------------------

  @Test
  void noPlantedCredentialReachesABundleAReportOrStandardError() throws IOException {
    Path cp = controlPlaneRoot();
    Path worker = workerRoot();
    Path m = manifests();
    cluster();
    Path kubeconfig = kubeconfig();
    Map<String, String> seen = new LinkedHashMap<>();

    List<Path> bundles = new ArrayList<>();
    try (FakeApiServer hostile = hostileCluster()) {
      Path hostileConfig = write(dir, "hostile-kubeconfig", """
          apiVersion: v1
          kind: Config
          current-context: h
          clusters: [{name: h, cluster: {server: "%s"}}]
          users: [{name: u, user: {token: SECRET-E2E-hostile-kubeconfig-token}}]
          contexts: [{name: h, context: {cluster: h, user: u}}]
          """.formatted(hostile.url()));
      for (String[] collect : List.of(
          new String[] {"collect", "node", "--root", cp.toString()},
          new String[] {"collect", "node", "--root", worker.toString()},
          new String[] {"collect", "manifests", m.toString()},
          new String[] {"collect", "cluster", "--kubeconfig", kubeconfig.toString()},
          new String[] {"collect", "cluster", "--kubeconfig", hostileConfig.toString()})) {
        Path out = dir.resolve("bundle-" + bundles.size() + ".json");
        CliRun run = CliRun.of(args(List.of(collect), List.of("--out", out.toString(),
            "--verbose")));
        assertEquals(ExitCode.OK, run.exit(), run.err());
        seen.put(String.join(" ", collect) + " (stderr)", run.err());
        seen.put(out.getFileName() + " (" + collect[1] + " bundle)", Files.readString(out));
        bundles.add(out);
      }
    }
    // The hostile cluster's bundle is judged on its own: it is another cluster.
    Path hostileBundle = bundles.remove(bundles.size() - 1);
    Path hostileReports = dir.resolve("hostile-reports");
    CliRun hostileEval = CliRun.of("eval", hostileBundle.toString(), "--format", EVERY_FORMAT,
        "--output-dir", hostileReports.toString(), "--fail-on", "never", "--verbose");
    assertEquals(ExitCode.OK, hostileEval.exit(), hostileEval.err());
    seen.put("eval of the hostile cluster (stderr)", hostileEval.err());
    readReports(hostileReports, seen);
    List<String> paths = bundles.stream().map(Path::toString).toList();
    List<String> sources = List.of("--root", cp.toString(), "--root", worker.toString(),
        "--manifests", m.toString(), "--cluster", "--kubeconfig", kubeconfig.toString());

    CliRun eval = CliRun.of(concat(List.of("eval"), paths, EVAL));
    CliRun evalTable = CliRun.of(concat(List.of("eval"), paths,
        List.of("--fail-on", "never", "--verbose", "--color", "never")));
    CliRun scan = CliRun.of(concat(List.of("scan"), sources, EVAL));
    CliRun scanTable = CliRun.of(concat(List.of("scan"), sources,
        List.of("--fail-on", "never", "--verbose", "--color", "always")));
    for (Map.Entry<String, CliRun> run : Map.of("eval json", eval, "eval table", evalTable,
        "scan json", scan, "scan table", scanTable).entrySet()) {
      assertEquals(ExitCode.OK, run.getValue().exit(), run.getValue().err());
      seen.put(run.getKey() + " (stdout)", run.getValue().out());
      seen.put(run.getKey() + " (stderr)", run.getValue().err());
    }
    assertEquals(results(JSON.readTree(eval.out())), results(JSON.readTree(scan.out())));
    // Every report format, from eval and from scan.
    for (String command : List.of("eval", "scan")) {
      Path reports = dir.resolve(command + "-reports");
      CliRun run = CliRun.of(concat(List.of(command), command.equals("eval") ? paths : sources,
          List.of("--format", EVERY_FORMAT, "--output-dir", reports.toString(), "--fail-on",
              "never", "--verbose")));
      assertEquals(ExitCode.OK, run.exit(), run.err());
      seen.put(command + " --output-dir (stderr)", run.err());
      assertEquals(ReportFormat.values().length, readReports(reports, seen));
    }

    Set<String> secrets = secrets();
    assertTrue(secrets.size() > 40, "the planted values were found: " + secrets);
    for (Map.Entry<String, String> output : seen.entrySet()) {
      for (String secret : secrets) {
        assertFalse(output.getValue().contains(secret), secret + " in " + output.getKey());
      }
      if (!output.getKey().equals("scan table (stdout)")) { // colours asked for there
        assertFalse(output.getValue().contains("\u001b") || output.getValue().contains("\u0007"),
            "a raw control character in " + output.getKey());
      }
    }

    // What the rules need is still there and judged.
    List<String> results = results(JSON.readTree(eval.out()));
    assertTrue(results.stream().anyMatch(r -> r.startsWith("1.2.1 node/cp-9/kube-apiserver PASS")),
        String.join("\n", results));
    assertTrue(results.stream().anyMatch(r -> r.startsWith("5.4.1 Deployment/apps/api-e2e FAIL")),
        "the secretKeyRef 5.4.1 reads stays: " + String.join("\n", results));
    assertTrue(evalTable.out().contains("evil\\u001b]0;owned\\u0007\\u001b[2J.key"),
        "the key with a hostile name is reported, escaped");
  }

  /** Every {@link ReportFormat}, as {@code --format} takes them. */
  static final String EVERY_FORMAT = java.util.Arrays.stream(ReportFormat.values())
      .map(ReportFormat::id).collect(java.util.stream.Collectors.joining(","));

  /** Adds the text of every report in {@code reports} to {@code seen}; how many there were. */
  static int readReports(Path reports, Map<String, String> seen) throws IOException {
    try (var files = Files.list(reports)) {
      List<Path> all = files.sorted().toList();
      for (Path report : all) {
        seen.put(reports.getFileName() + "/" + report.getFileName(), Files.readString(report));
      }
      return all.size();
    }
  }

  @Test
  void brokenCredentialFilesAreNamedOnStandardErrorButNeverQuoted() throws IOException {
    Path kubeconfig = write(dir, "broken-kubeconfig", """
        apiVersion: v1
        kind: Config
        users:
        - name: u
          user: {token: SECRET-E2E-broken-kubeconfig
        """);
    Path tokenFile = write(dir, "token-kubeconfig", "SECRET-E2E-token-as-kubeconfig\n");
    Path yaml = write(dir, "bad/manifest.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData:\n"
            + "  password: SECRET-E2E-broken-manifest: x\n");
    Path json = write(dir, "bad/manifest.json",
        "{\"apiVersion\": \"v1\", \"kind\": \"Secret\",\n"
            + " \"data\": {\"t\": SECRET-E2E-broken-json}}");
    Path bundle = write(dir, "bad/bundle.json",
        "{\"apiVersion\": \"kcis.dev/v1\\u001b]0;x\\u0007\", \"kind\": \"FactBundle\"}");
    // Each command, with the file its error must name.
    Map<List<String>, Path> runs = new LinkedHashMap<>();
    runs.put(List.of("collect", "cluster", "--kubeconfig", kubeconfig.toString(), "--verbose"),
        kubeconfig);
    runs.put(List.of("scan", "--cluster", "--kubeconfig", kubeconfig.toString()), kubeconfig);
    runs.put(List.of("collect", "cluster", "--kubeconfig", tokenFile.toString(), "--verbose"),
        tokenFile);
    runs.put(List.of("collect", "manifests", yaml.toString(), "--verbose"), yaml);
    runs.put(List.of("scan", "--manifests", json.toString()), json);
    runs.put(List.of("eval", bundle.toString(), "--verbose"), bundle);
    // A kubeconfig given to eval by mistake: even the --verbose stack trace does not quote it.
    runs.put(List.of("eval", kubeconfig.toString(), "--verbose"), kubeconfig);
    for (Map.Entry<List<String>, Path> entry : runs.entrySet()) {
      CliRun run = CliRun.of(entry.getKey().toArray(String[]::new));
      String what = String.join(" ", entry.getKey());
      assertEquals(ExitCode.INVALID_INPUT, run.exit(), what + ": " + run.err());
      assertTrue(run.errLines().get(0).startsWith("kcis: " + entry.getValue() + ":")
          || run.errLines().get(0).startsWith("kcis: cannot use the kubeconfig "
              + entry.getValue() + ":"), what + ": " + run.err());
      for (String secret : secrets()) {
        assertFalse(run.err().contains(secret), secret + " on stderr of " + what);
      }
      assertFalse(run.err().contains("\u001b") || run.err().contains("\u0007"),
          "a raw control character on stderr of " + what);
    }
    CliRun kube = CliRun.of("collect", "cluster", "--kubeconfig", kubeconfig.toString());
    assertEquals(List.of("kcis: cannot use the kubeconfig " + kubeconfig + ":6:1: malformed YAML: "
        + "expected ',' or '}', but got <stream end>"), kube.errLines());
    CliRun eval = CliRun.of("eval", bundle.toString());
    assertTrue(eval.err().contains("kcis.dev/v1\\u001b]0;x\\u0007"), eval.err());
  }
}
