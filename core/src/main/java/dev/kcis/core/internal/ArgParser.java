package dev.kcis.core.internal;

import dev.kcis.core.internal.SettingsCatalog.ComponentSpec;
import dev.kcis.core.internal.SettingsCatalog.FlagType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a component's argument vector the way pflag does, exactly: {@code --flag=value},
 * {@code --flag value} (not for booleans), a bare boolean {@code --flag} (true), repeated flags
 * (lists append, maps merge, the rest: last wins). A flag name is matched whole, never as a prefix.
 */
public final class ArgParser {

  /** A flag's effective value and the index of the argument that set it last. */
  public record ParsedFlag(String name, String value, int index) {}

  /** The parsed flags, in first-seen order, and tokens that were not flags. */
  public record ParsedArgs(Map<String, ParsedFlag> flags, List<String> positional) {}

  private ArgParser() {}

  public static ParsedArgs parse(List<String> args, ComponentSpec spec) {
    Map<String, ParsedFlag> flags = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    int i = 0;
    // Skip the executable and wrappers before the first flag (kube-apiserver, hyperkube ...).
    while (i < args.size() && !args.get(i).startsWith("-")) {
      i++;
    }
    boolean flagsEnded = false;
    for (; i < args.size(); i++) {
      String token = args.get(i);
      if (flagsEnded || !token.startsWith("-") || token.equals("-")) {
        positional.add(token);
        continue;
      }
      if (token.equals("--")) {
        flagsEnded = true;
        continue;
      }
      String body = token.startsWith("--") ? token.substring(2) : token.substring(1);
      String name;
      String value;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        name = "--" + body.substring(0, eq);
        value = body.substring(eq + 1);
      } else {
        name = "--" + body;
        FlagType type = spec.typeOf(name);
        boolean takesValue = type != null && type != FlagType.BOOL;
        boolean unknownWithValue = type == null && i + 1 < args.size()
            && !args.get(i + 1).startsWith("-");
        if ((takesValue || unknownWithValue) && i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          value = "true";
        }
      }
      if (name.equals("--")) {
        continue;
      }
      ParsedFlag previous = flags.get(name);
      FlagType type = spec.typeOf(name);
      if (previous != null && (type == FlagType.LIST || type == FlagType.MAP)) {
        value = previous.value().isEmpty() ? value : previous.value() + "," + value;
      }
      flags.put(name, new ParsedFlag(name, value, i));
    }
    return new ParsedArgs(flags, positional);
  }
}
