package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.TreeLoader;
import dev.kcis.collect.ManifestException;
import dev.kcis.collect.internal.StructuredText.LocatedDocument;
import dev.kcis.collect.internal.StructuredText.MalformedException;
import dev.kcis.collect.internal.StructuredText.Position;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.internal.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One collection from manifest files: every API object of the files and directories given
 * ({@code kubectl get -o yaml|json} output with its {@code List}s, multi-document YAML, plain
 * manifests), each with the file and line it starts on. A file that cannot be read or parsed, or a
 * document that is not an API object, stops the collection: the input is not what it claims to be.
 */
public final class ManifestScan {

  /** The collector's name in bundle metadata. */
  public static final String COLLECTOR = "kcis collect manifests";

  private final ApiEvidence evidence = new ApiEvidence();
  private final long maxFileBytes;

  private ManifestScan(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * Collects the objects of {@code paths}: files of any name, and directories, whose
   * {@code *.yaml}, {@code *.yml} and {@code *.json} files are read recursively in name order
   * (hidden ones skipped).
   *
   * @param maxFileBytes the largest file read; a larger one is refused before it is read
   * @throws ManifestException for a path that does not exist, a file that cannot be read or
   *     parsed (or is not a regular file, or is over the limit), or a document that is not a
   *     Kubernetes API object
   */
  public static FactBundle collect(List<Path> paths, long maxFileBytes) {
    ManifestScan scan = new ManifestScan(maxFileBytes);
    for (Path file : files(paths)) {
      scan.read(file);
    }
    ApiEvidence evidence = scan.evidence;
    FactBundle.Metadata metadata = new FactBundle.Metadata(
        new FactBundle.Collector(COLLECTOR, ComplianceEngine.version()),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    String platform = evidence.has("ConfigMap", "kube-system", "kubeadm-config") ? "kubeadm" : null;
    return new FactBundle(String.join(", ", paths.stream().map(Path::toString).toList()), metadata,
        new FactBundle.Cluster(null, evidence.apiServerVersion(), platform), evidence.nodes(),
        evidence.objects(), evidence.locations(), List.of(), List.of());
  }

  static List<Path> files(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          // Not only regular files: a FIFO or device named like a manifest is reported.
          walk.filter(p -> isManifestName(p) && !Files.isDirectory(p) && !hidden(path, p))
              .sorted().forEach(files::add);
        } catch (IOException e) {
          throw new ManifestException(path.toString(), 0, 0, "cannot read the directory: "
              + Problems.describe(e));
        }
      } else if (Files.exists(path)) {
        files.add(path);
      } else {
        throw new ManifestException(path.toString(), 0, 0, "no such file or directory");
      }
    }
    return files;
  }

  private static boolean isManifestName(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /** True when a file under {@code dir} is hidden or in a hidden directory ({@code .git}). */
  private static boolean hidden(Path dir, Path file) {
    for (Path part : dir.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private void read(Path file) {
    String name = file.toString();
    String text;
    try {
      text = InputFiles.utf8(InputFiles.read(file, maxFileBytes));
    } catch (InputFiles.NotUtf8Exception e) {
      throw new ManifestException(name, e.line(), e.column(), "not UTF-8 text");
    } catch (InputFiles.NotRegularFileException | InputFiles.TooLargeException e) {
      throw new ManifestException(name, 0, 0, e.getReason(), e);
    } catch (IOException e) {
      throw new ManifestException(name, 0, 0, "cannot read: " + Problems.describe(e));
    }
    List<LocatedDocument> documents;
    try {
      // The text's size was bounded as it was read: the YAML limit is the text's own length.
      documents = StructuredText.locatedDocuments(text, file.getFileName().toString(),
          Math.max(TreeLoader.MAX_YAML_CODE_POINTS, text.length() + 1));
    } catch (MalformedException e) {
      Position at = e.position();
      throw new ManifestException(name, at == null ? 0 : at.line(), at == null ? 0 : at.column(),
          e.getMessage());
    }
    for (LocatedDocument document : documents) {
      keepAll(name, object(name, document.value(), document.position()), document.position(),
          document.items());
    }
  }

  /**
   * Keeps an object, or each item of a list, however deeply lists nest ({@code kind: List}
   * inside a {@code List}): every item is kept, and scrubbed, as an object of its own.
   *
   * @param itemPositions where each item starts, when known (for the document's own list)
   */
  private void keepAll(String file, Map<String, Object> object, Position at,
      List<Position> itemPositions) {
    String kind = (String) object.get("kind");
    if (!(kind.endsWith("List") && object.get("items") instanceof List<?> items)) {
      keep(file, object, at);
      return;
    }
    // kubectl's kind: List carries typed items; an API list (PodList) leaves their type out.
    String itemKind = kind.equals("List") ? null : kind.substring(0, kind.length() - 4);
    for (int i = 0; i < items.size(); i++) {
      Position itemAt = i < itemPositions.size() ? itemPositions.get(i) : at;
      if (itemKind != null && items.get(i) instanceof Map<?, ?>) {
        Map<String, Object> item = ApiEvidence.map(items.get(i));
        item.putIfAbsent("kind", itemKind);
        item.putIfAbsent("apiVersion", object.get("apiVersion"));
      }
      keepAll(file, object(file, items.get(i), itemAt), itemAt, List.of());
    }
  }

  private void keep(String file, Map<String, Object> object, Position at) {
    evidence.keep(object, file + ":" + at.line());
  }

  /** The document as an API object; anything else is invalid input, reported where it starts. */
  private static Map<String, Object> object(String file, Object value, Position at) {
    if (!(value instanceof Map<?, ?>)) {
      throw new ManifestException(file, at.line(), at.column(), "expected a Kubernetes API "
          + "object (a mapping with apiVersion, kind and metadata), found " + describe(value));
    }
    Map<String, Object> object = ApiEvidence.map(value);
    for (String field : List.of("apiVersion", "kind")) {
      if (!(object.get(field) instanceof String s) || s.isBlank()) {
        throw new ManifestException(file, at.line(), at.column(),
            "not a Kubernetes API object: no " + field);
      }
    }
    if (FactBundle.KIND.equals(object.get("kind"))
        && FactBundle.API_VERSION.equals(object.get("apiVersion"))) {
      throw new ManifestException(file, at.line(), at.column(), "a kcis fact bundle, not a "
          + "manifest: give it to kcis eval (is an earlier --out inside a directory given?)");
    }
    boolean list = ((String) object.get("kind")).endsWith("List")
        && object.get("items") instanceof List<?>;
    if (!list && !(ApiEvidence.map(object.get("metadata")).get("name") instanceof String name
        && !name.isBlank())) {
      throw new ManifestException(file, at.line(), at.column(), object.get("kind")
          + " object has no metadata.name");
    }
    return object;
  }

  private static String describe(Object value) {
    return value instanceof List<?> ? "a list" : value instanceof String ? "a string"
        : value instanceof Boolean ? "a boolean" : "a number";
  }
}
