package dev.kcis.collect.internal;

import dev.kcis.bundle.FactBundle;
import dev.kcis.bundle.internal.ObjectScrubber;
import dev.kcis.bundle.internal.TreeLoader;
import dev.kcis.collect.ManifestException;
import dev.kcis.collect.internal.StructuredText.LocatedDocument;
import dev.kcis.collect.internal.StructuredText.MalformedException;
import dev.kcis.collect.internal.StructuredText.Position;
import dev.kcis.core.internal.ApiKinds;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.Version;
import dev.kcis.facts.KubeObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    // What to do, in order: a note on a chart skipped, or a file to read (true when walked).
    List<Object> steps = new ArrayList<>();
    List<Path> parsed = new ArrayList<>();
    for (Path file : files(paths)) {
      boolean walked = !paths.contains(file);
      Path chart = walked ? chartOf(file, paths) : null;
      if (chart != null) {
        if (!charts.contains(chart)) {
          charts.add(chart);
          steps.add(new FactBundle.Note(chart.toString(), "a Helm chart (Chart.yaml): its "
              + "files are templates and values, not manifests; skipped (give the output of "
              + "helm template instead)"));
        }
        continue;
      }
      steps.add(Map.entry(file, walked));
      if (!KUSTOMIZATIONS.contains(file.getFileName().toString())) {
        parsed.add(file);
      }
    }
    try (FilesAhead ahead = scan.new FilesAhead(parsed)) {
      for (Object step : steps) {
        if (step instanceof FactBundle.Note note) {
          scan.notes.add(note);
        } else {
          @SuppressWarnings("unchecked")
          Map.Entry<Path, Boolean> file = (Map.Entry<Path, Boolean>) step;
          scan.read(file.getKey(), file.getValue(), ahead);
        }
      }
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
   * Keeps one file's objects, parsed ahead by {@code ahead}.
   *
   * @param walked true when the file was found in a directory given: documents that are not API
   *     objects are then skipped with a note, not refused
   */
  private void read(Path file, boolean walked, FilesAhead ahead) {
    String name = file.toString();
    if (KUSTOMIZATIONS.contains(file.getFileName().toString())) {
      notes.add(new FactBundle.Note(name, "a kustomize configuration, not an API object: skipped "
          + "(the objects it names are read as they are in their files; give the output of "
          + "kustomize build to judge what it renders)"));
      return;
    }
    ahead.keep(file, new FileKeeper(name, walked));
  }

  /**
   * Keeps the documents of one file in order. A document refused is reported once the whole file
   * has parsed, so that a file that is not UTF-8 or not YAML is reported as such first, as when a
   * file was read whole before it was parsed.
   */
  private final class FileKeeper {
    private final String name;
    private final boolean walked;
    private ManifestException refused;

    FileKeeper(String name, boolean walked) {
      this.name = name;
      this.walked = walked;
    }

    void accept(LocatedDocument document) {
      if (refused == null) {
        try {
          take(name, document, walked);
        } catch (ManifestException e) {
          refused = e;
        }
      }
    }

    void finish() {
      if (refused != null) {
        throw refused;
      }
    }
  }

  /** How many files are parsed at once, at most (each holds its documents not yet kept). */
  private static final int MAX_WORKERS = 4;
  /** How many parsed documents of a file wait to be kept, at most. */
  private static final int QUEUED_DOCUMENTS = 16;

  /** The end of a file's documents, with the problem that ended it, if any. */
  private record End(Throwable failure) {}

  /** A worker stopped because the collection ended. */
  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Parses the files to read on worker threads, one file each, in order, while this thread keeps
   * the objects of the files before them: parsing is most of the time a large manifest set
   * takes, and files are independent until their objects are kept. Objects are kept in file
   * order, by one thread, so the bundle is the same as when the files are read one after another;
   * a problem is reported for the first file that has one. Memory is bounded: a worker waits when
   * {@value #QUEUED_DOCUMENTS} documents of its file wait to be kept. With one processor or one
   * file, files are parsed on the keeping thread.
   */
  private final class FilesAhead implements AutoCloseable {
    private final ExecutorService pool;
    private final List<BlockingQueue<Object>> queues = new ArrayList<>();
    private int next;

    FilesAhead(List<Path> files) {
      int workers = Math.min(MAX_WORKERS,
          Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
      if (workers < 2) {
        pool = null;
        return;
      }
      pool = Executors.newFixedThreadPool(workers, task -> {
        Thread thread = new Thread(task, "kcis-manifests");
        thread.setDaemon(true);
        return thread;
      });
      for (Path file : files) {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_DOCUMENTS);
        queues.add(queue);
        pool.execute(() -> parseInto(file, queue));
      }
    }

    /** Keeps the documents of the next file parsed (files are kept in the order given). */
    void keep(Path file, FileKeeper keeper) {
      if (pool == null) {
        parse(file, keeper::accept);
        keeper.finish();
        return;
      }
      BlockingQueue<Object> queue = queues.get(next++);
      while (true) {
        Object item;
        try {
          item = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ManifestException(file.toString(), 0, 0, "interrupted");
        }
        if (item instanceof End end) {
          if (end.failure() instanceof RuntimeException e) {
            throw e;
          }
          if (end.failure() instanceof Error e) {
            throw e;
          }
          if (end.failure() != null) {
            throw new IllegalStateException(end.failure());
          }
          keeper.finish();
          return;
        }
        keeper.accept((LocatedDocument) item);
      }
    }

    private void parseInto(Path file, BlockingQueue<Object> queue) {
      Throwable failure = null;
      try {
        parse(file, document -> put(queue, document));
      } catch (Cancelled e) {
        return;
      } catch (Throwable e) { // an OutOfMemoryError too: the keeping thread waits for an end
        failure = e;
      }
      try {
        queue.put(new End(failure));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void put(BlockingQueue<Object> queue, Object item) {
      try {
        queue.put(item);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancelled();
      }
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /**
   * Parses one file, handing its documents to {@code sink} one at a time as they are read (of a
   * {@code kind: List}, the whole list); touches nothing of the scan but its settings, so that
   * files can be parsed on other threads.
   *
   * @throws ManifestException when the file cannot be read (not a regular file, over the limit,
   *     not UTF-8) or parsed
   */
  private void parse(Path file, StructuredText.DocumentSink sink) {
    String name = file.toString();
    try (Utf8FileReader reader = Utf8FileReader.open(file, maxFileBytes)) {
      try {
        // The file's size was bounded before it was read: the YAML limit is that bound.
        StructuredText.locatedDocuments(reader, file.getFileName().toString(),
            (int) Math.max(TreeLoader.MAX_YAML_CODE_POINTS, maxFileBytes + 1),
            () -> severalDocuments(file), ManifestScan::dropUnkept, sink);
      } catch (MalformedException e) {
        reader.transferTo(Writer.nullWriter()); // text that is not UTF-8 is named as such first
        Position at = e.position();
        throw new ManifestException(name, at == null ? 0 : at.line(),
            at == null ? 0 : at.column(), e.getMessage());
      }
    } catch (StructuredText.ReadFailure e) {
      throw unreadable(name, e.getCause());
    } catch (IOException e) {
      throw unreadable(name, e);
    }
  }

  /**
   * Drops, as soon as a value is parsed, what {@link ApiEvidence#keep} removes from every object
   * at any depth and nothing reads before: {@code managedFields}, the last-applied annotation,
   * the data of Secrets and of ConfigMaps (but {@code kube-proxy}'s, which keep reads first).
   * A {@code kind: List} names its kind after its items, so its items are held until it ends:
   * this keeps them as small as they will be kept.
   */
  @SuppressWarnings("unchecked")
  static void dropUnkept(Object value) {
    if (value instanceof List<?> list) {
      list.forEach(ManifestScan::dropUnkept);
      return;
    }
    if (!(value instanceof Map<?, ?> raw)) {
      return;
    }
    Map<String, Object> map = (Map<String, Object>) raw;
    Object kind = map.get("kind");
    Map<?, ?> metadata = map.get("metadata") instanceof Map<?, ?> m ? m : null;
    if ("Secret".equals(kind)) {
      map.remove("data");
      map.remove("stringData");
    } else if ("ConfigMap".equals(kind)
        && !(metadata != null && "kube-proxy".equals(metadata.get("name")))) {
      map.remove("data");
      map.remove("binaryData");
    }
    if (metadata != null) {
      metadata.remove("managedFields");
      if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
        annotations.remove(ObjectScrubber.LAST_APPLIED);
      }
    }
    map.values().forEach(ManifestScan::dropUnkept);
  }

  private void take(String name, LocatedDocument document, boolean walked) {
    Position at = document.position();
    String skipped = notAnObject(document.value());
    if (skipped != null && (walked || skipped.startsWith("a kustomize"))) {
      notes.add(new FactBundle.Note(name + ":" + at.line(), skipped + ": skipped"));
      return;
    }
    keepAll(name, object(name, document.value(), at), at, document.items());
  }

  private static ManifestException unreadable(String name, IOException e) {
    if (e instanceof Utf8FileReader.NotUtf8Exception notUtf8) {
      return new ManifestException(name, notUtf8.line(), notUtf8.column(), "not UTF-8 text");
    }
    if (e instanceof InputFiles.NotRegularFileException
        || e instanceof InputFiles.TooLargeException) {
      return new ManifestException(name, 0, 0, ((FileSystemException) e).getReason(), e);
    }
    return new ManifestException(name, 0, 0, "cannot read: " + Problems.describe(e));
  }

  /**
   * Whether a file holds a {@code ---} document separator, read again (only to name the
   * document a problem is in); false when it cannot be.
   */
  private boolean severalDocuments(Path file) {
    // Byte by byte (ISO-8859-1): the separator is ASCII, the rest need not be valid text.
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        new BoundedInput(Files.newInputStream(file), maxFileBytes),
        StandardCharsets.ISO_8859_1))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("---") && (line.length() == 3 || line.charAt(3) == ' '
            || line.charAt(3) == '\t')) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** At most {@code limit} bytes of a stream. */
  private static final class BoundedInput extends java.io.FilterInputStream {
    private long left;

    BoundedInput(java.io.InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      left--;
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
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
