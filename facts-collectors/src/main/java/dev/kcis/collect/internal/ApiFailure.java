package dev.kcis.collect.internal;

/**
 * A request to the API server that gave no usable answer: an HTTP error ({@link #code} is its
 * status), no answer at all ({@code code <= 0}), or an answer kcis refuses (too large, too slow,
 * malformed, of another kind than asked for). Its message says why, in words fit for a bundle's
 * collection error; it never holds what the server sent beyond a Status message.
 */
final class ApiFailure extends Exception {

  private static final long serialVersionUID = 1L;

  /** No answer: the server could not be reached or did not answer in time. */
  static final int NO_ANSWER = 0;
  /** An answer kcis refuses: too large, malformed, or of another kind than asked for. */
  static final int REFUSED = 1;
  /** An answer that would fill the part of the heap set aside for the evidence. */
  static final int HEAP_FULL = 2;

  final int code;

  ApiFailure(int code, String message) {
    super(message);
    this.code = code;
  }
}
