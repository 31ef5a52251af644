package dev.kcis.collect;

import static dev.kcis.collect.FakeApiServer.json;
import static dev.kcis.collect.FakeApiServer.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.collect.internal.ClusterScan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kcis collect cluster} against an API server that misbehaves, on 127.0.0.1: each case
 * ends in a collection error naming the kind and why, in a few seconds and without running out of
 * memory, and the kinds it did not touch are collected as usual.
 */
@Timeout(30)
class HostileApiServerTest {

  static final String PODS = "/api/v1/pods";
  /** Small bounds, so that each case is over in a few seconds. */
  static final ClusterScan.Limits LIMITS = ClusterScan.Limits.DEFAULTS.withPageSize(5)
      .withMaxObjects(20).withMaxResponseBytes(1 << 20).withRequestTimeout(Duration.ofSeconds(5))
      .withTimeout(Duration.ofSeconds(20));
  /** For the cases that wait for the deadline of a request. */
  static final ClusterScan.Limits ONE_SECOND = LIMITS.withRequestTimeout(Duration.ofSeconds(1));

  final FakeApiServer server = FakeApiServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  static FactBundle.Issue error(FactBundle bundle, String item) {
    List<FactBundle.Issue> found = bundle.errors().stream()
        .filter(e -> e.item().equals(item)).toList();
    assertEquals(1, found.size(), item + " in " + bundle.errors());
    return found.get(0);
  }

  static boolean inInventory(FactBundle bundle, String kind) {
    return bundle.inventory().stream().anyMatch(e -> e.kind().equals(kind));
  }

  static String pod(String name) {
    return "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"apps\"},\"spec\":{}}";
  }

  /** The rest of the cluster was collected: the kinds after the one that failed. */
  static void restCollected(FactBundle bundle) {
    assertTrue(inInventory(bundle, "ClusterRoleBinding"), bundle.inventory().toString());
    assertTrue(inInventory(bundle, "Node"), bundle.inventory().toString());
  }

  long pageRequests(String path) {
    return server.requests().stream().filter(r -> r.startsWith(path + "?")).count();
  }

  @Test
  void aContinueTokenThatComesBackEndsTheListing() {
    server.on(PODS, json(200, list("PodList", "v1", "again", pod("a"))));

    FactBundle bundle = server.collect(LIMITS);

    FactBundle.Issue error = error(bundle, "pods");
    assertEquals("Pod", error.kind());
    assertEquals("the API server sent a continue token again after 2 objects: the listing would "
        + "never end", error.message());
    assertEquals(2, pageRequests(PODS), server.requests().toString());
    assertFalse(inInventory(bundle, "Pod"), "the kind is incomplete");
    restCollected(bundle);
  }

  @Test
  void pagesThatNeverEndAreBoundedByTheObjectLimit() {
    AtomicInteger page = new AtomicInteger();
    server.on(PODS, exchange -> json(200, list("PodList", "v1", "p" + page.incrementAndGet()))
        .handle(exchange)); // empty pages, each with a new token

    FactBundle bundle = server.collect(LIMITS);

    // 20 objects in pages of 5: 4 pages; twice that and ten more are allowed.
    assertEquals("the API server went on past 18 pages (0 objects), more than 20 objects "
        + "(--max-objects) take", error(bundle, "pods").message());
    assertEquals(18, pageRequests(PODS));
    restCollected(bundle);
  }

  @Test
  void moreObjectsThanTheLimitIsACollectionErrorKeepingWhatWasRead() {
    AtomicInteger page = new AtomicInteger();
    server.on(PODS, exchange -> {
      int n = page.incrementAndGet();
      json(200, list("PodList", "v1", "p" + n, pod(n + "-a"), pod(n + "-b"), pod(n + "-c"),
          pod(n + "-d"), pod(n + "-e"))).handle(exchange);
    });

    FactBundle bundle = server.collect(LIMITS);

    assertEquals("more than 20 objects (--max-objects)", error(bundle, "pods").message());
    assertEquals(20, bundle.objects().stream().filter(o -> o.get("kind").equals("Pod")).count());
    assertFalse(inInventory(bundle, "Pod"));
    restCollected(bundle);
  }

