package dev.kcis.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes the API objects of a {@link SyntheticCluster} as the YAML a user gives {@code kcis collect
 * manifests}: what {@code kubectl get -A -o yaml} prints (every object with its
 * {@code managedFields}, its {@code last-applied-configuration} annotation and its status) spread
 * over several files, half of them one {@code kind: List} each, half of them streams of
 * {@code ---} documents. Every other ConfigMap holds a large value (a dashboard, a rules
 * file: up to {@value #LARGE_VALUE_MAX} characters), as real clusters' ConfigMaps do; with them,
 * objects average about 31 KB of YAML, the size of the dumps this was made to reproduce (6,360
 * objects in 197 MB over 20 files).
 *
 * <p>The same sizes and seed always give the same bytes. One object is held at a time.
 */
public final class SyntheticManifests {

  /** The longest large ConfigMap value, in characters. */
  static final int LARGE_VALUE_MAX = 560_000;
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final SyntheticCluster cluster;
  private final int objects;
  private final int files;
  private final long seed;

  /**
   * @param objects how many API objects, about (whole namespaces are written); at least 1
   * @param files how many files the objects are spread over, in order; at least 1
   * @param seed the seed of the pseudo-random choices
   */
  public SyntheticManifests(int objects, int files, long seed) {
    if (files < 1) {
      throw new IllegalArgumentException("at least one file");
    }
    this.cluster = new SyntheticCluster(1, objects, seed);
    this.objects = objects;
    this.files = files;
    this.seed = seed;
  }

  /** What was written. */
  public record Written(int files, int objects, long bytes) {}

  /**
   * Writes the files {@code manifests-NN.yaml} into {@code dir} (created if missing; files of
   * those names are replaced).
   */
  public Written write(Path dir) throws IOException {
    Files.createDirectories(dir);
    int perFile = Math.max(1, (objects + files - 1) / files);
    Random random = new Random(seed ^ 0x5eed);
    ObjectMapper json = new ObjectMapper();
    Yaml yaml = yaml();
    FileSet out = new FileSet(dir, perFile);
    try {
      SyntheticCluster.Written written = cluster.objects(object -> {
        String lastApplied = json.writeValueAsString(object);
        decorate(object, lastApplied, random);
        out.write(yaml.dump(object));
      });
      out.close();
      return new Written(out.index + 1, written.objects(), out.bytes);
    } finally {
      out.close();
    }
  }

  /** The files, filled in order: even ones a kubectl {@code List}, odd ones a stream. */
  private final class FileSet {
    private final Path dir;
    private final int perFile;
    private Writer writer;
    private int index = -1;
    private int inFile;
    private long bytes;

    FileSet(Path dir, int perFile) {
      this.dir = dir;
      this.perFile = perFile;
    }

    void write(String document) throws IOException {
      if (writer == null || (inFile >= perFile && index < files - 1)) {
        close();
        index++;
        inFile = 0;
        writer = new BufferedWriter(Files.newBufferedWriter(
            dir.resolve(String.format("manifests-%02d.yaml", index)), StandardCharsets.UTF_8),
            1 << 16);
        if (list()) {
          put("apiVersion: v1\nitems:\n");
        }
      }
      if (list()) {
        // An item of the list: every line indented under "- ", block scalars included.
        String[] lines = document.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          if (i == lines.length - 1 && lines[i].isEmpty()) {
            break;
          }
          put(i == 0 ? "- " : "  ");
          put(lines[i]);
          put("\n");
        }
      } else {
        put("---\n");
        put(document);
      }
      inFile++;
    }

    private boolean list() {
      return index % 2 == 0;
    }

    private void put(String text) throws IOException {
      writer.write(text);
      bytes += text.length(); // the text is ASCII
    }

    void close() throws IOException {
      if (writer != null) {
        if (list()) {
          put("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
        }
        writer.close();
        writer = null;
      }
    }
  }

  /** Adds what the API server adds to an object, and a large value to some ConfigMaps. */
  @SuppressWarnings("unchecked")
  private static void decorate(Map<String, Object> object, String lastApplied, Random random) {
    String kind = (String) object.get("kind");
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    Map<String, Object> body = new LinkedHashMap<>(object);
    body.keySet().removeAll(List.of("apiVersion", "kind", "metadata"));
    if (kind.equals("ConfigMap") && random.nextInt(2) == 0) {
      ((Map<String, Object>) object.get("data")).put("dashboard.json",
          dashboard(random.nextInt(LARGE_VALUE_MAX), random));
    }
    Map<String, Object> annotations = new LinkedHashMap<>();
    annotations.put("deployment.kubernetes.io/revision", String.valueOf(1 + random.nextInt(9)));
    annotations.put(LAST_APPLIED, lastApplied + "\n");
    metadata.put("annotations", annotations);
    metadata.put("creationTimestamp", timestamp(random));
    metadata.put("generation", 1 + random.nextInt(20));
    metadata.put("resourceVersion", String.valueOf(100_000 + random.nextInt(90_000_000)));
    metadata.put("uid", new UUID(random.nextLong(), random.nextLong()).toString());
    List<Object> managed = new ArrayList<>();
    managed.add(managedEntry("kubectl-client-side-apply", object, fields(body), random));
    boolean workload = object.containsKey("spec") && ((Map<String, Object>) object.get("spec"))
        .containsKey("template") || kind.equals("CronJob");
    if (workload) {
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("availableReplicas", 1);
      status.put("conditions", List.of(
          condition("Available", "MinimumReplicasAvailable",
              "Deployment has minimum availability.", random),
          condition("Progressing", "NewReplicaSetAvailable",
              "ReplicaSet \"" + metadata.get("name") + "-" + Long.toHexString(random.nextLong())
                  + "\" has successfully progressed.", random)));
      status.put("observedGeneration", metadata.get("generation"));
      status.put("readyReplicas", 1);
      status.put("replicas", 1);
      status.put("updatedReplicas", 1);
      object.put("status", status);
      Map<String, Object> statusManaged = managedEntry("kube-controller-manager", object,
          Map.of("f:status", fields(status)), random);
      statusManaged.put("subresource", "status");
      managed.add(statusManaged);
    }
    metadata.put("managedFields", managed);
  }

  private static Map<String, Object> managedEntry(String manager, Map<String, Object> object,
      Map<String, Object> fields, Random random) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("apiVersion", object.get("apiVersion"));
    entry.put("fieldsType", "FieldsV1");
    entry.put("fieldsV1", fields);
    entry.put("manager", manager);
    entry.put("operation", "Update");
    entry.put("time", timestamp(random));
    return entry;
  }

  /** The {@code fieldsV1} of a value: its keys as {@code f:KEY}, list items as {@code k:...}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> fields(Object value) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      fields.put(".", new LinkedHashMap<>());
      map.forEach((k, v) -> fields.put("f:" + k, fields(v)));
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> m && m.get("name") != null) {
          fields.put("k:{\"name\":\"" + m.get("name") + "\"}", fields(item));
        } else if (item instanceof Map<?, ?>) {
          fields.put("i:" + fields.size(), fields(item));
        } else {
          fields.put("v:\"" + item + "\"", new LinkedHashMap<>());
        }
      }
    }
    return fields;
  }

  private static Map<String, Object> condition(String type, String reason, String message,
      Random random) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("lastTransitionTime", timestamp(random));
    c.put("lastUpdateTime", timestamp(random));
    c.put("message", message);
    c.put("reason", reason);
    c.put("status", "True");
    c.put("type", type);
    return c;
  }

  private static String timestamp(Random random) {
    return String.format("2026-%02d-%02dT%02d:%02d:%02dZ", 1 + random.nextInt(12),
        1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60));
  }

  /** A Grafana-like dashboard of about {@code length} characters, pretty-printed JSON. */
  private static String dashboard(int length, Random random) {
    StringBuilder text = new StringBuilder(length + 400);
    text.append("{\n  \"title\": \"service overview\",\n  \"panels\": [\n");
    for (int id = 1; text.length() < length; id++) {
      text.append("    {\n      \"id\": ").append(id).append(",\n      \"type\": \"timeseries\",\n")
          .append("      \"title\": \"requests of route ").append(random.nextInt(1000))
          .append("\",\n      \"targets\": [{\"expr\": \"sum(rate(http_requests_total{route=\\\"/")
          .append(Long.toHexString(random.nextLong()))
          .append("\\\"}[5m])) by (code)\", \"legendFormat\": \"{{code}}\"}]\n    },\n");
    }
    text.append("    {\"id\": 0}\n  ]\n}\n");
    return text.toString();
  }

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    Representer representer = new Representer(options) {
      {
        // Multi-line values as literal blocks, as kubectl writes them.
        this.representers.put(String.class, data -> {
          String s = (String) data;
          return representScalar(Tag.STR, s, s.indexOf('\n') >= 0 && s.indexOf('\t') < 0
              ? DumperOptions.ScalarStyle.LITERAL : DumperOptions.ScalarStyle.PLAIN);
        });
      }
    };
    return new Yaml(representer, options);
  }
}
