package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.TreeLoader;
import dev.kcis.collect.ManifestException;
import dev.kcis.collect.internal.StructuredText.LocatedDocument;
import dev.kcis.collect.internal.StructuredText.MalformedException;
import dev.kcis.collect.internal.StructuredText.Position;
import dev.kcis.core.internal.ApiKinds;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.Version;
import dev.kcis.facts.KubeObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One collection from manifest files: every API object of the files and directories given
 * ({@code kubectl get -o yaml|json} output with its {@code List}s, multi-document YAML, plain
 * manifests), each with the file and line it starts on. A file that cannot be read or parsed, or a
 * document of a file named on its own that is not an API object, stops the collection: the input
 * is not what it claims to be. In a directory, what is not an API object (a kustomization, a Helm
 * chart, values files) is skipped with a note in the bundle. An object defined twice is a
 * collection error of its kind; an object without a namespace gets the one given (as
 * {@code kubectl apply -n}), else {@code default} is assumed and noted.
 */
public final class ManifestScan {

  /** The collector's name in bundle metadata. */
  public static final String COLLECTOR = "kcis collect manifests";

  /** The kustomize configuration files, which are no API objects. */
  private static final Set<String> KUSTOMIZATIONS = Set.of("kustomization.yaml",
      "kustomization.yml", "Kustomization");
  private static final String KUSTOMIZE_GROUP = "kustomize.config.k8s.io/";
  /** How many objects a note on assumed namespaces names before it counts the rest. */
  private static final int NAMED_IN_NOTE = 5;

  private final ApiEvidence evidence = new ApiEvidence();
  private final long maxFileBytes;
  private final String namespace;
  private final List<FactBundle.Issue> errors = new ArrayList<>();
  private final List<FactBundle.Note> notes = new ArrayList<>();
  /** Per file, the objects that name no namespace and were assumed in default. */
  private final Map<String, List<String>> assumed = new LinkedHashMap<>();

  private ManifestScan(long maxFileBytes, String namespace) {
    this.maxFileBytes = maxFileBytes;
    this.namespace = namespace;
  }