  @Test
  void anEndlessBodyIsCutAtTheResponseSize() {
    server.on(PODS, server.endless("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[",
        " ".repeat(4096)));

    long start = System.nanoTime();
    FactBundle bundle = server.collect(LIMITS);

    assertEquals("the answer is larger than 1MiB (--max-response-size)",
        error(bundle, "pods").message());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    assertTrue(server.bytesSent() < 64L << 20, server.bytesSent() + " bytes sent");
    restCollected(bundle);
  }

  @Test
  void aHugeFiniteBodyIsRefusedByItsLengthOrWhileItIsRead() {
    server.on(PODS, server.huge(8L << 20, true));
    FactBundle announced = server.collect(LIMITS);
    assertEquals("the answer is larger than 1MiB (--max-response-size)",
        error(announced, "pods").message());

    server.on(PODS, server.huge(8L << 20, false));
    FactBundle chunked = server.collect(LIMITS);
    assertEquals("the answer is larger than 1MiB (--max-response-size)",
        error(chunked, "pods").message());
    restCollected(chunked);

    // Within the limit, the same answer is read.
    FactBundle read = server.collect(LIMITS.withMaxResponseBytes(16L << 20));
    assertTrue(inInventory(read, "Pod"), read.errors().toString());
    assertEquals(List.of(), read.errors());
  }

  @Test
  void aTricklingAnswerIsCutAtTheRequestDeadlineNotAnIdleTimeout() {
    // A byte every 200 ms: never idle, and the whole list would take minutes.
    server.on(PODS, server.trickle(list("PodList", "v1", null, pod("a"), pod("b"), pod("c"),
        pod("d")), Duration.ofMillis(200)));

    long start = System.nanoTime();
    FactBundle bundle = server.collect(ONE_SECOND);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertEquals("no complete answer within 1s (--request-timeout)",
        error(bundle, "pods").message());
    assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
    restCollected(bundle);
  }

