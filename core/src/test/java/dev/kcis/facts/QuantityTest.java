package dev.kcis.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Quantities read as the API server's resource.Quantity reads them. */
class QuantityTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({"512Mi, 536870912", "1Gi, 1073741824", "1Ki, 1024", "2Ei, 2305843009213693952",
      "250m, 0.25", "1, 1", "1.5, 1.5", ".5, 0.5", "1k, 1000", "1M, 1000000", "1G, 1000000000",
      "1E, 1000000000000000000", "2e3, 2000", "2E-3, 0.002", "100n, 0.0000001", "5u, 0.000005",
      "+3, 3", "0, 0", "1.5Gi, 1610612736"})
  void parsesSuffixesAndExponents(String text, String value) {
    Quantity q = Quantity.parse(text);
    assertTrue(q.isValid(), text);
    assertEquals(0, new BigDecimal(value).compareTo(q.getValue()), text);
    assertEquals(text, q.getText());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "Mi", "1mi", "1KB", "1 Gi", "1e", "one", "1..5", "1e99999"})
  void refusesWhatTheGrammarRefuses(String text) {
    Quantity q = Quantity.parse(text);
    assertFalse(q.isValid(), text);
    assertNull(q.getValue());
    assertFalse(q.atMost("1E"), "an invalid quantity compares false");
  }

  @Test
  void comparesAcrossSuffixes() {
    assertTrue(Quantity.parse("1024Mi").atMost("1Gi"));
    assertTrue(Quantity.parse("1024Mi").atLeast("1Gi"));
    assertFalse(Quantity.parse("1G").atLeast("1Gi"), "decimal G is less than binary Gi");
    assertTrue(Quantity.parse("500m").atMost("1"));
    assertFalse(Quantity.parse("500m").atMost("nonsense"));
    assertTrue(Quantity.parse("1m").isPositive());
    assertFalse(Quantity.parse("0").isPositive());
  }
}