  /**
   * Collects the objects of {@code paths}: files of any name, and directories, whose
   * {@code *.yaml}, {@code *.yml} and {@code *.json} files are read recursively in name order
   * (hidden ones skipped).
   *
   * @param maxFileBytes the largest file read; a larger one is refused before it is read
   * @param namespace the namespace of objects that name none, as {@code kubectl apply -n} gives
   *     it, or {@code null}: {@code default} is then assumed, and noted
   * @throws ManifestException for a path that does not exist, a file that cannot be read or
   *     parsed (or is not a regular file, or is over the limit), or a document of a file given
   *     on its own that is not a Kubernetes API object
   */
  public static FactBundle collect(List<Path> paths, long maxFileBytes, String namespace) {
    ManifestScan scan = new ManifestScan(maxFileBytes, namespace);
    List<Path> charts = new ArrayList<>();
    for (Path file : files(paths)) {
      boolean walked = !paths.contains(file);
      Path chart = walked ? chartOf(file, paths) : null;
      if (chart != null) {
        if (!charts.contains(chart)) {
          charts.add(chart);
          scan.notes.add(new FactBundle.Note(chart.toString(), "a Helm chart (Chart.yaml): its "
              + "files are templates and values, not manifests; skipped (give the output of "
              + "helm template instead)"));
        }
        continue;
      }
      scan.read(file, walked);
    }
    scan.noteAssumedNamespaces();
    ApiEvidence evidence = scan.evidence;
    FactBundle.Metadata metadata = new FactBundle.Metadata(
        new FactBundle.Collector(COLLECTOR, Version.get()),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    String platform = evidence.has("ConfigMap", "kube-system", "kubeadm-config") ? "kubeadm" : null;
    return new FactBundle(String.join(", ", paths.stream().map(Path::toString).toList()), metadata,
        new FactBundle.Cluster(null, evidence.apiServerVersion(), platform), evidence.nodes(),
        evidence.objects(), evidence.locations(), List.of(), scan.errors, scan.notes);
  }

  /** The Helm chart directory (one holding Chart.yaml) a walked file lies in, or null. */
  private static Path chartOf(Path file, List<Path> roots) {
    for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("Chart.yaml"))) {
        return dir;
      }
      if (roots.contains(dir)) {
        return null;
      }
    }
    return null;
  }

  private void noteAssumedNamespaces() {
    assumed.forEach((file, targets) -> notes.add(new FactBundle.Note(file, targets.size()
        + (targets.size() == 1 ? " object names" : " objects name") + " no metadata.namespace: "
        + "assumed default, where kubectl apply without -n puts it (give --namespace NS if the "
        + "file is applied with -n NS): " + String.join(", ", targets.subList(0,
            Math.min(NAMED_IN_NOTE, targets.size())))
        + (targets.size() > NAMED_IN_NOTE ? " and " + (targets.size() - NAMED_IN_NOTE) + " more"
            : ""))));
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

  /**
   * Reads one file's objects.
   *
   * @param walked true when the file was found in a directory given: documents that are not API
   *     objects are then skipped with a note, not refused
   */
  private void read(Path file, boolean walked) {
    String name = file.toString();
    if (KUSTOMIZATIONS.contains(file.getFileName().toString())) {
      notes.add(new FactBundle.Note(name, "a kustomize configuration, not an API object: skipped "
          + "(the objects it names are read as they are in their files; give the output of "
          + "kustomize build to judge what it renders)"));
      return;
    }
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
      Position at = document.position();
      String skipped = notAnObject(document.value());
      if (skipped != null && (walked || skipped.startsWith("a kustomize"))) {
        notes.add(new FactBundle.Note(name + ":" + at.line(), skipped + ": skipped"));
        continue;
      }
      keepAll(name, object(name, document.value(), at), at, document.items());
    }
  }

  /** Why a document is no API object that a directory of manifests can leave out, or null. */
  private static String notAnObject(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      return "not a Kubernetes API object (" + describe(value) + ")";
    }
    if (map.get("apiVersion") instanceof String apiVersion
        && apiVersion.startsWith(KUSTOMIZE_GROUP)) {
      return "a kustomize configuration (" + apiVersion + "), not an API object";
    }
    for (String field : List.of("apiVersion", "kind")) {
      if (!(map.get(field) instanceof String s) || s.isBlank()) {
        return "not a Kubernetes API object: no " + field;
      }
    }
    return null;
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
    String kind = (String) object.get("kind");
    Map<String, Object> metadata = ApiEvidence.map(object.get("metadata"));
    String location = file + ":" + at.line();
    if (ApiKinds.isNamespaced(kind) && !(metadata.get("namespace") instanceof String ns
        && !ns.isEmpty())) {
      if (namespace != null) {
        metadata.put("namespace", namespace);
      } else {
        // Left unset in the bundle, which shows what the file says; judged as in default.
        assumed.computeIfAbsent(file, f -> new ArrayList<>()).add(KubeObject.targetOf(kind,
            "default", (String) metadata.get("name")) + " (line " + at.line() + ")");
      }
    }
    String apiVersion = (String) object.get("apiVersion");
    Map<String, Object> earlier = evidence.kept(object);
    if (earlier != null && ApiKinds.invalidWorkload(kind, earlier) == null
        && ApiKinds.invalidWorkload(kind, object) != null) {
      // A later definition without containers is a patch of the earlier one: keeping the whole
      // object keeps its findings; the duplicate still makes the kind's evidence ambiguous.
      String target = KubeObject.targetOf(kind, ApiKinds.isNamespaced(kind)
          ? (String) ApiEvidence.map(earlier.get("metadata")).get("namespace") : null,
          (String) metadata.get("name"));
      duplicate(kind, target, evidence.locations().getOrDefault(target, "an earlier object"),
          location, "the earlier one is kept: the later one holds no containers (a patch)",
          String.valueOf(earlier.get("apiVersion")), apiVersion);
      return;
    }
    ApiEvidence.Replaced replaced = evidence.keep(object, location);
    if (replaced != null && sameObject(replaced.object(), object)) {
      notes.add(new FactBundle.Note(replaced.target(), "defined twice, the same both times: at "
          + replaced.location() + " and at " + location));
    } else if (replaced != null) {
      duplicate(kind, replaced.target(), replaced.location(), location, "the later one is kept, "
          + "as applying the files in order would leave it",
          String.valueOf(replaced.object().get("apiVersion")), apiVersion);
    }
  }

  /** True when two kept objects say the same, one naming the namespace the other leaves out. */
  private static boolean sameObject(Map<String, Object> a, Map<String, Object> b) {
    return withoutNamespace(a).equals(withoutNamespace(b));
  }

  private static Map<String, Object> withoutNamespace(Map<String, Object> object) {
    Map<String, Object> copy = new LinkedHashMap<>(object);
    Map<String, Object> metadata = new LinkedHashMap<>(ApiEvidence.map(object.get("metadata")));
    metadata.remove("namespace");
    copy.put("metadata", metadata);
    return copy;
  }

  /** Records an object defined twice: a collection error of its kind, naming both places. */
  private void duplicate(String kind, String target, String first, String second, String kept,
      String firstVersion, String secondVersion) {
    String versions = firstVersion.equals(secondVersion) ? ""
        : " (as " + firstVersion + " and " + secondVersion + ")";
    errors.add(new FactBundle.Issue(target, "defined twice" + versions + ": at " + first
        + " and at " + second + "; " + kept + ", and the evidence for this object is ambiguous "
        + "(a kustomize base and its patch? give the output of kustomize build)", null, kind));
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
    return value == null ? "nothing" : value instanceof List<?> ? "a list" : value instanceof String ? "a string"
        : value instanceof Boolean ? "a boolean" : "a number";
  }
}
