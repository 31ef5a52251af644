package dev.kcis.collect.internal;

import dev.kcis.core.internal.InputFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A user's file read as strict UTF-8 text as it is parsed, in small steps, so that a large
 * manifest costs a buffer and not copies of the whole file (its bytes, then its text). The checks
 * of {@link InputFiles#read} hold: only a regular file of at most the limit is opened, and one that
 * grows past it while read stops the read.
 */
final class Utf8FileReader extends Reader {

  private static final int BUFFER = 1 << 16;

  private final Path file;
  private final InputStream in;
  private final long limit;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
  private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
  private long read;
  private boolean eof;
  private boolean flushed;

  private Utf8FileReader(Path file, InputStream in, long limit) {
    this.file = file;
    this.in = in;
    this.limit = limit;
  }

  /** Bytes that are not UTF-8 text, with the place of the first of them. */
  static final class NotUtf8Exception extends CharacterCodingException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    NotUtf8Exception(int line, int column) {
      this.line = line;
      this.column = column;
    }

    /** Counted from 1. */
    int line() {
      return line;
    }

    /** Counted in characters from 1. */
    int column() {
      return column;
    }

    @Override
    public String getMessage() {
      return line + ":" + column + ": not UTF-8 text";
    }
  }

  /**
   * Opens {@code file} when it is a regular file of at most {@code limit} bytes (following
   * symbolic links).
   *
   * @throws InputFiles.NotRegularFileException when it is a directory, FIFO, device or socket
   * @throws InputFiles.TooLargeException when it holds more than {@code limit} bytes
   */
  static Utf8FileReader open(Path file, long limit) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new InputFiles.NotRegularFileException(file.toString(), InputFiles.type(file));
    }
    if (attributes.size() > limit) {
      throw new InputFiles.TooLargeException(file.toString(), attributes.size(), limit);
    }
    return new Utf8FileReader(file, Files.newInputStream(file), limit);
  }

  /**
   * {@inheritDoc}
   *
   * @throws NotUtf8Exception at the first byte that is not UTF-8
   * @throws InputFiles.TooLargeException when the file grew past the limit
   */
  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (flushed) {
        return -1;
      }
      fill();
    }
    int n = Math.min(length, chars.remaining());
    chars.get(buffer, offset, n);
    return n;
  }

  private void fill() throws IOException {
    chars.clear();
    try {
      if (!eof) {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + n);
          read += n;
          if (read > limit) {
            throw new InputFiles.TooLargeException(file.toString(), -1, limit);
          }
        }
        bytes.flip();
      }
      CoderResult result = decoder.decode(bytes, chars, eof);
      if (result.isError()) {
        throw place(file, read - bytes.remaining());
      }
      if (eof && !bytes.hasRemaining() && decoder.flush(chars).isUnderflow()) {
        flushed = true;
      }
    } finally {
      chars.flip();
    }
  }

  /**
   * Where byte {@code at} of the file is, reading it again (only when a problem is reported):
   * characters counted by their first bytes, as {@link InputFiles#utf8} counts them.
   */
  private static NotUtf8Exception place(Path file, long at) throws IOException {
    int line = 1;
    int column = 1;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      for (long i = 0; i < at; i++) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        if (b == '\n') {
          line++;
          column = 1;
        } else if ((b & 0xc0) != 0x80) {
          column++;
        }
      }
    }
    return new NotUtf8Exception(line, column);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
