package dev.kcis.facts;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 512Mi}, {@code 250m}, {@code 1.5}, {@code 2e3}) with the
 * text as written and its value as a number: bytes for memory and storage, cores for cpu.
 *
 * <pre>
 * Quantity.parse("512Mi").getValue();   // 536870912
 * Quantity.parse("250m").atMost("1");   // true
 * </pre>
 *
 * <p>Text the Kubernetes grammar refuses has no value ({@link #isValid()} is false), and every
 * comparison with it is false.
 */
public final class Quantity {

  private static final Pattern GRAMMAR = Pattern.compile(
      "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))"
          + "(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");
  private static final BigDecimal KI = BigDecimal.valueOf(1024);
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("Ki", KI), Map.entry("Mi", KI.pow(2)), Map.entry("Gi", KI.pow(3)),
      Map.entry("Ti", KI.pow(4)), Map.entry("Pi", KI.pow(5)), Map.entry("Ei", KI.pow(6)),
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")));

  private final String text;
  private final BigDecimal value;

  private Quantity(String text, BigDecimal value) {
    this.text = text;
    this.value = value;
  }

  /** Parses a quantity as the API server does; never throws. */
  public static Quantity parse(String text) {
    if (text == null) {
      return new Quantity(null, null);
    }
    return PARSED.of(text);
  }

  private static final ParsedValues<Quantity> PARSED = new ParsedValues<>(Quantity::read);

  private static Quantity read(String text) {
    Matcher m = GRAMMAR.matcher(text);
    if (!m.matches()) {
      return new Quantity(text, null);
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    BigDecimal value;
    if (suffix == null) {
      value = number;
    } else if (!SUFFIXES.containsKey(suffix)) { // an exponent: e3, E-3
      int exponent;
      try {
        exponent = Integer.parseInt(suffix.substring(1));
      } catch (NumberFormatException e) {
        return new Quantity(text, null);
      }
      if (Math.abs(exponent) > 1000) {
        return new Quantity(text, null); // beyond any real quantity; keeps arithmetic bounded
      }
      value = number.scaleByPowerOfTen(exponent);
    } else {
      value = number.multiply(SUFFIXES.get(suffix));
    }
    return new Quantity(text, value.stripTrailingZeros());
  }

  /** The quantity as written. */
  public String getText() {
    return text;
  }

  /** Its value (bytes, cores), or {@code null} when the text is no quantity. */
  public BigDecimal getValue() {
    return value;
  }

  /** True when the text is a quantity. */
  public boolean isValid() {
    return value != null;
  }

  /** True when this is at most {@code other} (e.g. {@code "2Gi"}); false when either is invalid. */
  public boolean atMost(String other) {
    BigDecimal limit = parse(other).value;
    return value != null && limit != null && value.compareTo(limit) <= 0;
  }

  /** True when this quantity is at least {@code other}; false when either is invalid. */
  public boolean atLeast(String other) {
    BigDecimal floor = parse(other).value;
    return value != null && floor != null && value.compareTo(floor) >= 0;
  }

  /** True when the value is above zero. */
  public boolean isPositive() {
    return value != null && value.signum() > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && Objects.equals(text, q.text);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