  @Test
  void theCollectionAsAWholeEndsAtItsDeadline() {
    for (String path : List.of(PODS, "/api/v1/services", "/api/v1/serviceaccounts",
        "/apis/apps/v1/deployments", "/apis/apps/v1/statefulsets", "/apis/apps/v1/daemonsets")) {
      server.on(path, server.trickle(list("List", "v1", null), Duration.ofMillis(300)));
    }

    long start = System.nanoTime();
    FactBundle bundle = server.collect(ONE_SECOND.withTimeout(Duration.ofMillis(2500)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
    assertEquals("no complete answer within 1s (--request-timeout)",
        error(bundle, "pods").message());
    // Later kinds are not asked for once the time is out, and say so.
    FactBundle.Issue last = error(bundle, "clusterrolebindings");
    assertEquals("ClusterRoleBinding", last.kind());
    assertEquals("not requested: the collection's time (2500ms, --timeout) ran out",
        last.message());
    assertTrue(bundle.errors().stream().anyMatch(e -> e.message().equals(
        "no complete answer before the collection's time (2500ms, --timeout) ran out")),
        bundle.errors().toString());
    FactBundle.Node node = bundle.nodes().stream().filter(n -> n.name().equals("n-1"))
        .findFirst().orElseThrow(); // listed before the pods
    assertEquals(List.of(new FactBundle.Issue("/api/v1/nodes/n-1/proxy/configz",
        "not requested: the collection's time (2500ms, --timeout) ran out", "kubelet", null)),
        node.errors());
  }

  @Test
  void aSecretListAnsweredForServiceAccountsIsDroppedWhole() {
    String secret = "{\"metadata\":{\"name\":\"db\",\"namespace\":\"apps\"},\"type\":\"Opaque\","
        + "\"data\":{\"password\":\"U0VDUkVULXBhc3N3b3Jk\"},"
        + "\"stringData\":{\"token\":\"SECRET-string-data\"}}";
    server.on("/api/v1/serviceaccounts", json(200, list("SecretList", "v1", null, secret)));

    FactBundle bundle = server.collect(LIMITS);

    FactBundle.Issue error = error(bundle, "serviceaccounts");
    assertEquals("ServiceAccount", error.kind());
    assertEquals("the API server answered with SecretList (v1), not a ServiceAccountList (v1): "
        + "none of its 1 items is kept", error.message());
    assertFalse(inInventory(bundle, "ServiceAccount"));
    assertNoSecretValue(bundle);
    restCollected(bundle);
  }

  @Test
  void itemsOfAnotherKindInTheRightListAreDropped() {
    String secret = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\","
        + "\"namespace\":\"apps\"},\"data\":{\"password\":\"U0VDUkVULXBhc3N3b3Jk\"},"
        + "\"stringData\":{\"token\":\"SECRET-string-data\"}}";
    String account = "{\"metadata\":{\"name\":\"web\",\"namespace\":\"apps\"}}";
    server.on("/api/v1/serviceaccounts", json(200, list("ServiceAccountList", "v1", null,
        account, secret, "\"not an object\"")));

    FactBundle bundle = server.collect(LIMITS);

    assertEquals("dropped 1 Secret (v1), 1 items that are not objects: the list holds "
        + "ServiceAccount (v1) only", error(bundle, "serviceaccounts").message());
    assertFalse(inInventory(bundle, "ServiceAccount"), "incomplete: its rules are INCONCLUSIVE");
    assertEquals(List.of("web"), bundle.objects().stream()
        .filter(o -> o.get("kind").equals("ServiceAccount"))
        .map(o -> ((Map<?, ?>) o.get("metadata")).get("name")).toList());
    assertNoSecretValue(bundle);
  }

  @Test
  void aPlainListIsTakenWhenItsItemsSayTheirKind() {
    String said = "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{"
        + "\"name\":\"said\",\"namespace\":\"apps\"}}";
    String unsaid = "{\"metadata\":{\"name\":\"unsaid\",\"namespace\":\"apps\"},"
        + "\"data\":{\"password\":\"U0VDUkVULXBhc3N3b3Jk\"}}";
    server.on("/api/v1/serviceaccounts", json(200, list("List", "v1", null, said)));
    FactBundle plain = server.collect(LIMITS);
    assertTrue(inInventory(plain, "ServiceAccount"), plain.errors().toString());

    server.on("/api/v1/serviceaccounts", json(200, list("List", "v1", null, said, unsaid)));
    FactBundle mixed = server.collect(LIMITS);
    assertEquals("dropped 1 items that do not say their kind: the list holds ServiceAccount (v1) "
        + "only", error(mixed, "serviceaccounts").message());
    assertNoSecretValue(mixed);
  }

  @Test
  void aConfigMapAnswerThatIsASecretIsNotRead() {
    server.on("/api/v1/namespaces/kube-system/configmaps/kube-proxy", json(200,
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"kube-proxy\"},"
            + "\"data\":{\"config.conf\":\"U0VDUkVULXBhc3N3b3Jk\"}}"));

    FactBundle bundle = server.collect(LIMITS);

    FactBundle.Issue error = error(bundle, "ConfigMap/kube-system/kube-proxy");
    assertEquals("the API server answered with Secret (v1), not a ConfigMap (v1): not read",
        error.message());
    assertTrue(bundle.nodes().stream().noneMatch(n -> n.name().equals("*")));
    assertNoSecretValue(bundle);
  }

  static void assertNoSecretValue(FactBundle bundle) {
    String text;
    try {
      text = ClusterCollectorTest.json(bundle);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (String value : List.of("U0VDUkVULXBhc3N3b3Jk", "SECRET-string-data")) {
      assertFalse(text.contains(value), value + " in the bundle");
    }
    assertTrue(bundle.objects().stream().noneMatch(o -> "Secret".equals(o.get("kind"))));
  }

  @Test
  void aNodeNameThatIsNotADnsSubdomainGoesIntoNoRequest() {
    String hostile = "../namespaces/kube-system/secrets/x?y=";
    server.on("/api/v1/nodes", json(200, list("NodeList", "v1", null,
        "{\"metadata\":{\"name\":\"" + hostile + "\"}}", "{\"metadata\":{\"name\":\"n-1\"}}")));

    FactBundle bundle = server.collect(LIMITS);

    assertTrue(server.requests().stream().noneMatch(r -> r.contains("secrets")),
        server.requests().toString());
    assertTrue(server.requests().contains("/api/v1/nodes/n-1/proxy/configz"));
    FactBundle.Node node = bundle.nodes().stream().filter(n -> n.name().equals(hostile))
        .findFirst().orElseThrow();
    assertEquals(1, node.errors().size(), node.errors().toString());
    FactBundle.Issue refused = node.errors().get(0);
    assertEquals("/api/v1/nodes/..%2Fnamespaces%2Fkube-system%2Fsecrets%2Fx%3Fy%3D/proxy/configz",
        refused.item());
    assertEquals("not requested: the node's name is not a DNS subdomain, as Kubernetes requires",
        refused.message());
    assertTrue(bundle.nodes().stream().anyMatch(n -> n.name().equals("n-1")
        && n.components().stream().anyMatch(c -> c.kind().equals("kubelet"))));
  }

  @Test
  void objectsThatWouldFillTheHeapShareAreDroppedAndTheRestCollected() {
    // An object of empty maps: 3 bytes of JSON each, fifty times that in the heap.
    String bomb = "{\"metadata\":{\"name\":\"bomb\",\"namespace\":\"apps\"},\"spec\":{\"x\":["
        + "{},".repeat(200_000) + "{}]}}";
    server.on(PODS, exchange -> json(200, exchange.getRequestURI().getQuery().contains("continue")
        ? list("PodList", "v1", null, bomb) : list("PodList", "v1", "2", pod("a"), pod("b")))
        .handle(exchange));

    FactBundle bundle = server.collect(LIMITS.withHeapBytes(4L << 20));

    FactBundle.Issue error = error(bundle, "pods");
    assertEquals("Pod", error.kind());
    assertEquals("the evidence would fill more than 4MiB of memory, the share of the Java heap "
        + "kcis sets aside for it (give Java more heap, e.g. KCIS_JAVA_OPTS=-Xmx2g); the 2 "
        + "objects read before are dropped", error.message());
    assertTrue(bundle.objects().stream().noneMatch(o -> o.get("kind").equals("Pod")));
    restCollected(bundle);
  }

  @Test
  void anApiServerThatDoesNotAnswerItsVersionInTimeStopsTheCollection() {
    server.on("/version", server.trickle("{\"gitVersion\":\"v1.31.4\"}", Duration.ofMillis(200)));
    CollectionException e = assertThrows(CollectionException.class,
        () -> server.collect(ONE_SECOND));
    assertEquals("cannot collect from the API server at " + server.url() + "/: no complete "
        + "answer within 1s (--request-timeout)", e.getMessage());
  }

  @Test
  void aRedirectElsewhereIsNotFollowed() {
    try (FakeApiServer elsewhere = FakeApiServer.start()) {
      server.on(PODS, exchange -> {
        exchange.getResponseHeaders().set("Location", elsewhere.url() + PODS);
        exchange.sendResponseHeaders(307, -1);
      });

      FactBundle bundle = server.collect(LIMITS);

      assertEquals("HTTP 307", error(bundle, "pods").message());
      assertEquals(List.of(), elsewhere.requests(), "the credentials went elsewhere");
    }
  }

  @Test
  void aWellBehavedServerIsReadOverFewConnections() {
    FactBundle bundle = server.collect(LIMITS);

    assertEquals(List.of(), bundle.errors());
    assertEquals(19, bundle.inventory().size());
    assertEquals("v1.31.4", bundle.cluster().kubernetesVersion());
    // Every answer read to its end leaves its connection open for the next request.
    assertTrue(server.connections() <= 3, server.connections() + " connections for "
        + server.requests().size() + " requests");
  }
}
