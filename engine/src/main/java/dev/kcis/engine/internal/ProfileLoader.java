package dev.kcis.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcis.bundle.BundleException;
import dev.kcis.bundle.internal.LocatedTree;
import dev.kcis.bundle.internal.TreeLoader;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads benchmark profiles: built-in ones from {@code dev/kcis/profiles/<id>.yaml} on the class
 * path, others from files. Problems are reported with the file, {@code line:column} and YAML path.
 */
public final class ProfileLoader {

  private static final String RESOURCE_DIR = "/dev/kcis/profiles/";

  private ProfileLoader() {}

  /** The ids of the profiles on the class path, from {@code dev/kcis/profiles/index.txt}. */
  public static List<String> builtInIds() {
    return builtInIndex().stream().map(IndexEntry::id).toList();
  }

  /**
   * A built-in profile as the index lists it: its id, platform and Kubernetes versions
   * ({@code null} when it names none), for auto-selection without parsing every profile.
   */
  public record IndexEntry(String id, String platform, String kubernetesVersions) {}

  /** The index of built-in profiles, in its order; empty without the built-in rules. */
  public static List<IndexEntry> builtInIndex() {
    try (InputStream in = ProfileLoader.class.getResourceAsStream(RESOURCE_DIR + "index.txt")) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(line -> {
            String[] fields = line.split("\\s+");
            return new IndexEntry(fields[0], field(fields, 1), field(fields, 2));
          }).toList();
    } catch (IOException e) {
      throw new ProfileException("cannot read the built-in profile index: " + e.getMessage());
    }
  }

  private static String field(String[] fields, int i) {
    return i < fields.length && !fields[i].equals("-") ? fields[i] : null;
  }

  /** A built-in profile by id. */
  public static Profile builtIn(String id) {
    if (!id.matches("[a-z0-9][a-z0-9.-]*")) {
      throw new ProfileException("'" + id + "' is not a profile id (built-in profiles: "
          + String.join(", ", builtInIds()) + ")");
    }
    try (InputStream in = ProfileLoader.class.getResourceAsStream(RESOURCE_DIR + id + ".yaml")) {
      if (in == null && builtInIds().isEmpty()) {
        throw new ProfileException(BuiltInRules.missing());
      }
      if (in == null) {
        throw new ProfileException("unknown benchmark profile '" + id + "' (built-in profiles: "
            + String.join(", ", builtInIds()) + ")");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), id + ".yaml");
    } catch (IOException e) {
      throw new ProfileException("cannot read profile " + id + ": " + e.getMessage());
    }
  }

  /** A profile from a YAML file; {@code extends} may name a built-in profile or a file beside it. */
  public static Profile file(Path file) {
    return parse(read(file), file.toString(), file.toAbsolutePath().getParent(), null);
  }

  /**
   * Layers a rule pack's profile over the selected one: its controls are added (or replace those
   * with the same id), its {@code disable} and {@code mappings} apply. Its {@code extends}, when
   * given, must name the selected profile.
   */
  public static Profile layer(Profile selected, Path packProfile) {
    return parse(read(packProfile), packProfile.toString(), null, selected);
  }

  private static String read(Path file) {
    try {
      return InputFiles.readText(file, InputFiles.RULE_FILE_LIMIT);
    } catch (IOException e) {
      throw new ProfileException(file + ": " + InputFiles.problem(e));
    }
  }

  static Profile parse(String text, String origin) {
    return parse(text, origin, null, null);
  }

  private static Profile parse(String text, String origin, Path dir, Profile layeredOn) {
    LocatedTree tree;
    try {
      tree = TreeLoader.load(text, origin);
    } catch (BundleException e) {
      throw new ProfileException(e.getMessage());
    }
    return new Reader(tree, origin, dir, layeredOn).profile();
  }

  private record Reader(LocatedTree tree, String origin, Path dir, Profile layeredOn) {

    Profile profile() {
      JsonNode root = tree.root();
      object(root, "");
      allowed(root, "", Set.of("apiVersion", "kind", "id", "name", "version", "sections",
          "controls", "extends", "disable", "mappings", "platform", "kubernetes", "targets"));
      String apiVersion = text(root, "", "apiVersion", true);
      if (!"kcis.dev/v1".equals(apiVersion)) {
        throw problem("/apiVersion", "unsupported apiVersion '" + apiVersion + "', expected kcis.dev/v1");
      }
      if (!"Profile".equals(text(root, "", "kind", true))) {
        throw problem("/kind", "kind must be Profile");
      }
      String id = text(root, "", "id", true);
      Profile parent = parent(extendsIds(root.get("extends")));
      Map<String, String> sections = new LinkedHashMap<>();
      if (parent != null) {
        sections.putAll(parent.sections());
      }
      JsonNode s = root.get("sections");
      if (s != null) {
        object(s, "/sections");
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isTextual()) {
            throw problem("/sections/" + e.getKey(), "expected a section title");
          }
          sections.put(e.getKey(), e.getValue().asText());
        }
      }
      JsonNode list = root.get("controls");
      if (parent == null && (list == null || !list.isArray() || list.isEmpty())) {
        throw problem("/controls", "expected a non-empty list of controls");
      }
      if (list != null && !list.isArray()) {
        throw problem("/controls", "expected a list of controls");
      }
      // Controls of the parent keep their place; a control with the same id replaces it.
      Map<String, Control> controls = new LinkedHashMap<>();
      if (parent != null) {
        parent.controls().forEach(c -> controls.put(c.id(), c));
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; list != null && i < list.size(); i++) {
        Control control = control(list.get(i), "/controls/" + i);
        if (!ids.add(control.id())) {
          throw problem("/controls/" + i + "/id", "duplicate control id '" + control.id() + "'");
        }
        controls.put(control.id(), control);
      }
      List<String> disabled = strings(root.get("disable"), "/disable");
      List<Control> result = new ArrayList<>();
      for (Control c : controls.values()) {
        List<String> kept = c.rules().stream().filter(r -> !disabled.contains(r)).toList();
        List<String> off = new ArrayList<>(c.disabledRules());
        c.rules().stream().filter(disabled::contains).forEach(off::add);
        result.add(new Control(c.id(), c.title(), c.section(), c.assessment(), c.level(), kept,
            c.review(), off, c.params(), c.remediation(), c.notApplicable(), c.exemptions()));
      }
      Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
      if (parent != null) {
        overrides.putAll(parent.mappingOverrides());
      }
      overrides.putAll(mappings(root.get("mappings")));
      String name = text(root, "", "name", parent == null);
      String version = text(root, "", "version", parent == null);
      String platform = text(root, "", "platform", false);
      if (platform != null && !platform.matches("[a-z0-9][a-z0-9-]*")) {
        throw problem("/platform", "platform '" + platform + "' is not a lower-case name such "
            + "as eks, gke, rke2");
      }
      String kubernetes = text(root, "", "kubernetes", false);
      if (kubernetes != null && !kubernetes.matches("\\d+\\.\\d+(-\\d+\\.\\d+)?")) {
        throw problem("/kubernetes", "'" + kubernetes + "' is not a Kubernetes minor version or "
            + "range such as 1.32-1.34");
      }
      Map<String, String> targets = new LinkedHashMap<>();
      if (parent != null) {
        targets.putAll(parent.targets());
      }
      JsonNode t = root.get("targets");
      if (t != null) {
        object(t, "/targets");
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isTextual() || !Profile.TARGETS.contains(e.getValue().asText())) {
            throw problem("/targets/" + e.getKey(), "expected one of "
                + String.join(", ", Profile.TARGETS));
          }
          if (!sections.containsKey(e.getKey())) {
            throw problem("/targets/" + e.getKey(), "no section '" + e.getKey() + "' in "
                + "sections");
          }
          targets.put(e.getKey(), e.getValue().asText());
        }
      }
      return new Profile(id, name != null ? name : parent.name(),
          version != null ? version : parent.version(), sections, result, overrides,
          platform != null ? platform : parent == null ? null : parent.platform(),
          kubernetes != null ? kubernetes : parent == null ? null : parent.kubernetesVersions(),
          targets);
    }

    /**
     * What {@code extends} names: one profile, or for a rule pack's profile a list of the
     * profiles it may be layered over (e.g. {@code [cis-1.12, cis-1.10, eks-1.7]}).
     */
    private List<String> extendsIds(JsonNode node) {
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (node.isArray()) {
        if (layeredOn == null) {
          throw problem("/extends", "a profile file extends one profile; a list is for a rule "
              + "pack's profile.yaml, layered over whichever of them is selected");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
          if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
            throw problem("/extends/" + i, "expected a profile id");
          }
          ids.add(node.get(i).asText());
        }
        if (ids.isEmpty()) {
          throw problem("/extends", "expected the profiles this pack's profile extends");
        }
        return ids;
      }
      if (!node.isValueNode()) {
        throw problem("/extends", "expected a profile id, or a list of them");
      }
      return List.of(node.asText());
    }

    /** The profile extended: the one layered on, a built-in id, or a file beside this one. */
    private Profile parent(List<String> extendsIds) {
      if (layeredOn != null) {
        if (!extendsIds.isEmpty() && !extendsIds.contains(layeredOn.id())) {
          String ids = String.join(", ", extendsIds);
          throw problem("/extends", "this rule pack's profile extends " + (extendsIds.size() == 1
              ? "'" + ids + "'" : "[" + ids + "]") + " but '" + layeredOn.id() + "' is selected "
              + "(choose " + (extendsIds.size() == 1 ? "it" : "one") + " with --benchmark "
              + extendsIds.get(0) + ")");
        }
        return layeredOn;
      }
      if (extendsIds.isEmpty()) {
        return null;
      }
      String extendsId = extendsIds.get(0);
      if (builtInIds().contains(extendsId)) {
        return builtIn(extendsId);
      }
      if (dir == null) {
        throw problem("/extends", "unknown built-in profile '" + extendsId + "' (built-in: "
            + String.join(", ", builtInIds()) + ")");
      }
      Path file = dir.resolve(extendsId);
      if (!Files.exists(file)) {
        throw problem("/extends", "'" + extendsId + "' is neither a built-in profile ("
            + String.join(", ", builtInIds()) + ") nor a file beside " + origin);
      }
      return file(file);
    }

    private Map<String, Map<String, String>> mappings(JsonNode node) {
      Map<String, Map<String, String>> out = new LinkedHashMap<>();
      if (node == null) {
        return out;
      }
      object(node, "/mappings");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> rule = it.next();
        String at = "/mappings/" + rule.getKey();
        object(rule.getValue(), at);
        allowed(rule.getValue(), at, Set.of("cisControls", "nist", "soc2", "pci"));
        Map<String, String> frameworks = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> f = rule.getValue().fields(); f.hasNext(); ) {
          Map.Entry<String, JsonNode> e = f.next();
          if (!e.getValue().isTextual()) {
            throw problem(at + "/" + e.getKey(), "expected mapping text such as \"AC-3 derived:base\"");
          }
          frameworks.put(e.getKey(), e.getValue().asText());
        }
        out.put(rule.getKey(), frameworks);
      }
      return out;
    }

    private List<String> strings(JsonNode node, String at) {
      List<String> out = new ArrayList<>();
      if (node == null) {
        return out;
      }
      if (!node.isArray()) {
        throw problem(at, "expected a list of rule ids");
      }
      for (int i = 0; i < node.size(); i++) {
        if (!node.get(i).isTextual()) {
          throw problem(at + "/" + i, "expected a rule id");
        }
        out.add(node.get(i).asText());
      }
      return out;
    }

    private Control control(JsonNode node, String at) {
      object(node, at);
      allowed(node, at, Set.of("id", "title", "assessment", "level", "rules", "review", "params",
          "remediation", "notApplicable", "exemptions"));
      String id = text(node, at, "id", true);
      if (!id.matches("\\d+(\\.\\d+)*")) {
        throw problem(at + "/id", "control id '" + id + "' is not a dotted number such as 1.2.3");
      }
      String assessment = text(node, at, "assessment", true);
      if (!assessment.equals("Automated") && !assessment.equals("Manual")) {
        throw problem(at + "/assessment", "assessment must be Automated or Manual");
      }
      int level = 0;
      JsonNode l = node.get("level");
      if (l != null) {
        if (!l.isIntegralNumber() || l.asInt() < 1 || l.asInt() > 2) {
          throw problem(at + "/level", "level must be 1 or 2");
        }
        level = l.asInt();
      }
      List<String> rules = new ArrayList<>();
      JsonNode r = node.get("rules");
      if (r != null) {
        if (!r.isArray()) {
          throw problem(at + "/rules", "expected a list of rule ids");
        }
        for (int i = 0; i < r.size(); i++) {
          if (!r.get(i).isTextual()) {
            throw problem(at + "/rules/" + i, "expected a rule id");
          }
          rules.add(r.get(i).asText());
        }
      }
      String review = text(node, at, "review", false);
      String notApplicable = text(node, at, "notApplicable", false);
      if (notApplicable != null && (notApplicable.isBlank() || !rules.isEmpty())) {
        throw problem(at + "/notApplicable", "a control that cannot apply has no rules and says "
            + "why in 'notApplicable'");
      }
      if (rules.isEmpty() && notApplicable == null && (review == null || review.isBlank())) {
        throw problem(at, "a control without rules needs 'review': what a person should check");
      }
      Map<String, String> params = new LinkedHashMap<>();
      JsonNode p = node.get("params");
      if (p != null) {
        object(p, at + "/params");
        if (rules.isEmpty()) {
          throw problem(at + "/params", "parameters need a rule to read them");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isValueNode() || e.getValue().isNull()) {
            throw problem(at + "/params/" + e.getKey(), "expected a value (text, number or "
                + "boolean)");
          }
          params.put(e.getKey(), e.getValue().asText());
        }
      }
      String remediation = text(node, at, "remediation", false);
      if (remediation != null && remediation.isBlank()) {
        throw problem(at + "/remediation", "expected how to comply, or no 'remediation'");
      }
      Map<String, String> exemptions = new LinkedHashMap<>();
      JsonNode x = node.get("exemptions");
      if (x != null) {
        object(x, at + "/exemptions");
        if (rules.isEmpty()) {
          throw problem(at + "/exemptions", "exemptions apply to a control's rules; this control "
              + "has none");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getKey().matches("[a-z0-9][a-z0-9-]*")) {
            throw problem(at + "/exemptions/" + e.getKey(), "expected a platform id in lower "
                + "case, such as eks or rke2");
          }
          if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
            throw problem(at + "/exemptions/" + e.getKey(), "expected the reason the "
                + "recommendation does not apply on " + e.getKey());
          }
          exemptions.put(e.getKey(), e.getValue().asText());
        }
      }
      String section = id.contains(".") ? id.substring(0, id.lastIndexOf('.')) : id;
      return new Control(id, text(node, at, "title", true), section, assessment, level, rules,
          review, List.of(), params, remediation, notApplicable, exemptions);
    }

    private void object(JsonNode node, String at) {
      if (node == null || !node.isObject()) {
        throw problem(at, "expected a mapping");
      }
    }

    private void allowed(JsonNode node, String at, Set<String> names) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!names.contains(name)) {
          throw problem(at + "/" + name, "unknown field '" + name + "' (expected one of "
              + String.join(", ", new java.util.TreeSet<>(names)) + ")");
        }
      }
    }

    private String text(JsonNode node, String at, String field, boolean required) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        if (required) {
          throw problem(at, "missing required field '" + field + "'");
        }
        return null;
      }
      if (!value.isValueNode()) {
        throw problem(at + "/" + field, "expected text");
      }
      return value.asText();
    }

    private ProfileException problem(String pointer, String message) {
      String position = tree.positionOf(pointer);
      String yamlPath = pointer.isEmpty() ? "(root)" : pointer.substring(1).replace('/', '.')
          .replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
      return new ProfileException(origin + (position == null || position.isEmpty() ? "" : ":"
          + position) + ": " + yamlPath + ": " + message);
    }
  }
}
