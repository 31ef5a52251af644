package dev.kcis.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingTest {

  static Setting setting(String value) {
    return new Setting("n", "kubelet", "node/n/kubelet", "x", value, SettingSource.FLAG, "/proc/1",
        null);
  }

  @ParameterizedTest
  @CsvSource({"true,true,false", "1,true,false", "T,true,false", "TRUE,true,false", "True,true,false",
      "false,false,true", "0,false,true", "f,false,true", "FALSE,false,true",
      "yes,false,false", "tru,false,false", "'',false,false"})
  void booleansParseAsGoDoes(String value, boolean isTrue, boolean isFalse) {
    assertEquals(isTrue, setting(value).isTrue());
    assertEquals(isFalse, setting(value).isFalse());
  }

  @Test
  void unsetIsNeitherTrueNorFalse() {
    Setting unset = setting(null);
    assertFalse(unset.isSet());
    assertFalse(unset.isTrue());
    assertFalse(unset.isFalse());
    assertNull(unset.getIntValue());
    assertNull(unset.getDuration());
    assertEquals(List.of(), unset.getValues());
  }

  @ParameterizedTest
  @CsvSource({"4h0m0s,14400", "5m,300", "1h30m,5400", "0,0", "0s,0", "1.5h,5400", "300ms,0"})
  void durationsParseAsGoDoes(String value, long seconds) {
    assertEquals(seconds, setting(value).getDuration().toSeconds());
  }

  @ParameterizedTest
  @CsvSource({"2562047h47m16.854775807s,9223372036854775807", "-2562047h47m16.854775808s,"
      + "-9223372036854775808", "1.5us,1500", "1.0000000000000000000000001s,1000000000",
      "0.000000001s,1", "1h1m1s1ms1us1ns,3661001001001"})
  void durationsAreExactToTheNanosecondAsInGo(String value, long nanos) {
    assertEquals(nanos, setting(value).getDuration().toNanos());
  }

  @Test
  void durationsBeyondAnInt64OfNanosecondsAreErrorsAsInGo() {
    assertNull(setting("2562048h").getDuration());
    assertNull(setting("9999999999999999999h").getDuration());
    assertNull(setting("9223372036854775808ns").getDuration());
    assertNull(setting("2562047h47m16.854775808s").getDuration());
    assertNull(setting("1e9999h").getDuration(), "no exponents in Go durations");
    assertNull(setting(".h").getDuration());
  }

  @Test
  void longIntegersAreRefusedWithoutReadingThemWhole() {
    assertNull(setting("9".repeat(10_000_000)).getIntValue());
    assertNull(setting("9223372036854775808").getIntValue());
    assertEquals(Long.MIN_VALUE, setting("-9223372036854775808").getIntValue());
  }

  @Test
  void invalidDurationsAreNull() {
    assertNull(setting("5").getDuration(), "a number without a unit is not a Go duration");
    assertNull(setting("h").getDuration());
    assertNull(setting("5 minutes").getDuration());
    assertEquals(Duration.ofMillis(300), setting("300ms").getDuration());
  }

  @Test
  void integersAreExact() {
    assertEquals(30L, setting("30").getIntValue());
    assertNull(setting("30d").getIntValue());
    assertNull(setting("3.0").getIntValue());
  }

  @Test
  void listsMatchWholeElementsOnly() {
    Setting plugins = setting("NodeRestriction, AlwaysPullImages,,");
    assertEquals(List.of("NodeRestriction", "AlwaysPullImages"), plugins.getValues());
    assertTrue(plugins.has("NodeRestriction"));
    assertFalse(plugins.has("Node"), "no substring matching");
  }

  @Test
  void mapEntriesLastOneWins() {
    Setting gates = setting("RotateKubeletServerCertificate=false,Foo=true,RotateKubeletServerCertificate=true");
    assertEquals("true", gates.entry("RotateKubeletServerCertificate"));
    assertNull(gates.entry("Rotate"));
    assertEquals(Map.of("RotateKubeletServerCertificate", "true", "Foo", "true"), gates.getEntries());
  }

  @Test
  void fileModesAreThisOrMoreRestrictive() {
    NodeFile f600 = new NodeFile("n", "/a", "r", null, "default", true, "file", 0600, 0L, 0L, "root", "root");
    NodeFile f644 = new NodeFile("n", "/a", "r", null, "default", true, "file", 0644, 0L, 0L, "root", "root");
    NodeFile f400 = new NodeFile("n", "/a", "r", null, "default", true, "file", 0400, 0L, 0L, "root", "etcd");
    NodeFile missing = new NodeFile("n", "/a", "r", null, "default", false, null, null, null, null, null, null);
    assertTrue(f600.hasModeAtMost("600"));
    assertFalse(f644.hasModeAtMost("600"));
    assertTrue(f644.hasModeAtMost("644"));
    assertTrue(f400.hasModeAtMost("600"));
    assertFalse(missing.hasModeAtMost("600"), "a missing file has no mode to pass");
    assertTrue(f600.isOwnedBy("root:root"));
    assertFalse(f400.isOwnedBy("root:root"));
    assertFalse(missing.isOwnedBy("null:null"));
    assertEquals("0644", f644.getModeText());
  }

  @Test
  void loopbackAddressesWithoutNameLookups() {
    assertTrue(setting("127.0.0.1").isLoopbackAddress());
    assertTrue(setting("127.10.0.1").isLoopbackAddress());
    assertTrue(setting("::1").isLoopbackAddress());
    assertFalse(setting("0.0.0.0").isLoopbackAddress());
    assertFalse(setting("localhost").isLoopbackAddress(), "names are not resolved");
    assertFalse(setting("127.0.0.1:10257").isLoopbackAddress(), "a port is not an address");
    assertTrue(setting("127.0.0.1:10249").isLoopbackHostPort());
    assertTrue(setting("[::1]:10249").isLoopbackHostPort());
    assertFalse(setting(":10249").isLoopbackHostPort(), "an empty host is every interface");
    assertFalse(setting("0.0.0.0:10249").isLoopbackHostPort());
    assertFalse(setting("127.0.0.1:http").isLoopbackHostPort());
  }
}
