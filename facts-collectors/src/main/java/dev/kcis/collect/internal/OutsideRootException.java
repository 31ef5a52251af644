package dev.kcis.collect.internal;

import java.nio.file.FileSystemException;

/**
 * A path whose resolution climbs above the node root (through {@code ..} or a symbolic link): the
 * collector refuses to follow it, because it would read the collecting machine's files.
 */
final class OutsideRootException extends FileSystemException {

  private static final long serialVersionUID = 1L;

  public OutsideRootException(String nodePath, String root) {
    super(nodePath, null, "resolves outside " + root + " (through a symbolic link or ..); "
        + "not followed");
  }
}
