package dev.kcis.cli.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output or error as a {@link PrintStream} that remembers why a write failed. A
 * PrintStream swallows its errors and only {@link #checkError()} tells; kcis checks it when it is
 * done and reports a full disk ({@code > /dev/full}) with the system's reason instead of exiting 0.
 */
public final class StandardStream extends PrintStream {

  private final Recorder recorder;

  private StandardStream(Recorder recorder) {
    super(recorder, false, StandardCharsets.UTF_8);
    this.recorder = recorder;
  }

  /** The process's standard output ({@link FileDescriptor#out}) or error. */
  public static StandardStream of(FileDescriptor fd) {
    return over(new FileOutputStream(fd));
  }

  /** A stream over {@code out}, e.g. a file in a test. */
  public static StandardStream over(OutputStream out) {
    return new StandardStream(new Recorder(out));
  }

  /**
   * Why writing to {@code stream} failed, after everything was flushed; {@code null} when it did
   * not fail. For a stream not made here, only that it failed is known.
   */
  public static String failure(PrintStream stream) {
    if (!stream.checkError()) {
      return null;
    }
    if (stream instanceof StandardStream s && s.recorder.failure != null) {
      return Output.reason(s.recorder.failure);
    }
    return "write error";
  }

  /** Passes writes through and keeps the first exception. */
  private static final class Recorder extends FilterOutputStream {
    private IOException failure;

    Recorder(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw record(e);
      }
    }

    private IOException record(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }
  }
}
