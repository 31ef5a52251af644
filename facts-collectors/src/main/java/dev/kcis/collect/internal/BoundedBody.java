package dev.kcis.collect.internal;

import io.fabric8.kubernetes.client.http.AsyncBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response body as a stream read while it arrives, within a number of bytes and a deadline.
 * The HTTP client hands over one chunk at a time and only when the reader asks for more, so that
 * at most one chunk waits in memory; a body that goes past its limit, or is not complete by the
 * deadline however slowly it trickles in, is cancelled (the connection is reset) and the reader
 * gets a {@link TooLarge} or {@link TooSlow}.
 */
final class BoundedBody extends InputStream implements AsyncBody.Consumer<List<ByteBuffer>> {

  /** The body went past its limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("larger than " + limit + " bytes");
    }
  }

  /** The body was not complete by the deadline. */
  static final class TooSlow extends IOException {
    private static final long serialVersionUID = 1L;

    TooSlow() {
      super("not complete by the deadline");
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
  private final long limit;
  private final long deadline;
  private AsyncBody body;
  private long received;
  private boolean asked;
  private boolean ended;
  private boolean tooLarge;
  private boolean cancelled;
  private Throwable failure;

  /**
   * @param limit the most bytes read
   * @param deadline {@link System#nanoTime()} by which the body must be complete
   */
  BoundedBody(long limit, long deadline) {
    this.limit = limit;
    this.deadline = deadline;
  }

  @Override
  public void consume(List<ByteBuffer> buffers, AsyncBody asyncBody) {
    lock.lock();
    try {
      asked = false;
      for (ByteBuffer buffer : buffers) {
        received += buffer.remaining();
        chunks.add(buffer);
      }
      if (received > limit) {
        tooLarge = true;
        chunks.clear();
        cancel(asyncBody);
      }
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Starts reading the body of an answer whose head has arrived. */
  void start(AsyncBody asyncBody) {
    lock.lock();
    try {
      body = asyncBody;
    } finally {
      lock.unlock();
    }
    asyncBody.done().whenComplete((ignored, error) -> {
      lock.lock();
      try {
        ended = true;
        if (error != null && !(error instanceof CancellationException)) {
          failure = error;
        }
        arrived.signalAll();
      } finally {
        lock.unlock();
      }
    });
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    lock.lock();
    try {
      while (true) {
        ByteBuffer head = chunks.peek();
        if (head != null) {
          if (!head.hasRemaining()) {
            chunks.poll();
            continue;
          }
          int n = Math.min(length, head.remaining());
          head.get(into, offset, n);
          return n;
        }
        if (tooLarge) {
          throw new TooLarge(limit);
        }
        if (failure != null) {
          throw new IOException(failure.getMessage(), failure);
        }
        if (ended) {
          return -1;
        }
        if (cancelled) {
          throw new IOException("the body was cancelled");
        }
        if (!asked) {
          asked = true;
          AsyncBody asking = body;
          lock.unlock();
          try {
            asking.consume(); // the client calls consume(List, AsyncBody) with the next chunk
          } finally {
            lock.lock();
          }
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          cancel(body);
          throw new TooSlow();
        }
        arrived.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
    } catch (InterruptedException e) {
      cancel(body);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the answer");
    } finally {
      lock.unlock();
    }
  }

  /** Drops what is left of the body, resetting the connection, unless it has ended. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!ended && body != null) {
        cancel(body);
      }
    } finally {
      lock.unlock();
    }
  }

  private void cancel(AsyncBody asyncBody) {
    if (!cancelled) {
      cancelled = true;
      asyncBody.cancel();
    }
  }
}
