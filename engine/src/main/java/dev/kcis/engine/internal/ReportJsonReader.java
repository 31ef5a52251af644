package dev.kcis.engine.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcis.core.KcisException;
import dev.kcis.core.internal.SafeText;
import dev.kcis.engine.Control;
import dev.kcis.engine.Evidence;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.Profile;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.engine.Waiver;
import dev.kcis.facts.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JSON report (docs/report-format.md) back into a {@link Report}, streaming over
 * {@code results} so that a large report costs about what its Report does. Fields it does not know
 * are skipped: a report of a later kcis with fields added still reads.
 */
public final class ReportJsonReader {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private ReportJsonReader() {}

  /** A result as written: its title, remediation and mappings are its control's and rule's. */
  private record Written(String control, Status status, String target, String rule,
      String message, Evidence evidence, JsonNode waiver, JsonNode fix) {}

  public static Report read(InputStream in, String origin) throws IOException {
    try (JsonParser parser = FACTORY.createParser(in)) {
      return new ReportJsonReader.State(parser, origin).read();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new KcisException(origin + (at == null ? "" : ":" + at.getLineNr() + ":"
          + at.getColumnNr()) + ": not a JSON report: " + SafeText.printable(
              e.getOriginalMessage()));
    }
  }

  private static final class State {
    final JsonParser parser;
    final String origin;
    String apiVersion;
    String kind;
    JsonNode benchmark;
    JsonNode generator;
    JsonNode cluster;
    String generatedAt;
    String semantics;
    final List<String> inputs = new ArrayList<>();
    JsonNode summary;
    JsonNode controls;
    JsonNode rules;
    JsonNode waivers;
    JsonNode digests;
    final List<Written> results = new ArrayList<>();

    State(JsonParser parser, String origin) {
      this.parser = parser;
      this.origin = origin;
    }

