package dev.kcis.collect.internal;

import dev.kcis.collect.CollectionException;
import dev.kcis.core.internal.InputFiles;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Kubeconfig files checked before the Kubernetes client reads them, so that one that cannot be
 * used is one line naming the file and the place in it, and never the content around it (a
 * kubeconfig holds tokens and keys): too large, not UTF-8, malformed YAML, nested too deep, a
 * YAML bomb (aliases that expand it beyond reason, which make the client run out of memory), a
 * value of the wrong type, a client key that is not one. A PKCS#8 EC client key, which the
 * client takes for RSA, is made usable.
 */
public final class Kubeconfigs {

  /** The largest kubeconfig read: a thousand contexts with their certificates fit in 4 MiB. */
  public static final int MAX_BYTES = 16 << 20;
  /** The largest file a kubeconfig names for a certificate or key. */
  public static final int MAX_CREDENTIAL_FILE_BYTES = 4 << 20;
  static final int MAX_DEPTH = 64;
  static final int MAX_ALIASES = 50;
  /** The most values a kubeconfig may hold once its aliases are expanded. */
  static final long MAX_VALUES = 100_000;

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  /** A quoted character or token name (kept), or anything else quoted (left out). */
  private static final Pattern QUOTED =
      Pattern.compile("'([^']{1,2}|<[^'>]*>)'|'[^']*'|\"([^\"]{1,2}|<[^\">]*>)\"|\"[^\"]*\"");
  private static final Pattern REFERENCE = Pattern.compile("\\[\"([^\"]*)\"]|\\[(\\d+)]");

  private Kubeconfigs() {}

  /**
   * The text of a kubeconfig file, checked.
   *
   * @throws CollectionException naming the file and the place when it cannot be used
   */
  public static String read(Path file) {
    byte[] bytes;
    try {
      // Regular files only: a FIFO named as a kubeconfig must not hang the collection.
      bytes = InputFiles.read(file, MAX_BYTES);
    } catch (InputFiles.TooLargeException e) {
      throw unusable(file, null, "larger than " + Sizes.bytes(MAX_BYTES)
          + ", which no kubeconfig needs");
    } catch (IOException e) {
      throw unusable(file, null, InputFiles.problem(e));
    }
    String text = utf8(file, bytes);
    check(file, text);
    return text;
  }

  /**
   * Checks the kubeconfig files the client reads when none is named: those of
   * {@code $KUBECONFIG}, else {@code ~/.kube/config}, that exist.
   */
  public static void checkDefaults() {
    for (String name : Config.getKubeconfigFilenames()) {
      Path file = Path.of(name);
      if (Files.isRegularFile(file)) {
        read(file);
      }
    }
  }

  /** Decodes strict UTF-8; the place of the first byte that is not. */
  private static String utf8(Path file, byte[] bytes) {
    try {
      return InputFiles.utf8(bytes);
    } catch (InputFiles.NotUtf8Exception e) {
      throw unusable(file, e.place(), "not UTF-8 text");
    }
  }

