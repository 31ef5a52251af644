package dev.kcis.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.kcis.collect.internal.ClusterScan;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A small API server on 127.0.0.1 that answers what {@code kcis collect cluster} asks for, each
 * answer replaceable by one that misbehaves: endless, trickling, huge, of another kind. Unlike
 * fabric8's mock server, a handler writes the raw bytes and takes its time.
 *
 * <p>By default: version v1.31.4; one node {@code n-1} with a {@code /configz}; one
 * ClusterRoleBinding {@code ops-admin} binding cluster-admin; every other kind empty; no
 * kube-proxy or kubeadm ConfigMap.
 */
public final class FakeApiServer implements AutoCloseable {

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "fake-api-server");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesSent = new AtomicLong();
  private final Set<String> clientCertificates = ConcurrentHashMap.newKeySet();

  private FakeApiServer(HttpServer server) {
    this.server = server;
    server.setExecutor(threads);
    server.createContext("/", this::dispatch);
    defaults();
    server.start();
  }

  /** A started server; close it after use. */
  public static FakeApiServer start() {
    try {
      return new FakeApiServer(HttpServer.create(new InetSocketAddress(
          InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A started HTTPS server that requires a client certificate its {@code tls} context trusts. */
  public static FakeApiServer startTls(SSLContext tls) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(
          InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          javax.net.ssl.SSLParameters ssl = tls.getDefaultSSLParameters();
          ssl.setNeedClientAuth(true);
          params.setSSLParameters(ssl);
        }
      });
      return new FakeApiServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, or https. */
  public String url() {
    return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:"
        + server.getAddress().getPort();
  }

  /** The subjects of the client certificates presented. */
  public Set<String> clientCertificates() {
    return Set.copyOf(clientCertificates);
  }

  /** A client of this server that reads no kubeconfig and retries nothing. */
  public KubernetesClient client() {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url())
        .withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Collects this server with {@code limits}. */
  public dev.kcis.bundle.FactBundle collect(ClusterScan.Limits limits) {
    try (KubernetesClient client = client()) {
      return ClusterScan.collect(client, "fake", limits, line -> { });
    }
  }

  /** Replaces the answer to a path (without its query). */
  public FakeApiServer on(String path, Handler handler) {
    handlers.put(path, handler);
    return this;
  }

  /** Every request so far: its path and query, as sent. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** How many connections the client opened. */
  public int connections() {
    return clientPorts.size();
  }

  /** The bytes of answer bodies written so far. */
  public long bytesSent() {
    return bytesSent.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  // ---- answers -----------------------------------------------------------------------------

  /** Answers {@code body} as JSON with this status. */
  public static Handler json(int status, String body) {
    return exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  /** A list of {@code kind} ({@code PodList}) with these items and this continue token. */
  public static String list(String kind, String apiVersion, String continueToken,
      String... items) {
    return "{\"kind\":\"" + kind + "\",\"apiVersion\":\"" + apiVersion + "\",\"metadata\":{"
        + (continueToken == null ? "" : "\"continue\":\"" + continueToken + "\"")
        + "},\"items\":[" + String.join(",", items) + "]}";
  }

  /**
   * Writes {@code head}, then {@code filler} again and again until the client goes away, chunked
   * (no length said).
   */
  public Handler endless(String head, String filler) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      byte[] more = filler.getBytes(StandardCharsets.UTF_8);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(head.getBytes(StandardCharsets.UTF_8));
        while (!Thread.currentThread().isInterrupted()) {
          out.write(more);
          bytesSent.addAndGet(more.length);
        }
      } catch (IOException e) {
        // the client hung up, as it should
      }
    };
  }

  /**
   * Writes {@code body} one byte every {@code pause}, so that the connection is never idle for
   * long but the answer takes for ever.
   */
  public Handler trickle(String body, Duration pause) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
          out.write(b);
          out.flush();
          bytesSent.incrementAndGet();
          Thread.sleep(pause.toMillis());
        }
      } catch (IOException e) {
        // the client hung up, as it should
      }
    };
  }

  /**
   * A finite body of {@code size} bytes: a list whose one item's annotation is that long;
   * announced with its Content-Length or chunked.
   */
  public Handler huge(long size, boolean withLength) {
    return exchange -> {
      String head = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[{\"metadata\":"
          + "{\"name\":\"big\",\"annotations\":{\"a\":\"";
      String tail = "\"}}}]}";
      long fill = size - head.length() - tail.length();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, withLength ? size : 0);
      byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        for (long left = fill; left > 0; left -= chunk.length) {
          int n = (int) Math.min(left, chunk.length);
          out.write(chunk, 0, n);
          bytesSent.addAndGet(n);
        }
        out.write(tail.getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // the client hung up, as it should
      }
    };
  }

  // ---- the default cluster ---------------------------------------------------------------

  private static final List<String[]> KINDS = List.of(
      new String[] {"/api/v1/namespaces", "NamespaceList", "v1"},
      new String[] {"/api/v1/pods", "PodList", "v1"},
      new String[] {"/api/v1/replicationcontrollers", "ReplicationControllerList", "v1"},
      new String[] {"/api/v1/services", "ServiceList", "v1"},
      new String[] {"/api/v1/serviceaccounts", "ServiceAccountList", "v1"},
      new String[] {"/apis/apps/v1/deployments", "DeploymentList", "apps/v1"},
      new String[] {"/apis/apps/v1/statefulsets", "StatefulSetList", "apps/v1"},
      new String[] {"/apis/apps/v1/daemonsets", "DaemonSetList", "apps/v1"},
      new String[] {"/apis/apps/v1/replicasets", "ReplicaSetList", "apps/v1"},
      new String[] {"/apis/batch/v1/jobs", "JobList", "batch/v1"},
      new String[] {"/apis/batch/v1/cronjobs", "CronJobList", "batch/v1"},
      new String[] {"/apis/rbac.authorization.k8s.io/v1/roles", "RoleList",
          "rbac.authorization.k8s.io/v1"},
      new String[] {"/apis/rbac.authorization.k8s.io/v1/clusterroles", "ClusterRoleList",
          "rbac.authorization.k8s.io/v1"},
      new String[] {"/apis/rbac.authorization.k8s.io/v1/rolebindings", "RoleBindingList",
          "rbac.authorization.k8s.io/v1"},
      new String[] {"/apis/networking.k8s.io/v1/networkpolicies", "NetworkPolicyList",
          "networking.k8s.io/v1"},
      new String[] {"/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
          "ValidatingWebhookConfigurationList", "admissionregistration.k8s.io/v1"},
      new String[] {"/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
          "MutatingWebhookConfigurationList", "admissionregistration.k8s.io/v1"});

  /** The ClusterRoleBinding the default cluster holds: cluster-admin for a user (5.1.1 FAILs). */
  public static final String OPS_ADMIN = "{\"metadata\":{\"name\":\"ops-admin\"},"
      + "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\","
      + "\"name\":\"cluster-admin\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"alice\","
      + "\"apiGroup\":\"rbac.authorization.k8s.io\"}]}";

  private void defaults() {
    on("/version", json(200, "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.4\"}"));
    on("/apis", json(200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}"));
    for (String[] kind : KINDS) {
      on(kind[0], json(200, list(kind[1], kind[2], null)));
    }
    on("/api/v1/nodes", json(200, list("NodeList", "v1", null,
        "{\"metadata\":{\"name\":\"n-1\",\"labels\":{\"node-role.kubernetes.io/worker\":\"\"}}}")));
    on("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", json(200, list(
        "ClusterRoleBindingList", "rbac.authorization.k8s.io/v1", null, OPS_ADMIN)));
    on("/api/v1/nodes/n-1/proxy/configz", json(200, "{\"kubeletconfig\":{"
        + "\"authentication\":{\"anonymous\":{\"enabled\":false}},"
        + "\"authorization\":{\"mode\":\"Webhook\"},\"readOnlyPort\":0}}"));
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(path + (query == null ? "" : "?" + query));
    clientPorts.add(exchange.getRemoteAddress().getPort());
    if (exchange instanceof HttpsExchange tls) {
      try {
        clientCertificates.add(tls.getSSLSession().getPeerPrincipal().getName());
      } catch (SSLPeerUnverifiedException e) {
        // none
      }
    }
    Handler handler = handlers.get(path);
    try {
      if (handler == null) {
        json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"reason\":\"NotFound\",\"code\":404}").handle(exchange);
      } else {
        handler.handle(exchange);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }
}