    Report read() throws IOException {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw problem("expected a JSON object (a kcis report)");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "apiVersion" -> apiVersion = parser.getValueAsString();
          case "kind" -> kind = parser.getValueAsString();
          case "benchmark" -> benchmark = tree();
          case "generator" -> generator = tree();
          case "cluster" -> cluster = tree();
          case "generatedAt" -> generatedAt = parser.getValueAsString();
          case "semantics" -> semantics = parser.getValueAsString();
          case "inputs" -> tree().forEach(i -> inputs.add(i.asText()));
          case "summary" -> summary = tree();
          case "controls" -> controls = tree();
          case "rules" -> rules = tree();
          case "waivers" -> waivers = tree();
          case "digests" -> digests = tree();
          case "results" -> results();
          default -> parser.skipChildren();
        }
      }
      if (!Report.API_VERSION.equals(apiVersion) || !"Report".equals(kind)) {
        throw new KcisException(origin + ": not a kcis report (expected apiVersion "
            + Report.API_VERSION + " and kind Report)");
      }
      return build();
    }

    private JsonNode tree() throws IOException {
      return MAPPER.readTree(parser);
    }

    private void results() throws IOException {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        throw problem("results: expected a list");
      }
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        JsonLocation at = parser.currentTokenLocation();
        JsonNode r = tree();
        String control = text(r, "control");
        String target = text(r, "target");
        Status status = status(r.path("status").asText(null), at);
        if (control == null || target == null) {
          throw problem(at, "a result names its control and target");
        }
        JsonNode e = r.path("evidence");
        List<Observation> observed = new ArrayList<>();
        for (JsonNode o : e.path("observed")) {
          observed.add(new Observation(o.path("item").asText(""), text(o, "value"),
              o.path("source").asText(""), text(o, "location"), text(o, "path")));
        }
        Evidence evidence = e.isObject() ? new Evidence(text(e, "expected"), observed) : null;
        JsonNode waiver = r.get("waiver");
        if ((status == Status.WAIVED) != (waiver != null && waiver.isObject())) {
          throw problem(at, "a WAIVED result, and only one, has a waiver");
        }
        results.add(new Written(control, status, target, text(r, "rule"), text(r, "message"),
            evidence, waiver, r.get("fix")));
      }
    }

    private Report build() {
      Map<String, String> sections = new LinkedHashMap<>();
      if (summary != null) {
        for (JsonNode s : summary.path("sections")) {
          sections.put(s.path("id").asText(), text(s, "title"));
        }
      }
      List<Control> profileControls = new ArrayList<>();
      List<Report.ControlStatus> statuses = new ArrayList<>();
      Map<String, String> titles = new HashMap<>();
      Map<String, String> controlRemediation = new HashMap<>();
      if (controls != null) {
        for (JsonNode c : controls) {
          String id = text(c, "id");
          if (id == null) {
            throw new KcisException(origin + ": controls: a control without an id");
          }
          List<String> ruleIds = new ArrayList<>();
          c.path("rules").forEach(r -> ruleIds.add(r.asText()));
          Map<String, String> params = new LinkedHashMap<>();
          c.path("params").fields().forEachRemaining(p -> params.put(p.getKey(),
              p.getValue().asText()));
          String section = c.path("section").asText(id.contains(".")
              ? id.substring(0, id.lastIndexOf('.')) : id);
          boolean automated = c.path("automated").asBoolean(false);
          profileControls.add(new Control(id, c.path("title").asText(""), section,
              automated ? "Automated" : "Manual", 0, ruleIds, null, List.of(), params,
              text(c, "remediation")));
          statuses.add(new Report.ControlStatus(id, c.path("title").asText(""), section,
              status(c.path("status").asText(null), null), automated));
          titles.put(id, c.path("title").asText(""));
          if (text(c, "remediation") != null) {
            controlRemediation.put(id, text(c, "remediation"));
          }
        }
      }
      Map<String, String> remediation = new HashMap<>();
      Map<String, List<Mapping>> mappings = new HashMap<>();
      if (rules != null) {
        rules.fields().forEachRemaining(r -> {
          remediation.put(r.getKey(), text(r.getValue(), "remediation"));
          List<Mapping> list = new ArrayList<>();
          for (JsonNode m : r.getValue().path("mappings")) {
            if (text(m, "framework") != null && text(m, "id") != null) {
              list.add(new Mapping(text(m, "framework"), text(m, "id"), text(m, "title"),
                  m.path("provenance").asText("derived"), text(m, "basis")));
            }
          }
          mappings.put(r.getKey(), List.copyOf(list));
        });
      }
      List<Report.WaiverUse> uses = new ArrayList<>();
      Map<String, Waiver> bySource = new HashMap<>();
      if (waivers != null) {
        for (JsonNode w : waivers) {
          Waiver waiver = waiver(w, text(w, "control"), text(w, "rule"),
              w.path("target").asText("**"));
          bySource.putIfAbsent(waiver.source(), waiver);
          Report.WaiverUse.State state;
          try {
            state = Report.WaiverUse.State.valueOf(w.path("state").asText("")
                .toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new KcisException(origin + ": waivers: unknown state '"
                + w.path("state").asText("") + "'");
          }
          uses.add(new Report.WaiverUse(waiver, state, w.path("results").asInt(0)));
        }
      }
      List<Result> out = new ArrayList<>(results.size());
      for (Written r : results) {
        Result.Waived waived = null;
        if (r.waiver() != null) {
          Waiver w = bySource.get(text(r.waiver(), "source"));
          if (w == null) {
            w = waiver(r.waiver(), r.control(), r.rule(), r.target());
          }
          waived = new Result.Waived(w, status(r.waiver().path("status").asText(null), null));
        }
        String fix = controlRemediation.getOrDefault(r.control(),
            r.rule() == null ? null : remediation.get(r.rule()));
        out.add(new Result(r.control(), titles.getOrDefault(r.control(), ""), r.status(),
            r.target(), r.rule(), r.message(), r.evidence(), fix,
            r.rule() == null ? List.of() : mappings.getOrDefault(r.rule(), List.of()), waived,
            fix(r.fix())));
      }
      Profile profile = new Profile(benchmark == null ? "unknown"
          : benchmark.path("id").asText("unknown"), benchmark == null ? null
          : text(benchmark, "name"), benchmark == null ? null : text(benchmark, "version"),
          sections, profileControls);
      Instant at;
      try {
        at = generatedAt == null ? Instant.EPOCH : Instant.parse(generatedAt);
      } catch (DateTimeParseException e) {
        throw new KcisException(origin + ": generatedAt: '" + SafeText.printable(generatedAt)
            + "' is not a time");
      }
      Report.ClusterInfo info = cluster == null ? new Report.ClusterInfo(null, null, null)
          : new Report.ClusterInfo(text(cluster, "name"), text(cluster, "kubernetesVersion"),
              text(cluster, "platform"));
      return new Report(profile, at, generator == null ? null : text(generator, "version"),
          info, inputs, statuses, out, uses, "strict".equals(semantics)
              ? dev.kcis.facts.Semantics.STRICT : dev.kcis.facts.Semantics.CIS, inputDigests());
    }

    private List<dev.kcis.engine.InputDigest> inputDigests() {
      List<dev.kcis.engine.InputDigest> out = new ArrayList<>();
      if (digests != null) {
        for (JsonNode d : digests) {
          String sha256 = text(d, "sha256");
          if (text(d, "kind") != null && text(d, "input") != null && sha256 != null
              && sha256.matches("[0-9a-f]{64}")) {
            out.add(new dev.kcis.engine.InputDigest(text(d, "kind"), text(d, "input"),
                text(d, "sha256")));
          }
        }
      }
      return out;
    }

    /** A fix as the report states it: its text replacements are not written, only its patch. */
    private static dev.kcis.engine.Fix fix(JsonNode f) {
      if (f == null || !f.isObject() || text(f, "kind") == null) {
        return null;
      }
      return new dev.kcis.engine.Fix(text(f, "kind"), f.path("description").asText(""),
          text(f, "file"), f.path("line").asInt(0), text(f, "patch"), List.of());
    }

    private Waiver waiver(JsonNode w, String control, String rule, String target) {
      LocalDate expires;
      try {
        expires = LocalDate.parse(w.path("expires").asText(""));
      } catch (DateTimeParseException e) {
        throw new KcisException(origin + ": a waiver's expires '"
            + SafeText.printable(w.path("expires").asText("")) + "' is not a date");
      }
      if (control == null && rule == null) {
        throw new KcisException(origin + ": a waiver names no control and no rule");
      }
      return new Waiver(control, rule, target, w.path("reason").asText(""),
          w.path("owner").asText(""), expires, text(w, "ticket"), w.path("source").asText(""));
    }

    private Status status(String name, JsonLocation at) {
      try {
        return Status.valueOf(String.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw at == null ? new KcisException(origin + ": unknown status '"
            + SafeText.printable(String.valueOf(name)) + "'")
            : problem(at, "unknown status '" + SafeText.printable(String.valueOf(name)) + "'");
      }
    }

    private KcisException problem(String message) {
      return problem(parser.currentTokenLocation(), message);
    }

    private KcisException problem(JsonLocation at, String message) {
      return new KcisException(origin + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": "
          + message);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
