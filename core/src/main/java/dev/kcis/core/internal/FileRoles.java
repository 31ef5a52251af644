package dev.kcis.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The roles of the node files the collectors record, read from {@code file-roles.txt} (the one
 * list the lint and the collectors' tests share), so that a rule naming a role no collector
 * writes can be told.
 */
public final class FileRoles {

  private static final String RESOURCE = "/dev/kcis/core/file-roles.txt";
  private static final Set<String> KNOWN = load();

  private FileRoles() {}

  /** Every role a collector records, in the order of the list. */
  public static Set<String> known() {
    return KNOWN;
  }

  private static Set<String> load() {
    try (InputStream in = FileRoles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("file-roles.txt is missing from the kcis-core jar");
      }
      Set<String> roles = new LinkedHashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String role = line.strip();
        if (!role.isEmpty() && !role.startsWith("#")) {
          roles.add(role);
        }
      }
      return Collections.unmodifiableSet(roles);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
