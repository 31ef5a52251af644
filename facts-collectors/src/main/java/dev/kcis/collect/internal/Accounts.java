package dev.kcis.collect.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;

/**
 * User and group names of the node, from its own {@code /etc/passwd} and {@code /etc/group}: the
 * names a file's owner has on the node, never on the collecting machine.
 */
final class Accounts {

  private static final int LIMIT = 8 * 1024 * 1024;

  private final Map<Long, String> users;
  private final Map<Long, String> groups;

  private Accounts(Map<Long, String> users, Map<Long, String> groups) {
    this.users = users;
    this.groups = groups;
  }

  /** Reads both files; a file that cannot be read leaves its names unknown and is reported. */
  static Accounts read(NodeFs fs, Issues issues) {
    return new Accounts(names(fs, "/etc/passwd", 2, issues), names(fs, "/etc/group", 2, issues));
  }

  /** The owner's name, or {@code null} when the node does not list the id. */
  String user(long uid) {
    return users.get(uid);
  }

  /** The group's name, or {@code null} when the node does not list the id. */
  String group(long gid) {
    return groups.get(gid);
  }

  /** {@code name:password:id:...} lines; the first entry for an id wins, as getpwuid(3) does. */
  static Map<Long, String> parse(String text, int idField) {
    Map<Long, String> names = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split(":", -1);
      if (fields.length <= idField || fields[0].isEmpty()) {
        continue;
      }
      try {
        names.putIfAbsent(Long.parseLong(fields[idField].trim()), fields[0]);
      } catch (NumberFormatException e) {
        // A malformed line names nobody; the C library skips it too.
      }
    }
    return names;
  }

  private static Map<Long, String> names(NodeFs fs, String path, int idField, Issues issues) {
    try {
      return parse(new String(fs.read(path, LIMIT), StandardCharsets.UTF_8), idField);
    } catch (NoSuchFileException e) {
      issues.add(path, null, "no such file: owner and group names cannot be resolved");
    } catch (IOException e) {
      issues.add(path, null, Problems.describe(e)
          + ": owner and group names cannot be resolved");
    }
    return Map.of();
  }
}
