package dev.kcis.bundle.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcis.bundle.FactBundle;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes bundles as indented JSON in the documented field order, leaving out empty fields. A number
 * out of the range of {@link NumberLimits} (possible only in a bundle built in code) is written as
 * its text in scientific notation, so that every bundle written reads back.
 */
public final class BundleWriter {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private BundleWriter() {}

  public static void write(FactBundle bundle, OutputStream out) throws IOException {
    MAPPER.writeValue(out, toTree(bundle));
    out.write('\n');
    out.flush();
  }

  static ObjectNode toTree(FactBundle bundle) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("apiVersion", FactBundle.API_VERSION);
    root.put("kind", FactBundle.KIND);
    ObjectNode metadata = root.putObject("metadata");
    if (bundle.metadata().collector() != null) {
      ObjectNode collector = metadata.putObject("collector");
      put(collector, "name", bundle.metadata().collector().name());
      put(collector, "version", bundle.metadata().collector().version());
    }
    if (bundle.metadata().collectedAt() != null) {
      metadata.put("collectedAt", bundle.metadata().collectedAt().toString());
    }
    FactBundle.Cluster cluster = bundle.cluster();
    if (cluster.name() != null || cluster.kubernetesVersion() != null || cluster.platform() != null) {
      ObjectNode c = root.putObject("cluster");
      put(c, "name", cluster.name());
      put(c, "kubernetesVersion", cluster.kubernetesVersion());
      put(c, "platform", cluster.platform());
      if (!cluster.platformEvidence().isEmpty()) {
        ArrayNode why = c.putArray("platformEvidence");
        cluster.platformEvidence().forEach(why::add);
      }
    }
    if (!bundle.nodes().isEmpty()) {
      ArrayNode nodes = root.putArray("nodes");
      for (FactBundle.Node node : bundle.nodes()) {
        nodes.add(node(node));
      }
    }
    if (!bundle.objects().isEmpty()) {
      ArrayNode objects = root.putArray("objects");
      for (Map<String, Object> object : bundle.objects()) {
        objects.add(bounded(MAPPER.valueToTree(object)));
      }
    }
    if (!bundle.objectLocations().isEmpty()) {
      ObjectNode locations = root.putObject("objectLocations");
      bundle.objectLocations().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> locations.put(e.getKey(), e.getValue()));
    }
    if (!bundle.inventory().isEmpty()) {
      ArrayNode inventory = root.putArray("inventory");
      for (FactBundle.InventoryEntry entry : bundle.inventory()) {
        inventory.addObject().put("kind", entry.kind()).put("count", entry.count());
      }
    }
    issues(root, bundle.errors());
    if (!bundle.notes().isEmpty()) {
      ArrayNode notes = root.putArray("notes");
      for (FactBundle.Note note : bundle.notes()) {
        notes.addObject().put("item", note.item()).put("message", note.message());
      }
    }
    return root;
  }

  private static ObjectNode node(FactBundle.Node node) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", node.name());
    strings(n, "roles", node.roles());
    if (!node.components().isEmpty()) {
      ArrayNode components = n.putArray("components");
      for (FactBundle.Component component : node.components()) {
        components.add(component(component));
      }
    }
    if (!node.files().isEmpty()) {
      ArrayNode files = n.putArray("files");
      for (FactBundle.FileStat file : node.files()) {
        ObjectNode f = files.addObject();
        f.put("path", file.path());
        put(f, "role", file.role());
        put(f, "component", file.component());
        put(f, "via", file.via());
        if (file.missing()) {
          f.put("missing", true);
        }
        put(f, "type", file.type());
        if (file.mode() != null) {
          f.put("mode", String.format("%04o", file.mode()));
        }
        if (file.uid() != null) {
          f.put("uid", file.uid());
        }
        if (file.gid() != null) {
          f.put("gid", file.gid());
        }
        put(f, "owner", file.owner());
        put(f, "group", file.group());
      }
    }
    issues(n, node.errors());
    return n;
  }

  private static ObjectNode component(FactBundle.Component component) {
    ObjectNode c = MAPPER.createObjectNode();
    c.put("kind", component.kind());
    ObjectNode source = c.putObject("source");
    source.put("type", component.source().type());
    put(source, "path", component.source().path());
    put(source, "pointer", component.source().pointer());
    if (!component.source().lines().isEmpty()) {
      ArrayNode lines = source.putArray("lines");
      component.source().lines().forEach(l -> {
        if (l == null) {
          lines.addNull();
        } else {
          lines.add(l);
        }
      });
    }
    strings(c, "args", component.args());
    if (!component.env().isEmpty()) {
      ObjectNode env = c.putObject("env");
      component.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> env.put(e.getKey(), e.getValue()));
    }
    if (!component.configFiles().isEmpty()) {
      ArrayNode files = c.putArray("configFiles");
      for (FactBundle.ConfigFile file : component.configFiles()) {
        ObjectNode f = files.addObject();
        put(f, "flag", file.flag());
        f.put("path", file.path());
        if (file.content() != null) {
          f.set("content", bounded(MAPPER.valueToTree(file.content())));
        }
      }
    }
    if (!component.effective().isEmpty()) {
      ObjectNode effective = c.putObject("effective");
      component.effective().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        ObjectNode v = effective.putObject(e.getKey());
        if (e.getValue().value() == null) {
          v.putNull("value");
        } else {
          v.put("value", e.getValue().value());
        }
        v.put("source", e.getValue().source());
        put(v, "location", e.getValue().location());
      });
    }
    return c;
  }

  /** {@code node} with every number out of range replaced by its text. */
  private static JsonNode bounded(JsonNode node) {
    if (node.isNumber() && !NumberLimits.inRange(node.numberValue())) {
      return MAPPER.getNodeFactory().textNode(NumberLimits.text(node.numberValue()));
    }
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        e.setValue(bounded(e.getValue()));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, bounded(array.get(i)));
      }
    }
    return node;
  }

  private static void issues(ObjectNode parent, List<FactBundle.Issue> issues) {
    if (issues.isEmpty()) {
      return;
    }
    ArrayNode errors = parent.putArray("errors");
    for (FactBundle.Issue issue : issues) {
      ObjectNode e = errors.addObject();
      e.put("item", issue.item());
      e.put("message", issue.message());
      put(e, "component", issue.component());
      put(e, "kind", issue.kind());
    }
  }

  private static void strings(ObjectNode parent, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = parent.putArray(field);
      values.forEach(array::add);
    }
  }

  private static void put(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
