package dev.kcis.collect.internal;

import dev.kcis.collect.CollectionException;
import dev.kcis.collect.internal.StructuredText.MalformedException;
import dev.kcis.engine.internal.SafeText;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks kubeconfig files before fabric8 reads them, so that an error names the file and the line
 * and column only: fabric8's YAML and JSON parsers quote the offending line, and in a kubeconfig
 * that line may hold a token or a key.
 */
public final class Kubeconfigs {

  /** A field in Jackson's reference chain: {@code Config["users"]->ArrayList[0]}. */
  private static final Pattern CHAIN_FIELD =
      Pattern.compile("\\[\"([^\"]{1,64})\"\\]|\\[(\\d+)\\]");

  private Kubeconfigs() {}

  /**
   * The kubeconfig files fabric8 reads when none is named: each file of the {@code kubeconfig}
   * system property or else of {@code $KUBECONFIG}, else {@code ~/.kube/config}; only those that
   * exist.
   */
  public static List<Path> defaultFiles() {
    List<Path> files = new ArrayList<>();
    String variable = System.getProperty("kubeconfig", System.getenv("KUBECONFIG"));
    if (variable != null && !variable.isBlank()) {
      for (String entry : variable.split(Pattern.quote(File.pathSeparator))) {
        if (!entry.isBlank()) {
          files.add(Path.of(entry));
        }
      }
    } else {
      files.add(Path.of(System.getProperty("user.home"), ".kube", "config"));
    }
    return files.stream().filter(Files::isRegularFile).toList();
  }

  /**
   * Parses a kubeconfig's text with kcis's own parser.
   *
   * @throws CollectionException naming the file, line and column when it is not a YAML or JSON
   *     mapping; never quoting it
   */
  public static void check(String file, String text) {
    Object document;
    try {
      document = StructuredText.locatedDocuments(text, file, Integer.MAX_VALUE).stream()
          .findFirst().map(StructuredText.LocatedDocument::value).orElse(null);
    } catch (MalformedException e) {
      StructuredText.Position at = e.position();
      throw new CollectionException(file + (at == null ? "" : ":" + at.line() + ":" + at.column())
          + ": not a usable kubeconfig: " + e.getMessage());
    }
    if (document != null && !(document instanceof Map<?, ?>)) {
      throw new CollectionException(file + ": not a usable kubeconfig: it holds no YAML or JSON "
          + "mapping");
    }
  }

  /**
   * Why fabric8 could not use a kubeconfig, without its message (which quotes values of the
   * file): the field it stumbled on, when its reference chain names one.
   */
  public static String describe(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      int chain = message == null ? -1 : message.indexOf("through reference chain:");
      if (chain >= 0) {
        StringBuilder field = new StringBuilder();
        Matcher m = CHAIN_FIELD.matcher(message.substring(chain));
        while (m.find()) {
          field.append(m.group(1) != null ? (field.length() == 0 ? "" : ".") + m.group(1)
              : "[" + m.group(2) + "]");
        }
        if (field.length() > 0) {
          return "a value of the wrong type or shape at " + SafeText.printable(field.toString());
        }
      }
    }
    return "fabric8 cannot read it as a kubeconfig (" + e.getClass().getSimpleName() + ")";
  }
}
