package dev.kcis.collect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fake secret material planted in a sample node root: every line of every PEM block, every
 * value of a credential field in a kubeconfig or config file, and the content of token files. A
 * bundle collected from the root must contain none of them.
 */
public final class FakeSecrets {

  private static final Pattern CREDENTIAL_FIELD = Pattern.compile(
      "^\\s*-?\\s*(token|secret|client-key-data|client-certificate-data|"
          + "certificate-authority-data):\\s*(\\S{6,})\\s*$", Pattern.MULTILINE);
  /** A credential passed to etcd in its pod's environment. */
  private static final Pattern CREDENTIAL_ENV = Pattern.compile(
      "name:\\s*ETCD_\\w*(?:TOKEN|PASSWORD|SECRET)\\w*\\s*\\n\\s*value:\\s*(\\S+)");

  private FakeSecrets() {}

  public static Set<String> in(Path root) throws IOException {
    Set<String> secrets = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text;
        try {
          text = StandardCharsets.UTF_8.newDecoder().decode(
              ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
          continue;
        }
        boolean inPem = false;
        for (String line : text.split("\n")) {
          if (line.startsWith("-----BEGIN")) {
            inPem = true;
          } else if (line.startsWith("-----END")) {
            inPem = false;
          } else if (inPem && !line.isBlank()) {
            secrets.add(line.strip());
          }
        }
        Matcher field = CREDENTIAL_FIELD.matcher(text);
        while (field.find()) {
          secrets.add(field.group(2));
        }
        Matcher env = CREDENTIAL_ENV.matcher(text);
        while (env.find()) {
          secrets.add(env.group(1));
        }
        if (file.getFileName().toString().equals("token")) {
          secrets.add(text.strip());
        }
      }
    }
    secrets.remove("<redacted>");
    return secrets;
  }
}
