package dev.kcis.facts;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kcis.bundle.internal.NumberLimits;
import dev.kcis.core.internal.ArgParser;
import dev.kcis.core.internal.SettingsCatalog;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes how kcis reads values that a node or a bundle controls: Go durations, integers and
 * booleans, numbers against {@link NumberLimits}, and component command lines with
 * {@link ArgParser}. Each answers (a value, {@code null}, or "out of range") without an exception,
 * and a number found in range is one that can be turned into a {@link BigDecimal} cheaply.
 */
class ValuesFuzzTest {

  @FuzzTest(maxDuration = "3m")
  void numbersAndDurations(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Duration duration = GoValues.parseDuration(text);
    if (duration != null && text.isEmpty()) {
      throw new AssertionError("an empty duration");
    }
    GoValues.parseInteger(text);
    GoValues.parseBool(text);
    GoValues.splitList(text);
    if (NumberLimits.inRange(text)) {
      try {
        BigDecimal value = new BigDecimal(text.strip());
        if (value.precision() > 200) {
          throw new AssertionError("in range but " + value.precision() + " digits: " + text);
        }
      } catch (NumberFormatException notADecimal) {
        // inRange says nothing of text that is not a number
      }
    }
  }

  @FuzzTest(maxDuration = "3m")
  void commandLines(FuzzedDataProvider data) {
    String component = data.pickValue(List.of("kube-apiserver", "kubelet", "etcd",
        "kube-controller-manager", "kube-scheduler", "kube-proxy"));
    List<String> argv = new ArrayList<>();
    int count = data.consumeInt(0, 40);
    for (int i = 0; i < count; i++) {
      argv.add(data.consumeString(60));
    }
    ArgParser.parse(argv, SettingsCatalog.get().component(component));
  }
}
