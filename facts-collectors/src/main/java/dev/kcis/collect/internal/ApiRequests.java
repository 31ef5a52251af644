package dev.kcis.collect.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GET requests to the API server, each within a deadline and a size, through the client's own
 * HTTP client (so with its credentials, TLS settings, proxy, token refresh and retries). The body
 * is never buffered whole: it is parsed while it arrives from a {@link BoundedBody}, so that an
 * endless answer is cut at {@code maxResponseBytes} and a trickling one at the deadline; the
 * fabric8 {@code raw()} calls read a whole body into a string first, with only an idle timeout.
 */
final class ApiRequests {

  /** What the body of an error answer is read for: its Status message. */
  private static final long ERROR_BODY_LIMIT = 64 * 1024;
  private static final int DETAIL_LENGTH = 300;

  /** Reads a successful answer's body. */
  interface BodyReader<T> {
    T read(InputStream body) throws IOException, ApiFailure;
  }

  private final HttpClient http;
  private final String server;
  private final Duration requestTimeout;
  private final long maxResponseBytes;
  private final long collectionDeadline;
  private final Duration collectionTimeout;

  /**
   * @param requestTimeout the longest one request may take, from sending it to its body's end
   * @param maxResponseBytes the largest body read
   * @param collectionTimeout the longest all requests together may take, from now
   */
  ApiRequests(KubernetesClient client, Duration requestTimeout, long maxResponseBytes,
      Duration collectionTimeout) {
    this.http = client.getHttpClient();
    String url = client.getMasterUrl().toString();
    this.server = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.requestTimeout = requestTimeout;
    this.maxResponseBytes = maxResponseBytes;
    this.collectionTimeout = collectionTimeout;
    this.collectionDeadline = System.nanoTime() + collectionTimeout.toNanos();
  }

  /**
   * GETs {@code path} (with its query, already encoded) and reads the answer's body.
   *
   * @return what {@code reader} made of the body, or {@code null} when the server answers 404
   * @throws ApiFailure an error answer, no answer in time, or a body {@code reader} refuses
   */
  <T> T get(String path, BodyReader<T> reader) throws ApiFailure {
    long now = System.nanoTime();
    long collectionLeft = collectionDeadline - now;
    if (collectionLeft <= 0) {
      throw new ApiFailure(ApiFailure.NO_ANSWER, "not requested: the collection's time ("
          + Sizes.duration(collectionTimeout) + ", --timeout) ran out");
    }
    boolean collectionBound = collectionLeft < requestTimeout.toNanos();
    long deadline = now + Math.min(collectionLeft, requestTimeout.toNanos());
    HttpRequest request = http.newHttpRequestBuilder().uri(server + path)
        .header("Accept", "application/json")
        .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).build();
    CompletableFuture<HttpResponse<AsyncBody>> answer = null;
    BoundedBody body = null;
    try {
      HttpResponse<AsyncBody> response;
      try {
        answer = http.consumeBytes(request, body = new BoundedBody(
            maxResponseBytes, deadline));
        response = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw tooSlow(collectionBound);
      } catch (ExecutionException e) {
        throw new ApiFailure(ApiFailure.NO_ANSWER, rootCause(e));
      }
      body.start(response.body());
      int code = response.code();
      if (code == 404) {
        return null;
      }
      if (!HttpResponse.isSuccessful(code)) {
        throw new ApiFailure(code, describe(code, statusMessage(body)));
      }
      String length = response.header("Content-Length");
      if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length)
          > maxResponseBytes) {
        throw tooLarge();
      }
      return reader.read(body);
    } catch (BoundedBody.TooLarge e) {
      throw tooLarge();
    } catch (BoundedBody.TooSlow e) {
      throw tooSlow(collectionBound);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new ApiFailure(ApiFailure.NO_ANSWER, "interrupted");
    } catch (IOException e) {
      throw new ApiFailure(ApiFailure.NO_ANSWER, "the answer broke off: " + rootCause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiFailure(ApiFailure.NO_ANSWER, "interrupted");
    } finally {
      if (answer != null) {
        answer.cancel(true); // no effect once it completed; else no retry follows
      }
      if (body != null) {
        body.close(); // resets the connection unless the body was read to its end
      }
    }
  }

  private ApiFailure tooLarge() {
    return new ApiFailure(ApiFailure.REFUSED, "the answer is larger than "
        + Sizes.bytes(maxResponseBytes) + " (--max-response-size)");
  }

  private ApiFailure tooSlow(boolean collectionBound) {
    return new ApiFailure(ApiFailure.NO_ANSWER, collectionBound
        ? "no complete answer before the collection's time (" + Sizes.duration(collectionTimeout)
            + ", --timeout) ran out"
        : "no complete answer within " + Sizes.duration(requestTimeout) + " (--request-timeout)");
  }

  /** The message of the Status an error answer carries, or {@code null}. */
  private static String statusMessage(BoundedBody body) {
    try {
      HeapBudget small = new HeapBudget(ERROR_BODY_LIMIT * 16);
      Object status = ApiJson.document(new LimitedStream(body, ERROR_BODY_LIMIT), small).value();
      return status instanceof Map<?, ?> map && map.get("message") instanceof String message
          ? oneLine(message) : null;
    } catch (IOException | ApiFailure e) {
      return null; // the status code says enough
    }
  }

  private static String describe(int code, String detail) {
    return switch (code) {
      case 401 -> "unauthorized (401): the credentials were refused";
      case 403 -> "forbidden (403)" + (detail == null ? "" : ": " + detail);
      default -> "HTTP " + code + (detail == null ? "" : ": " + detail);
    };
  }

  /** A server's message as one line of printable text, cut short. */
  static String oneLine(String text) {
    String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    return line.length() <= DETAIL_LENGTH ? line : line.substring(0, DETAIL_LENGTH) + "...";
  }

  static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host " + cause.getMessage(); // its message is the bare host name
    }
    if (cause instanceof TimeoutException) {
      return "no answer in time";
    }
    return oneLine(Objects.requireNonNullElse(cause.getMessage(),
        cause.getClass().getSimpleName()));
  }

  /** The first {@code limit} bytes of a stream; the rest unread. */
  private static final class LimitedStream extends InputStream {
    private final InputStream in;
    private long left;

    LimitedStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        throw new IOException("error answer too long");
      }
      int b = in.read();
      left -= b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (left <= 0) {
        throw new IOException("error answer too long");
      }
      int n = in.read(into, offset, (int) Math.min(length, left));
      left -= Math.max(n, 0);
      return n;
    }
  }
}
