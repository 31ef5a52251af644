package dev.kcis.cli;

import dev.kcis.engine.ComplianceEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The {@code --rule-timeout} option of the commands that evaluate rules: how long the rules may run
 * on one evaluation before they are stopped and what they did not finish is INCONCLUSIVE. Written
 * as Kubernetes writes durations: {@code 60s}, {@code 2m}, {@code 1m30s}, {@code 500ms}.
 */
final class RuleTimeout {

  @CommandLine.Option(names = "--rule-timeout", paramLabel = "DURATION",
      converter = RuleTimeout.Converter.class,
      description = "Stop the rules after DURATION (60s, 2m, 1m30s, 500ms); a rule still running "
          + "and what the rules did not finish are INCONCLUSIVE with the reason. Default: 60s.")
  Duration timeout = ComplianceEngine.DEFAULT_RULE_TIMEOUT;

  /** Parses {@code 1h2m3.5s}-style durations: positive, at most a day. */
  static final class Converter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("([0-9]{1,6}(?:\\.[0-9]{1,3})?)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Matcher m = PART.matcher(value);
      Duration total = Duration.ZERO;
      int at = 0;
      while (value.length() <= 40 && m.find() && m.start() == at) {
        long millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(switch (m.group(2)) {
          case "ms" -> 1;
          case "s" -> 1_000;
          case "m" -> 60_000;
          default -> 3_600_000;
        })).longValue();
        total = total.plusMillis(millis);
        at = m.end();
      }
      if (at == 0 || at != value.length() || total.isZero() || total.compareTo(Duration.ofDays(1))
          > 0) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration between "
            + "1ms and 24h such as 60s, 2m, 1m30s or 500ms");
      }
      return total;
    }
  }
}
