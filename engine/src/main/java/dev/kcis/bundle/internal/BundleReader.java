package dev.kcis.bundle.internal;

import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.FactBundle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads bundles from files or text: size limit, strict UTF-8, JSON or YAML, strict decoding. */
public final class BundleReader {

  /** Largest bundle file accepted. */
  public static final long MAX_BYTES = 1024L * 1024 * 1024;

  private BundleReader() {}

  public static FactBundle read(Path file) {
    String origin = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw new BundleException(origin, "", "is a directory, not a bundle file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new BundleException(origin, "", "bundle is " + size + " bytes, over the limit of "
            + MAX_BYTES);
      }
      byte[] bytes = Files.readAllBytes(file);
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new BundleException(origin, "", "not UTF-8 text", e);
      }
      return parse(text, origin);
    } catch (NoSuchFileException e) {
      throw new BundleException(origin, "", "no such file", e);
    } catch (IOException e) {
      throw new BundleException(origin, "", "cannot read: " + e.getMessage(), e);
    }
  }

  /** Decodes a bundle from an already parsed tree (e.g. a bundle inside a test-case file). */
  public static FactBundle decode(LocatedTree tree, String origin) {
    return BundleDecoder.decode(tree, origin);
  }

  public static FactBundle parse(String text, String origin) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return BundleDecoder.decode(TreeLoader.load(text, origin), origin);
  }
}
