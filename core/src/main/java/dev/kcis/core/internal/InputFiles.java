package dev.kcis.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reading the files users and nodes give kcis without hanging or running out of memory. Only
 * regular files are opened: opening a FIFO blocks until something writes to it, and a device such
 * as {@code /dev/zero} never ends. The type is checked from the file's attributes, which never
 * block, and every read stops one byte past its limit whatever size the file claims
 * ({@code /proc/<pid>/cmdline} is a regular file of size 0).
 *
 * <p>A file replaced by a FIFO between the check and the open would still block the open: Java
 * has no non-blocking open ({@code O_NONBLOCK}); only a race on the node's own files can do that.
 */
public final class InputFiles {

  /** The largest limit accepted: a file is read into one array. */
  public static final long MAX_LIMIT = 2047L * 1024 * 1024;

  /** The largest rule pack file (DRL, profile, test cases) read. */
  public static final long RULE_FILE_LIMIT = 16L * 1024 * 1024;

  private InputFiles() {}

  /** A path that is not a regular file (a FIFO, a device, a socket, a directory); never opened. */
  public static final class NotRegularFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    private final String type;

    public NotRegularFileException(String file, String type) {
      super(file, null, type.equals("directory") ? "is a directory"
          : "not a regular file (" + type + ")");
      this.type = type;
    }

    /** {@code fifo}, {@code character device}, {@code block device}, {@code socket}... */
    public String type() {
      return type;
    }
  }

  /** An input larger than its limit, refused before it is read (or as soon as it is known). */
  public static final class TooLargeException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    /** @param size the input's size, or -1 when only "more than the limit" is known */
    public TooLargeException(String file, long size, long limit) {
      super(file, null, (size < 0 ? "more than " + describe(limit) : sizes(size, limit))
          + " is over the input limit of " + describe(limit));
      this.size = size;
      this.limit = limit;
    }

    /** The input's size in bytes, or -1 when it is not known (a stream). */
    public long size() {
      return size;
    }

    public long limit() {
      return limit;
    }

    private static String sizes(long size, long limit) {
      String shown = describe(size);
      // 256 MiB and one byte must not read "256 MiB is over the input limit of 256 MiB".
      return shown.equals(describe(limit)) ? size + " bytes" : shown;
    }
  }

  /**
   * Reads a file given by a user, following symbolic links, when it is a regular file of at most
   * {@code limit} bytes.
   *
   * @throws NotRegularFileException when it is a directory, FIFO, device or socket
   * @throws TooLargeException when it holds more than {@code limit} bytes
   */
  public static byte[] read(Path file, long limit) throws IOException {
    return read(file, file.toString(), limit, false);
  }

  /**
   * Reads a file whose path holds no symbolic link left to follow (already resolved), naming it
   * {@code name} in messages.
   */
  public static byte[] readResolved(Path file, String name, long limit) throws IOException {
    return read(file, name, limit, true);
  }

  /** Reads a regular file of at most {@code limit} bytes as strict UTF-8 text. */
  public static String readText(Path file, long limit) throws IOException {
    try {
      return utf8(read(file, limit));
    } catch (NotUtf8Exception e) {
      throw new FileSystemException(file.toString(), null, "not UTF-8 text at line " + e.line()
          + ", column " + e.column());
    }
  }

  /** Why a read failed, in a few words for a message that names the file already. */
  public static String problem(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return "cannot read: " + e.getMessage();
  }

  /** Reads at most {@code limit} bytes of a stream (standard input), named {@code name}. */
  public static byte[] read(InputStream in, String name, long limit) throws IOException {
    byte[] content = in.readNBytes(arrayLength(limit));
    if (content.length > limit) {
      throw new TooLargeException(name, -1, limit);
    }
    return content;
  }

  /**
   * The kind of file at {@code file}, from its attributes: {@code file}, {@code directory},
   * {@code symlink} (only when not following links), {@code fifo}, {@code socket},
   * {@code character device} or {@code block device}.
   */
  public static String type(Path file, LinkOption... options) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, options);
    return type(file, attributes, options);
  }

  private static byte[] read(Path file, String name, long limit, boolean resolved)
      throws IOException {
    int length = arrayLength(limit);
    LinkOption[] options = resolved ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS}
        : new LinkOption[0];
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, options);
    if (!attributes.isRegularFile()) {
      throw new NotRegularFileException(name, type(file, attributes, options));
    }
    if (attributes.size() > limit) {
      throw new TooLargeException(name, attributes.size(), limit);
    }
    try (InputStream in = Files.newInputStream(file, options)) {
      byte[] content = in.readNBytes(length);
      if (content.length > limit) {
        throw new TooLargeException(name, -1, limit);
      }
      return content;
    }
  }

  private static String type(Path file, BasicFileAttributes attributes, LinkOption... options)
      throws IOException {
    if (attributes.isRegularFile()) {
      return "file";
    }
    if (attributes.isDirectory()) {
      return "directory";
    }
    if (attributes.isSymbolicLink()) {
      return "symlink";
    }
    int format;
    try {
      format = (Integer) Files.getAttribute(file, "unix:mode", options) & 0170000;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return "special file";
    }
    return switch (format) {
      case 0010000 -> "fifo";
      case 0020000 -> "character device";
      case 0060000 -> "block device";
      case 0140000 -> "socket";
      default -> "special file";
    };
  }

  /** Bytes that are not UTF-8 text, with the place of the first byte that is not. */
  public static final class NotUtf8Exception extends CharacterCodingException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    NotUtf8Exception(int line, int column) {
      this.line = line;
      this.column = column;
    }

    /** The line of the first byte that is not UTF-8, counted from 1. */
    public int line() {
      return line;
    }

    /** Its column, counted in characters from 1. */
    public int column() {
      return column;
    }

    /** {@code LINE:COLUMN}. */
    public String place() {
      return line + ":" + column;
    }

    @Override
    public String getMessage() {
      return place() + ": not UTF-8 text";
    }
  }

  /**
   * The bytes as text when they are valid UTF-8. Checked in small steps first, so that a large
   * input costs its bytes and its string, not a third copy as a character buffer.
   *
   * @throws NotUtf8Exception naming the line and column of the first byte that is not UTF-8
   */
  public static String utf8(byte[] bytes) throws NotUtf8Exception {
    checkUtf8(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Checks that {@code bytes} are strict UTF-8, without keeping the text (a large bundle is
   * parsed from its bytes); a {@link NotUtf8Exception} names the first byte that is not.
   */
  public static void checkUtf8(byte[] bytes) throws NotUtf8Exception {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        throw notUtf8(bytes, in.position());
      }
      if (result.isUnderflow()) {
        break;
      }
      out.clear();
    }
  }

  /** The line and column of byte {@code at}, counting characters by their first bytes. */
  private static NotUtf8Exception notUtf8(byte[] bytes, int at) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < at; i++) {
      if (bytes[i] == '\n') {
        line++;
        column = 1;
      } else if ((bytes[i] & 0xc0) != 0x80) {
        column++;
      }
    }
    return new NotUtf8Exception(line, column);
  }

  /** One byte past the limit, so that reading it tells the input is over the limit. */
  private static int arrayLength(long limit) {
    if (limit < 0 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("input limit " + limit + " is not between 0 and "
          + MAX_LIMIT);
    }
    return (int) limit + 1;
  }

  /** {@code 300 MiB}, {@code 1.5 GiB}, {@code 12 bytes}: a size for messages. */
  public static String describe(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = value == Math.rint(value) ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
    if (number.endsWith(".0")) {
      number = number.substring(0, number.length() - 2);
    }
    return number + " " + units[unit];
  }
}
