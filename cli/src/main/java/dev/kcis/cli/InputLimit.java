package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --max-input-size}: the largest file eval, scan and collect manifests read. A larger input
 * is refused before it is read (exit 3), rather than filling the heap.
 */
final class InputLimit {

  /** The default, as the option shows it: {@link FactBundle#DEFAULT_MAX_BYTES}. */
  static final String DEFAULT = "16m";

  /** Up to 2047m: a file is read into one Java array. */
  static final long MAX = 2047L * 1024 * 1024;

  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})([kmg]?)");

  @Option(names = "--max-input-size", paramLabel = "SIZE", defaultValue = DEFAULT,
      converter = SizeConverter.class,
      description = "The largest input file read (a bundle, standard input, a manifest), in bytes "
          + "or with k, m or g (up to 2047m); a larger one is refused before it is read "
          + "(exit 3). Default: ${DEFAULT-VALUE}, which a 512 MiB Java heap reads and "
          + "evaluates; raise the heap with KCIS_JAVA_OPTS=-Xmx... along with it.")
  long bytes;

  /** {@code 64m}, {@code 1g}, {@code 4096}, as bytes. */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: give bytes, or a number "
          + "with k, m or g (e.g. 64m, 1g)");
    }
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      default -> 0;
    };
    long number;
    try {
      number = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      number = Long.MAX_VALUE;
    }
    if (number < 1 || number > MAX >> shift) {
      throw new IllegalArgumentException("'" + text + "' is not between 1 byte and 2047m");
    }
    return number << shift;
  }

  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
