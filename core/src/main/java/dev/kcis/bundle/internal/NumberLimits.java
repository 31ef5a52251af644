package dev.kcis.bundle.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The range of numbers kcis reads from bundles and node files. A number such as
 * {@code 1e1900000000} is 31 bytes of input but two billion digits once written out in full, and
 * a long run of digits costs quadratic time to parse: so every number literal is judged on its
 * text, before it is turned into a {@link BigDecimal} or {@link BigInteger}, and values built in
 * code are judged before they are written out.
 *
 * <p>In range: at most {@value #MAX_DIGITS} significant digits, a magnitude between
 * 1e-{@value #MAX_EXPONENT} and 1e{@value #MAX_EXPONENT} (or zero), and at most
 * {@value #MAX_LITERAL} characters. Every setting of a Kubernetes component fits easily (an
 * int64 has 19 digits); a number outside is no value a component would accept.
 */
public final class NumberLimits {

  /** Most significant digits of a number. */
  public static final int MAX_DIGITS = 30;
  /** Largest decimal exponent of a number's magnitude, either way. */
  public static final int MAX_EXPONENT = 30;
  /** Longest number literal, in characters. */
  public static final int MAX_LITERAL = 100;

  /** What a message says about the range. */
  public static final String RANGE = "kcis reads numbers of at most " + MAX_DIGITS
      + " significant digits within 1e-" + MAX_EXPONENT + " and 1e" + MAX_EXPONENT;

  /** Bits of an unscaled value beyond which a number cannot be in range, whatever its scale. */
  private static final int MAX_BITS = 400;

  private NumberLimits() {}

  /**
   * True when {@code literal}, a number as written in JSON or YAML (sign, digits with YAML's
   * {@code _} separators, a point, an exponent), is in range. Text that is no decimal literal
   * (hex, octal, {@code .inf}) is judged by its length only.
   */
  public static boolean inRange(String literal) {
    if (literal.length() > MAX_LITERAL) {
      return false;
    }
    int i = 0;
    int n = literal.length();
    if (i < n && (literal.charAt(i) == '-' || literal.charAt(i) == '+')) {
      i++;
    }
    StringBuilder digits = new StringBuilder();
    int integerDigits = 0;
    boolean point = false;
    for (; i < n; i++) {
      char c = literal.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
        if (!point) {
          integerDigits++;
        }
      } else if (c == '.' && !point) {
        point = true;
      } else if (c != '_') {
        break;
      }
    }
    long exponent = 0;
    if (i < n && (literal.charAt(i) == 'e' || literal.charAt(i) == 'E')) {
      String text = literal.substring(i + 1);
      if (!text.matches("[-+]?[0-9]+")) {
        return true; // not a decimal literal
      }
      String magnitude = text.replaceFirst("^[-+]?0*", "");
      if (magnitude.length() > 9) {
        return false;
      }
      exponent = magnitude.isEmpty() ? 0 : Long.parseLong(magnitude);
      exponent = text.startsWith("-") ? -exponent : exponent;
      i = n;
    }
    if (i < n || digits.length() == 0) {
      return true; // not a decimal literal: its length was the only risk
    }
    int first = 0;
    while (first < digits.length() && digits.charAt(first) == '0') {
      first++;
    }
    if (first == digits.length()) {
      return Math.abs(exponent) <= MAX_EXPONENT; // zero
    }
    int last = digits.length() - 1;
    while (digits.charAt(last) == '0') {
      last--;
    }
    long magnitude = exponent + integerDigits - first - 1; // the power of ten of the first digit
    return last - first + 1 <= MAX_DIGITS && Math.abs(magnitude) <= MAX_EXPONENT;
  }

  /**
   * True when {@code plain}, a plain YAML scalar, is a number too long for SnakeYAML to resolve
   * (it leaves such a scalar a string): digits with a number's signs, points, exponent and
   * separators only, beyond {@value #MAX_LITERAL} characters. Linear time, unlike a pattern.
   */
  public static boolean isLongPlainNumber(String plain) {
    if (plain.length() <= MAX_LITERAL) {
      return false;
    }
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '_' || c == '.' || c == 'e' || c == 'E' || c == '+'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code value} is in range; cheap for any value. */
  public static boolean inRange(BigDecimal value) {
    if (value.unscaledValue().bitLength() > MAX_BITS) {
      return false;
    }
    if (value.signum() == 0) {
      return Math.abs((long) value.scale()) <= MAX_EXPONENT;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    long magnitude = (long) stripped.precision() - stripped.scale() - 1;
    return stripped.precision() <= MAX_DIGITS && Math.abs(magnitude) <= MAX_EXPONENT;
  }

  /** True when {@code value} is in range; cheap for any value. */
  public static boolean inRange(BigInteger value) {
    return value.bitLength() <= MAX_BITS && inRange(new BigDecimal(value));
  }

  /**
   * True when {@code value} is a number in range: integers and decimals as above, doubles and
   * floats finite and in range; other types are not numbers here.
   */
  public static boolean inRange(Number value) {
    if (value instanceof BigDecimal d) {
      return inRange(d);
    }
    if (value instanceof BigInteger b) {
      return inRange(b);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = value.doubleValue();
      return Double.isFinite(d) && inRange(BigDecimal.valueOf(d));
    }
    return true; // Long, Integer, Short, Byte
  }

  /**
   * A number as text without exponent noise ({@code 0.5}, {@code 300}) when it is in range, else
   * in scientific notation ({@code 1E+1900000000}), which stays short; never expands a number
   * into all its digits.
   */
  public static String text(Number value) {
    if (value instanceof BigDecimal d) {
      if (!inRange(d)) {
        return bounded(d);
      }
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof BigInteger b) {
      return inRange(b) ? b.toString() : bounded(new BigDecimal(b));
    }
    if (value instanceof Double || value instanceof Float) {
      double d = value.doubleValue();
      if (!Double.isFinite(d)) {
        return String.valueOf(d);
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e18) {
        return String.valueOf((long) d);
      }
      return inRange(value) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
          : String.valueOf(d);
    }
    return String.valueOf(value);
  }

  /**
   * The value of an integer where one is expected (a port, a user id), or {@code null} when
   * {@code value} is not a number, has a fraction, or does not fit a {@code long}.
   */
  public static Long exactLong(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() < 64 ? b.longValue() : null;
    }
    if (value instanceof BigDecimal d) {
      if (!inRange(d)) {
        return null;
      }
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
    }
    return null;
  }

  /** Scientific notation of an out-of-range value, for messages; short for any value. */
  private static String bounded(BigDecimal value) {
    BigInteger unscaled = value.unscaledValue();
    if (unscaled.bitLength() > MAX_BITS) {
      // Converting a huge unscaled value to decimal digits is itself slow: say what it is.
      return (value.signum() < 0 ? "-" : "") + "(a number of " + unscaled.bitLength() + " bits)";
    }
    return value.toString();
  }

  /** The start of a literal, for messages. */
  public static String excerpt(String literal) {
    return literal.length() <= 40 ? literal : literal.substring(0, 40) + "... ("
        + literal.length() + " characters)";
  }
}
