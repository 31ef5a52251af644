package dev.kcis.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kcis.bundle.internal.NumberLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The range of numbers kcis reads, judged on their text and on values built in code. */
class NumberRangeTest {

  @ParameterizedTest
  @CsvSource({"0,true", "-0.0,true", "50,true", "1_000,true", "0.5,true", "+.5,true",
      "1e30,true", "1e-30,true", "-1e30,true", "9223372036854775807,true",
      "18446744073709551615,true", "123456789012345678901234567890,true",
      "1.000000000000000000000000000000000000000,true", "0e30,true", "0x1F,true", ".inf,true",
      "1e31,false", "1e-31,false", "1234567890123456789012345678901,false",
      "1e1900000000,false", "1e2147483647,false", "-1e2147483648,false", "1e99999999999999,false",
      "0e-999999999,false", "1.5e-400,false", "4.9e-324,false", "1E+308,false"})
  void literalsAreJudgedOnTheirText(String literal, boolean inRange) {
    assertEquals(inRange, NumberLimits.inRange(literal), literal);
  }

  @Test
  void longLiteralsAreOutOfRangeWhateverTheyHold() {
    assertEquals(false, NumberLimits.inRange("0".repeat(101)));
    assertEquals(false, NumberLimits.inRange("0x" + "f".repeat(200)));
  }

  @Test
  void valuesBuiltInCodeAreJudgedCheaplyAndNeverExpanded() {
    BigDecimal huge = new BigDecimal("1e1900000000");
    BigInteger wide = BigInteger.TEN.pow(100_000);
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      assertEquals(false, NumberLimits.inRange(huge));
      assertEquals("1E+1900000000", NumberLimits.text(huge));
      assertEquals(false, NumberLimits.inRange(wide));
      assertEquals("(a number of 332193 bits)", NumberLimits.text(wide));
      assertNull(NumberLimits.exactLong(huge));
      assertNull(NumberLimits.exactLong(wide));
    });
    assertEquals("0.5", NumberLimits.text(new BigDecimal("0.50")));
    assertEquals("100", NumberLimits.text(new BigDecimal("1E+2")));
    assertEquals("1000000000000000000000000000000", NumberLimits.text(new BigDecimal("1e30")));
    assertEquals("50", NumberLimits.text(50.0));
    assertEquals("Infinity", NumberLimits.text(Double.POSITIVE_INFINITY));
    assertEquals(8080L, NumberLimits.exactLong(new BigDecimal("8080.0")));
    assertNull(NumberLimits.exactLong(new BigDecimal("80.5")));
    assertNull(NumberLimits.exactLong(BigInteger.ONE.shiftLeft(64)),
        "2^64 is no long (its low bits are 0, which would read as root)");
  }

  @Test
  void aBundleNumberOutOfRangeIsOneLineWithItsPointer() {
    String text = """
        apiVersion: kcis.dev/v1
        kind: FactBundle
        objects:
          - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {priority: 1e2147483647}}
        """;
    BundleException e = assertThrows(BundleException.class, () -> FactBundle.parse(text, "b.yaml"));
    int column = text.lines().toList().get(3).indexOf("1e") + 1;
    assertEquals("b.yaml:4:" + column + ": /objects/0/spec/priority: the number 1e2147483647 is "
        + "out of range (kcis reads numbers of at most 30 significant digits within 1e-30 and "
        + "1e30)", e.getMessage());
  }
}
