package dev.kcis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over its DevTools protocol (a WebSocket, the JDK's client): pages that
 * record their console errors, uncaught exceptions, dialogs and network requests. Used by the HTML
 * report's browser tests, its benchmark and its screenshot, with Debian's {@code chromium}; no
 * driver or browser download.
 */
final class Chromium implements AutoCloseable {

  /** Flags that work as root in a container with no network (docs: java-maven machine notes). */
  static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-extensions",
      "--disable-default-apps", "--hide-scrollbars", "--mute-audio", "--remote-debugging-port=0");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, Page> pages = new ConcurrentHashMap<>();

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /**
   * The Chromium to run: {@code $KCIS_CHROMIUM} when set (and then only that one), else
   * {@code chromium} or {@code chromium-browser} on the PATH.
   */
  static Optional<Path> find() {
    String configured = System.getenv("KCIS_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts Chromium with a fresh profile in {@code userDataDir} (its log goes there too). */
  static Chromium launch(Path executable, Path userDataDir) throws IOException,
      InterruptedException {
    Files.createDirectories(userDataDir);
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + userDataDir.toAbsolutePath());
    command.add("about:blank");
    Path log = userDataDir.resolve("chromium.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    // Chromium writes its port and browser endpoint here once it listens.
    Path portFile = userDataDir.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<String> lines = List.of();
    while (lines.size() < 2) {
      if (!process.isAlive()) {
        throw new IOException("chromium exited with " + process.exitValue() + ": "
            + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException("chromium did not open its DevTools port in 60 s: "
            + Files.readString(log));
      }
      Thread.sleep(50);
      if (Files.exists(portFile)) {
        lines = Files.readAllLines(portFile);
      }
    }
    URI endpoint = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
    Chromium[] self = new Chromium[1];
    CompletableFuture<WebSocket> connecting = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(endpoint, new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              String message = partial.toString();
              partial.setLength(0);
              self[0].dispatch(message);
            }
            ws.request(1);
            return null;
          }
        });
    WebSocket socket;
    try {
      socket = connecting.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("cannot connect to chromium at " + endpoint + ": " + e, e);
    }
    self[0] = new Chromium(process, socket);
    return self[0];
  }

  /** A new tab of this size, with its console, dialogs and requests recorded. */
  Page newPage(int width, int height) throws IOException {
    String target = call(null, "Target.createTarget", params("url", "about:blank"))
        .path("targetId").asText();
    String session = call(null, "Target.attachToTarget",
        params("targetId", target).put("flatten", true)).path("sessionId").asText();
    Page page = new Page(session);
    pages.put(session, page);
    for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
      call(session, domain + ".enable", params());
    }
    call(session, "Emulation.setDeviceMetricsOverride", params().put("width", width)
        .put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
    return page;
  }

  /** The browser's product and version, e.g. {@code Chrome/156.0.8078.114}. */
  String version() throws IOException {
    return call(null, "Browser.getVersion", params()).path("product").asText();
  }

  static ObjectNode params(String... keysAndValues) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return node;
  }

  private CompletableFuture<JsonNode> send(String session, String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    synchronized (socket) {
      socket.sendText(message.toString(), true).join();
    }
    return reply;
  }

  private JsonNode call(String session, String method, ObjectNode params) throws IOException {
    JsonNode reply;
    try {
      reply = send(session, method, params).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(method + " got no answer: " + e, e);
    }
    if (reply.has("error")) {
      throw new IOException(method + ": " + reply.get("error"));
    }
    return reply.path("result");
  }

  private void dispatch(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
      if (reply != null) {
        reply.complete(message);
      }
      return;
    }
    Page page = pages.get(message.path("sessionId").asText(""));
    if (page != null) {
      page.event(message.path("method").asText(), message.path("params"));
    }
  }

  /** Closes the browser and waits for its process to end. */
  @Override
  public void close() {
    try {
      send(null, "Browser.close", params());
    } catch (RuntimeException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    socket.abort();
  }

  /** One tab. */
  final class Page {
    private final String session;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> urls = new ConcurrentHashMap<>();
    private final Map<String, String> blocked = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private Page(String session) {
      this.session = session;
    }

    /** Console errors, uncaught exceptions and error log entries (CSP violations among them). */
    List<String> errors() {
      return List.copyOf(errors);
    }

    /** Every URL the page requested, itself included. */
    List<String> requests() {
      return List.copyOf(requests);
    }

    /** Requests the browser refused to send, by URL, with the reason (e.g. {@code csp}). */
    Map<String, String> blocked() {
      return Map.copyOf(blocked);
    }

    /** Messages of alert, confirm and prompt dialogs the page opened (each dismissed). */
    List<String> dialogs() {
      return List.copyOf(dialogs);
    }

    private void event(String method, JsonNode params) {
      switch (method) {
        case "Runtime.consoleAPICalled" -> {
          String type = params.path("type").asText();
          if (type.equals("error") || type.equals("assert")) {
            StringBuilder text = new StringBuilder("console." + type + ":");
            params.path("args").forEach(a -> text.append(' ').append(a.has("value")
                ? a.get("value").asText() : a.path("description").asText()));
            errors.add(text.toString());
          }
        }
        case "Runtime.exceptionThrown" -> {
          JsonNode details = params.path("exceptionDetails");
          errors.add("exception: " + details.path("exception").path("description")
              .asText(details.path("text").asText()));
        }
        case "Log.entryAdded" -> {
          JsonNode entry = params.path("entry");
          if (entry.path("level").asText().equals("error")) {
            errors.add("log (" + entry.path("source").asText() + "): "
                + entry.path("text").asText() + " " + entry.path("url").asText(""));
          }
        }
        case "Network.requestWillBeSent" -> {
          String url = params.path("request").path("url").asText();
          urls.put(params.path("requestId").asText(), url);
          requests.add(url);
        }
        case "Network.loadingFailed" -> {
          String url = urls.get(params.path("requestId").asText());
          if (url != null && params.has("blockedReason")) {
            blocked.put(url, params.get("blockedReason").asText());
          }
        }
        case "Page.javascriptDialogOpening" -> {
          dialogs.add(params.path("message").asText());
          // Answered without waiting: this is the socket's listener thread.
          send(session, "Page.handleJavaScriptDialog", params().put("accept", false));
        }
        case "Page.loadEventFired" -> loaded.complete(null);
        default -> { }
      }
    }

    /** Navigates, then waits for the load event and for the report's script to be ready. */
    void open(URI url, Duration timeout) throws IOException, InterruptedException {
      loaded = new CompletableFuture<>();
      JsonNode result = call(session, "Page.navigate", params("url", url.toString()));
      if (result.has("errorText")) {
        throw new IOException("cannot open " + url + ": " + result.get("errorText").asText());
      }
      try {
        loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new IOException(url + " did not load in " + timeout + "; errors: " + errors, e);
      }
      waitFor("document.documentElement.dataset.ready === 'true'", timeout);
    }

    /** Polls a boolean expression until it is true. */
    void waitFor(String condition, Duration timeout) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!eval(condition).asBoolean(false)) {
        if (System.nanoTime() > deadline) {
          throw new IOException("still not true after " + timeout + ": " + condition
              + "; errors: " + errors);
        }
        Thread.sleep(20);
      }
    }

    /** The value of a JavaScript expression (promises awaited), as JSON. */
    JsonNode eval(String expression) throws IOException {
      JsonNode result = call(session, "Runtime.evaluate", params("expression", expression)
          .put("returnByValue", true).put("awaitPromise", true));
      if (result.has("exceptionDetails")) {
        JsonNode details = result.get("exceptionDetails");
        throw new IOException("evaluating " + expression + ": " + details.path("exception")
            .path("description").asText(details.path("text").asText()));
      }
      return result.path("result").path("value");
    }

    /** A PNG of the viewport. */
    byte[] screenshot() throws IOException {
      return Base64.getDecoder().decode(call(session, "Page.captureScreenshot",
          params("format", "png")).path("data").asText());
    }

    void close() throws IOException {
      call(session, "Page.close", params());
      pages.remove(session);
    }
  }
}
