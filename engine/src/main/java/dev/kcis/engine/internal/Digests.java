package dev.kcis.engine.internal;

import dev.kcis.core.KcisException;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.Sha256;
import dev.kcis.engine.InputDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 digests of the inputs a report stands on (see {@link InputDigest}). */
public final class Digests {

  private Digests() {}

  /** The SHA-256 of {@code bytes}, in lowercase hexadecimal. */
  public static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }


  /** The digest of a file kcis read, read again within the rule-file limit. */
  public static InputDigest file(String kind, Path file) {
    try {
      return new InputDigest(kind, file.toString(),
          sha256(InputFiles.read(file, InputFiles.RULE_FILE_LIMIT)));
    } catch (IOException e) {
      throw new KcisException(file + ": " + InputFiles.problem(e), e);
    }
  }

  /**
   * The digest of a rule pack: of its {@code sha256sum} listing, a line {@code HASH  PATH} per
   * {@code .drl} file and {@code profile.yaml}, paths relative to the pack, sorted.
   */
  public static InputDigest pack(Path dir) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> (p.toString().endsWith(".drl")
          || p.getFileName().toString().equals("profile.yaml") && p.getParent().equals(dir))
          && Files.isRegularFile(p)).map(dir::relativize).sorted((a, b) ->
              a.toString().compareTo(b.toString())).toList();
    } catch (IOException e) {
      throw new KcisException(dir + ": " + InputFiles.problem(e), e);
    }
    StringBuilder listing = new StringBuilder();
    for (Path relative : files) {
      listing.append(file(InputDigest.RULE_PACK, dir.resolve(relative)).sha256()).append("  ")
          .append(relative).append('\n');
    }
    return new InputDigest(InputDigest.RULE_PACK, dir.toString(),
        sha256(listing.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
