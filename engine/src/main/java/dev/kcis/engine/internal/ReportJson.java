package dev.kcis.engine.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.facts.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Writes a {@link Report} as JSON in the documented layout (docs/report-format.md). */
public final class ReportJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private ReportJson() {}

  public static void write(Report report, OutputStream out) throws IOException {
    MAPPER.writeValue(out, toTree(report));
    out.write('\n');
    out.flush();
  }

  static ObjectNode toTree(Report report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("apiVersion", Report.API_VERSION);
    root.put("kind", "Report");
    ObjectNode benchmark = root.putObject("benchmark");
    benchmark.put("id", report.profile().id());
    benchmark.put("name", report.profile().name());
    benchmark.put("version", report.profile().version());
    root.put("generatedAt", report.generatedAt().toString());
    ObjectNode generator = root.putObject("generator");
    generator.put("name", "kcis");
    generator.put("version", report.kcisVersion());
    ObjectNode cluster = root.putObject("cluster");
    putNullable(cluster, "name", report.cluster().name());
    putNullable(cluster, "kubernetesVersion", report.cluster().kubernetesVersion());
    putNullable(cluster, "platform", report.cluster().platform());
    ArrayNode inputs = root.putArray("inputs");
    report.inputs().forEach(inputs::add);

    Report.Summary summary = report.summary();
    ObjectNode s = root.putObject("summary");
    counts(s.putObject("controls"), summary.controls());
    counts(s.putObject("results"), summary.results());
    ArrayNode sections = s.putArray("sections");
    for (Report.SectionSummary section : summary.sections()) {
      ObjectNode sec = sections.addObject();
      sec.put("id", section.id());
      putNullable(sec, "title", section.title());
      counts(sec.putObject("controls"), section.controls());
    }

    ArrayNode controls = root.putArray("controls");
    for (Report.ControlStatus control : report.controls()) {
      ObjectNode c = controls.addObject();
      c.put("id", control.id());
      c.put("title", control.title());
      c.put("section", control.section());
      c.put("status", control.status().name());
      c.put("automated", control.automated());
    }

    ArrayNode results = root.putArray("results");
    for (Result result : report.results()) {
      results.add(result(result));
    }
    return root;
  }

  private static ObjectNode result(Result result) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("control", result.control());
    r.put("title", result.title());
    r.put("status", result.status().name());
    r.put("target", result.target());
    putNullable(r, "rule", result.rule());
    putNullable(r, "message", result.message());
    ObjectNode evidence = r.putObject("evidence");
    putNullable(evidence, "expected", result.evidence() == null ? null : result.evidence().expected());
    ArrayNode observed = evidence.putArray("observed");
    if (result.evidence() != null) {
      for (Observation o : result.evidence().observed()) {
        ObjectNode item = observed.addObject();
        item.put("item", o.item());
        putNullable(item, "value", o.value());
        item.put("source", o.source());
        putNullable(item, "location", o.location());
        putNullable(item, "path", o.path());
      }
    }
    putNullable(r, "remediation", result.remediation());
    ArrayNode mappings = r.putArray("mappings");
    for (Mapping m : result.mappings()) {
      ObjectNode mapping = mappings.addObject();
      mapping.put("framework", m.framework());
      mapping.put("id", m.id());
      putNullable(mapping, "title", m.title());
      mapping.put("provenance", m.provenance());
      putNullable(mapping, "basis", m.basis());
    }
    return r;
  }

  private static void counts(ObjectNode node, Map<Status, Integer> counts) {
    int total = 0;
    for (Status status : Status.values()) {
      int n = counts.getOrDefault(status, 0);
      node.put(status.name(), n);
      total += n;
    }
    node.put("total", total);
  }

  private static void putNullable(ObjectNode node, String field, String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
