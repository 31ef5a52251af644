package dev.kcis.collect;

import dev.kcis.core.KcisException;

/**
 * A collection that cannot start, such as a node root that is not a directory. Problems met while
 * collecting are never thrown: they become collection errors in the bundle.
 */
public final class CollectionException extends KcisException {

  private static final long serialVersionUID = 1L;

  public CollectionException(String message) {
    super(message);
  }
}