  /**
   * Reads the YAML's events, without building it: the nesting depth, the number of aliases and
   * the number of values the aliases expand it to are bounded, before the client, which expands
   * every alias, builds it.
   */
  static void check(Path file, String text) {
    LoaderOptions options = options();
    Map<String, Long> anchorSizes = new HashMap<>();
    Set<String> collectionAnchors = new HashSet<>();
    Deque<Object[]> open = new ArrayDeque<>(); // {anchor or null, values before it}
    long values = 0;
    int aliases = 0;
    try {
      for (Event event : new Yaml(options).parse(new StringReader(text))) {
        if (event instanceof ScalarEvent scalar) {
          values++;
          if (scalar.getAnchor() != null) {
            anchorSizes.put(scalar.getAnchor(), 1L);
            collectionAnchors.remove(scalar.getAnchor());
          }
        } else if (event instanceof CollectionStartEvent start) {
          if (open.size() >= MAX_DEPTH) {
            throw unusable(file, place(event.getStartMark()), "nested deeper than " + MAX_DEPTH);
          }
          open.push(new Object[] {start.getAnchor(), values});
          values++;
        } else if (event instanceof CollectionEndEvent) {
          Object[] started = open.pop();
          if (started[0] != null) {
            anchorSizes.put((String) started[0], values - (Long) started[1]);
            collectionAnchors.add((String) started[0]);
          }
        } else if (event instanceof AliasEvent alias) {
          Long size = anchorSizes.get(alias.getAnchor());
          if (size == null) {
            throw unusable(file, place(event.getStartMark()), "an alias to no anchor before it"
                + " (or to the collection it is in)");
          }
          // As the client counts: aliases of collections, which can multiply a document.
          if (collectionAnchors.contains(alias.getAnchor()) && ++aliases > MAX_ALIASES) {
            throw unusable(file, place(event.getStartMark()), "more than " + MAX_ALIASES
                + " aliases of collections");
          }
          values += size;
        }
        if (values > MAX_VALUES) {
          throw unusable(file, place(event.getStartMark()), "its aliases expand it to more than "
              + MAX_VALUES + " values (a YAML bomb?)");
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw unusable(file, mark == null ? null : place(mark), "malformed YAML"
          + (e.getProblem() == null ? "" : ": " + withoutContent(e.getProblem())));
    } catch (YAMLException e) {
      throw unusable(file, null, "malformed YAML");
    }
  }

  /**
   * Why the client could not read a kubeconfig that is well-formed YAML: a value of another type
   * than the kubeconfig format has there. The client's message quotes the value; only the
   * path to it is kept, and its place found in the YAML.
   */
  public static CollectionException shapeError(Path file, String text, RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    int chain = message.indexOf("through reference chain:");
    if (chain < 0 || file == null) {
      return unusable(file, null, "not a kubeconfig the Kubernetes client can read ("
          + e.getClass().getSimpleName() + ")");
    }
    List<Object> path = new ArrayList<>();
    Matcher m = REFERENCE.matcher(message.substring(chain));
    while (m.find()) {
      path.add(m.group(1) != null ? m.group(1) : (Object) Integer.valueOf(m.group(2)));
    }
    StringBuilder name = new StringBuilder();
    for (Object step : path) {
      name.append(step instanceof Integer i ? "[" + i + "]"
          : (name.length() == 0 ? "" : ".") + step);
    }
    Node node = find(text, path);
    return unusable(file, node == null ? null : place(node.getStartMark()),
        name + ": not the type of value a kubeconfig has there");
  }

  /**
   * Checks the client key of the kubeconfig's user, and tells the client its algorithm: the
   * client takes every PKCS#8 key ({@code BEGIN PRIVATE KEY}) for RSA, so an EC one fails.
   *
   * @param file the kubeconfig, or {@code null} when there is none (in a pod)
   */
  public static void checkCredentials(Config config, Path file, String text) {
    String user = config.getCurrentContext() == null
        || config.getCurrentContext().getContext() == null ? null
        : config.getCurrentContext().getContext().getUser();
    checkFile(config.getCaCertFile(), file, text, user, "certificate-authority");
    checkFile(config.getClientCertFile(), file, text, user, "client-certificate");
    checkFile(config.getClientKeyFile(), file, text, user, "client-key");
    byte[] pem;
    String field;
    if (config.getClientKeyData() != null && !config.getClientKeyData().isBlank()) {
      field = "client-key-data";
      try {
        pem = Base64.getMimeDecoder().decode(config.getClientKeyData().trim());
      } catch (IllegalArgumentException e) {
        throw unusableUser(file, text, user, field, "not base64");
      }
    } else if (config.getClientKeyFile() != null && !config.getClientKeyFile().isBlank()) {
      field = "client-key";
      try {
        pem = Files.readAllBytes(Path.of(config.getClientKeyFile())); // size checked above
      } catch (IOException e) {
        throw unusableUser(file, text, user, field, "cannot read " + config.getClientKeyFile());
      }
    } else {
      return;
    }
    Matcher m = PEM.matcher(new String(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw unusableUser(file, text, user, field, "not a PEM private key");
    }
    switch (m.group(1)) {
      case "RSA PRIVATE KEY" -> config.setClientKeyAlgo("RSA");
      case "EC PRIVATE KEY" -> config.setClientKeyAlgo("EC");
      case "PRIVATE KEY" -> {
        byte[] der;
        try {
          der = Base64.getMimeDecoder().decode(m.group(2).trim());
        } catch (IllegalArgumentException e) {
          throw unusableUser(file, text, user, field, "a PEM block that is not base64");
        }
        String algorithm = pkcs8Algorithm(der);
        if (algorithm == null) {
          throw unusableUser(file, text, user, field, "a PKCS#8 key that is neither RSA nor EC,"
              + " the kinds the Kubernetes client can use");
        }
        config.setClientKeyAlgo(algorithm);
      }
      case "ENCRYPTED PRIVATE KEY" -> throw unusableUser(file, text, user, field,
          "an encrypted key, which the Kubernetes client cannot use");
      default -> throw unusableUser(file, text, user, field, "a PEM " + m.group(1)
          + ", not a private key");
    }
  }

  private static String pkcs8Algorithm(byte[] der) {
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return algorithm;
      } catch (java.security.GeneralSecurityException e) {
        // not this one
      }
    }
    return null;
  }

  /** A file the kubeconfig names for a certificate or key must be a regular file, not huge. */
  private static void checkFile(String name, Path file, String text, String user, String field) {
    if (name == null || name.isBlank()) {
      return;
    }
    Path credential = Path.of(name);
    String problem = null;
    try {
      if (!Files.isRegularFile(credential)) {
        problem = Files.exists(credential) ? "is not a regular file" : "does not exist";
      } else if (Files.size(credential) > MAX_CREDENTIAL_FILE_BYTES) {
        problem = "is larger than " + Sizes.bytes(MAX_CREDENTIAL_FILE_BYTES);
      }
    } catch (IOException e) {
      problem = "cannot be read";
    }
    if (problem != null) {
      String what = field + " " + name + " " + problem;
      throw field.equals("certificate-authority") ? unusable(file, null, what)
          : unusableUser(file, text, user, field, what);
    }
  }

  private static CollectionException unusableUser(Path file, String text, String user,
      String field, String problem) {
    Node node = null;
    if (text != null && user != null) {
      List<Object> path = new ArrayList<>(List.of("users"));
      Node users = find(text, path);
      if (users instanceof SequenceNode list) {
        for (int i = 0; i < list.getValue().size() && node == null; i++) {
          Node name = value(list.getValue().get(i), "name");
          if (name instanceof ScalarNode s && s.getValue().equals(user)) {
            node = value(value(list.getValue().get(i), "user"), field);
          }
        }
      }
    }
    return unusable(file, node == null ? null : place(node.getStartMark()),
        (user == null ? "" : "user \"" + user + "\": ") + field + ": " + problem);
  }

  /** The node at a path of keys and indexes in the YAML text, or {@code null}. */
  private static Node find(String text, List<Object> path) {
    Node node;
    try {
      node = new Yaml(options()).compose(new StringReader(text));
    } catch (YAMLException e) {
      return null;
    }
    for (Object step : path) {
      if (step instanceof Integer index) {
        node = node instanceof SequenceNode list && index < list.getValue().size()
            ? list.getValue().get(index) : null;
      } else {
        node = value(node, (String) step);
      }
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static Node value(Node node, String key) {
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return tuple.getValueNode();
        }
      }
    }
    return null;
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_BYTES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  private static String place(Mark mark) {
    return (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
  }

  /**
   * A YAML parser's problem without what it quotes from the file: it quotes a character
   * ({@code ','}, {@code '\t'}) or a token's name ({@code <stream end>}); anything longer
   * quoted may be the file's content and is left out.
   */
  static String withoutContent(String problem) {
    Matcher quoted = QUOTED.matcher(problem);
    StringBuilder out = new StringBuilder();
    while (quoted.find()) {
      boolean token = quoted.group(1) != null || quoted.group(2) != null;
      quoted.appendReplacement(out, token ? "$0" : "'...'");
    }
    quoted.appendTail(out);
    return ApiRequests.oneLine(out.toString());
  }

  private static CollectionException unusable(Path file, String place, String problem) {
    return new CollectionException("cannot use the kubeconfig"
        + (file == null ? "" : " " + file + (place == null ? "" : ":" + place)) + ": " + problem);
  }
}
