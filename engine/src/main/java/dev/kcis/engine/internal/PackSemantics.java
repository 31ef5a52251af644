package dev.kcis.engine.internal;

import dev.kcis.core.internal.ApiKinds;
import dev.kcis.core.internal.FileRoles;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.core.internal.SettingsCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lint checks of a rule pack's meaning, read from its DRL source so that each problem has a
 * {@code FILE:LINE:COL}: scope kinds and components that no evidence will ever hold, and Setting
 * names that are a flag (or config key) of a setting kcis reads under its other name. Near misses
 * get a "did you mean".
 */
public final class PackSemantics {

  private static final Pattern RULE = Pattern.compile("(?m)^\\s*rule\\s+\"([^\"]+)\"");
  private static final Pattern SCOPE = Pattern.compile("@scope\\s*\\(\\s*\"([^\"]*)\"");
  private static final Pattern SETTING = Pattern.compile("\\bSetting\\s*\\(");
  private static final Pattern COMPONENT = Pattern.compile("\\bcomponent\\s*==\\s*\"([^\"]*)\"");
  private static final Pattern NAME = Pattern.compile("\\bname\\s*==\\s*\"([^\"]*)\"");
  private static final Pattern LOCATED = Pattern.compile("^(.+?): rule \"([^\"]+)\": (.*)$");
  private static final Pattern ANNOTATION = Pattern.compile("@([A-Za-z]+)");

  private PackSemantics() {}

  /** The problems of one DRL file, each {@code FILE:LINE:COL: message}. */
  public static List<String> check(Path file, String source) {
    List<String> problems = new ArrayList<>();
    Matcher m = SCOPE.matcher(source);
    while (m.find()) {
      scope(file, source, m.start(1), m.group(1), problems);
    }
    Matcher s = SETTING.matcher(source);
    while (s.find()) {
      int end = closing(source, s.end());
      setting(file, source, s.end(), end, problems);
    }
    outOfScopePatterns(file, source, problems);
    nearMisses(file, source, NODE_FILE, ROLE, problems);
    nearMisses(file, source, KUBE_OBJECT, KIND, problems);
    parameterReads(file, source, problems);
    return problems;
  }

  private static final Pattern PARAMS = Pattern.compile("@params\\s*\\(\\s*\"([^\"]*)\"");
  private static final Pattern PARAMETERS_BINDING =
      Pattern.compile("(\\$\\w+)\\s*:\\s*Parameters\\s*\\(");
  private static final String READ = "\\.(?:text|intValue|bool|mode|list)\\s*\\(\\s*\"([^\"]*)\"";

  /**
   * A rule reading a parameter it does not declare in {@code @params}: the engine stops with an
   * error when the rule fires, so it is named here at the name read. A malformed {@code @params}
   * is left to the metadata check.
   */
  private static void parameterReads(Path file, String source, List<String> problems) {
    Matcher rule = RULE.matcher(source);
    List<Integer> starts = new ArrayList<>();
    while (rule.find()) {
      starts.add(rule.start());
    }
    for (int i = 0; i < starts.size(); i++) {
      int from = starts.get(i);
      String block = source.substring(from,
          i + 1 < starts.size() ? starts.get(i + 1) : source.length());
      Set<String> declared = new java.util.LinkedHashSet<>();
      Matcher params = PARAMS.matcher(block);
      if (params.find()) {
        try {
          dev.kcis.engine.RuleParameter.parseAll(params.group(1))
              .forEach(p -> declared.add(p.name()));
        } catch (RuntimeException e) {
          continue;
        }
      }
      Matcher binding = PARAMETERS_BINDING.matcher(block);
      while (binding.find()) {
        Matcher read = Pattern.compile(Pattern.quote(binding.group(1)) + READ).matcher(block);
        while (read.find()) {
          String name = read.group(1);
          if (declared.contains(name)) {
            continue;
          }
          problems.add(where(file, source, from + read.start(1)) + "the rule reads parameter '"
              + name + "', which its @params does not declare" + (declared.isEmpty()
              ? " (it declares none)" : nearest(name, declared) != null
              ? suggestion(name, declared, "") : " (it declares " + String.join(", ", declared)
              + ")"));
        }
      }
    }
  }

  private static final Pattern NODE_FILE = Pattern.compile("\\bNodeFile\\s*\\(");
  private static final Pattern KUBE_OBJECT = Pattern.compile("\\bKubeObject\\s*\\(");
  private static final Pattern ROLE = Pattern.compile("(?<![.\\w])role\\s*==\\s*\"([^\"]*)\"");
  private static final Pattern KIND = Pattern.compile("(?<![.\\w])kind\\s*==\\s*\"([^\"]*)\"");

  /**
   * A NodeFile role or KubeObject kind a pattern compares to that no collector produces but is
   * a near miss of one that they do: the pattern never matches. Only near misses are named, as
   * a user's node layout may record roles of its own and a CRD's kind is legitimate.
   */
  private static void nearMisses(Path file, String source, Pattern fact, Pattern field,
      List<String> problems) {
    Matcher f = fact.matcher(source);
    boolean roles = fact == NODE_FILE;
    Set<String> known = roles ? FileRoles.known() : ApiKinds.KNOWN;
    while (f.find()) {
      int end = closing(source, f.end());
      Matcher v = field.matcher(source.substring(f.end(), end));
      if (!v.find()) {
        continue;
      }
      String value = v.group(1);
      String near = nearest(value, known);
      if (known.contains(value) || near == null) {
        continue;
      }
      problems.add(where(file, source, f.end() + v.start(1)) + (roles
          ? "no collector records a file of role '" + value + "' (did you mean role == \""
              + near + "\"? the roles are those of docs/bundle-format.md)"
          : "no collector produces objects of kind '" + value + "' (did you mean kind == \""
              + near + "\"? kinds are singular and capitalised, as in an object's 'kind:')"));
    }
  }

  private static final Pattern KINDED_FACT =
      Pattern.compile("\\b(Workload|Container)\\s*\\(");
  private static final Pattern WHEN = Pattern.compile("(?m)^\\s*when\\b");
  private static final Pattern THEN = Pattern.compile("(?m)^\\s*then\\b");
  private static final Pattern KIND_CONSTRAINT = Pattern.compile("\\bkind\\b");
  /** The kinds a Workload or Container fact comes from. */
  private static final Set<String> WORKLOAD_KINDS = Set.of("Pod", "Deployment", "StatefulSet",
      "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob");

  /**
   * A rule scoped to some workload kinds whose conditions match a Workload or Container without
   * saying which kind: it can report workloads outside its scope (the engine then reports
   * INCONCLUSIVE for them), so it is named here at the pattern.
   */
  private static void outOfScopePatterns(Path file, String source, List<String> problems) {
    Matcher rule = RULE.matcher(source);
    List<Integer> starts = new ArrayList<>();
    while (rule.find()) {
      starts.add(rule.start());
    }
    for (int i = 0; i < starts.size(); i++) {
      int from = starts.get(i);
      int to = i + 1 < starts.size() ? starts.get(i + 1) : source.length();
      String block = source.substring(from, to);
      Matcher scope = SCOPE.matcher(block);
      if (!scope.find() || !scope.group(1).trim().startsWith("objects:")) {
        continue;
      }
      Set<String> kinds = new java.util.TreeSet<>();
      for (String k : scope.group(1).trim().substring("objects:".length()).split(",")) {
        if (!k.isBlank()) {
          kinds.add(k.trim());
        }
      }
      Matcher when = WHEN.matcher(block);
      Matcher then = THEN.matcher(block);
      if (!when.find() || !then.find(when.end())) {
        continue;
      }
      Matcher fact = KINDED_FACT.matcher(block);
      fact.region(when.end(), then.start());
      while (fact.find()) {
        String type = fact.group(1);
        if (kinds.containsAll(WORKLOAD_KINDS)) {
          continue; // every kind a Workload or Container comes from is in scope
        }
        int close = closing(block, fact.end());
        if (KIND_CONSTRAINT.matcher(block.substring(fact.end(), close)).find()) {
          continue;
        }
        problems.add(where(file, source, from + fact.start(1)) + "this " + type
            + " pattern matches workloads of every kind, but the rule's @scope is objects:"
            + String.join(",", kinds) + ": constrain it (e.g. " + example(type, kinds)
            + "), or a verdict about another kind is reported INCONCLUSIVE");
      }
    }
  }

  private static String example(String type, Set<String> kinds) {
    String first = kinds.iterator().next();
    String path = type.equals("Container") ? "workload.kind" : "kind";
    return kinds.size() == 1 ? path + " == \"" + first + "\""
        : path + " in (\"" + String.join("\", \"", kinds) + "\")";
  }

  private static void scope(Path file, String source, int at, String text, List<String> problems) {
    String t = text.trim();
    if (t.startsWith("component:")) {
      String kind = t.substring("component:".length()).trim();
      Set<String> known = SettingsCatalog.get().componentKinds();
      if (!kind.isEmpty() && !known.contains(kind)) {
        problems.add(where(file, source, at) + "unknown component '" + kind + "' in @scope"
            + suggestion(kind, known, "component:") + " (components: "
            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    } else if (t.startsWith("objects:")) {
      for (String kind : t.substring("objects:".length()).split(",")) {
        String k = kind.trim();
        String near = nearest(k, ApiKinds.KNOWN);
        if (!k.isEmpty() && !ApiKinds.KNOWN.contains(k) && near != null) {
          problems.add(where(file, source, at + text.indexOf(k)) + "unknown kind '" + k
              + "' in @scope (did you mean objects:" + near + "? kinds are singular and "
              + "capitalised, as in an object's 'kind:')");
        }
      }
    }
  }

  private static void setting(Path file, String source, int from, int to, List<String> problems) {
    String pattern = source.substring(from, to);
    Matcher c = COMPONENT.matcher(pattern);
    String component = null;
    SettingsCatalog catalog = SettingsCatalog.get();
    if (c.find()) {
      component = c.group(1);
      if (!catalog.componentKinds().contains(component)) {
        problems.add(where(file, source, from + c.start(1)) + "unknown component '" + component
            + "' in a Setting pattern" + suggestion(component, catalog.componentKinds(), "")
            + " (components: " + String.join(", ",
            new java.util.TreeSet<>(catalog.componentKinds())) + ")");
        return;
      }
    }
    Matcher n = NAME.matcher(pattern);
    if (!n.find()) {
      return;
    }
    String name = n.group(1);
    Collection<String> components = component != null ? List.of(component)
        : new java.util.TreeSet<>(catalog.componentKinds());
    for (String kind : components) {
      var settings = catalog.component(kind).settings();
      if (settings.containsKey(name)) {
        return;
      }
    }
    for (String kind : components) {
      for (SettingsCatalog.SettingSpec spec : catalog.component(kind).settings().values()) {
        boolean flag = name.equals(spec.flag()) && spec.flagEntry() == null;
        boolean key = name.equals(spec.configKey());
        if ((flag || key) && !name.equals(spec.name())) {
          problems.add(where(file, source, from + n.start(1)) + "Setting '" + name + "' is the "
              + (flag ? "flag" : "config key") + " of the " + kind + " setting kcis names '"
              + spec.name() + "' (did you mean name == \"" + spec.name() + "\"? kcis reads "
              + describe(spec) + " and the default into that one Setting; '" + name + "' "
              + (flag ? "matches only the flag as given on the command line" : "never matches")
              + ")");
          return;
        }
      }
    }
  }

  /**
   * The entries of a pack's profile that name no rule ({@code controls[].rules}, {@code disable},
   * {@code mappings}), each at its {@code FILE:LINE:COL}, with the nearest rule id as a suggestion.
   * A profile that is not YAML yields nothing here: loading it reports that.
   */
  public static List<String> profileReferences(Path file, Set<String> rules) {
    com.fasterxml.jackson.databind.JsonNode root;
    dev.kcis.bundle.internal.LocatedTree tree;
    try {
      tree = dev.kcis.bundle.internal.TreeLoader.load(
          InputFiles.readText(file, InputFiles.RULE_FILE_LIMIT), file.toString());
      root = tree.root();
    } catch (java.io.IOException | RuntimeException e) {
      return List.of();
    }
    List<String> pointers = new ArrayList<>();
    var controls = root.path("controls");
    for (int i = 0; i < controls.size(); i++) {
      var ids = controls.get(i).path("rules");
      for (int j = 0; j < ids.size(); j++) {
        pointers.add("/controls/" + i + "/rules/" + j);
      }
    }
    for (int j = 0; j < root.path("disable").size(); j++) {
      pointers.add("/disable/" + j);
    }
    List<String> problems = new ArrayList<>();
    for (String pointer : pointers) {
      var node = root.at(pointer);
      if (node.isTextual() && !rules.contains(node.asText())) {
        problems.add(noRule(file, tree, pointer, node.asText(), rules));
      }
    }
    if (root.path("mappings").isObject()) {
      for (var it = root.get("mappings").fieldNames(); it.hasNext(); ) {
        String id = it.next();
        if (!rules.contains(id)) {
          problems.add(noRule(file, tree, "/mappings/" + id, id, rules));
        }
      }
    }
    return problems;
  }

  private static String noRule(Path file, dev.kcis.bundle.internal.LocatedTree tree,
      String pointer, String id, Set<String> rules) {
    String position = tree.positionOf(pointer);
    String path = pointer.substring(1).replace('/', '.').replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
    return file + (position == null || position.isEmpty() ? "" : ":" + position) + ": " + path
        + ": no rule '" + id + "' in the packs or the built-in rules"
        + suggestion(id, rules, "");
  }

  private static String describe(SettingsCatalog.SettingSpec spec) {
    if (spec.flag() != null && spec.configKey() != null) {
      return "the flag " + spec.flag() + " and the config key " + spec.configKey();
    }
    return spec.flag() != null ? "the flag " + spec.flag() : "the config key " + spec.configKey();
  }

  /**
   * A problem of the form {@code FILE: rule "ID": message} (as metadata problems are reported)
   * with the place of the annotation it names, or of the rule, as {@code FILE:LINE:COL}; other
   * problems unchanged.
   */
  public static String locate(String problem) {
    Matcher m = LOCATED.matcher(problem);
    if (!m.matches()) {
      return problem;
    }
    String source;
    Path file;
    try {
      file = Path.of(m.group(1));
      if (!Files.isRegularFile(file)) {
        return problem;
      }
      source = InputFiles.readText(file, InputFiles.RULE_FILE_LIMIT);
    } catch (java.io.IOException | RuntimeException e) {
      return problem;
    }
    Matcher rule = RULE.matcher(source);
    int start = -1;
    int end = source.length();
    while (rule.find()) {
      if (start >= 0) {
        end = rule.start();
        break;
      }
      if (rule.group(1).equals(m.group(2))) {
        start = rule.start(1) - 1;
      }
    }
    if (start < 0) {
      return problem;
    }
    int at = start;
    Matcher annotation = ANNOTATION.matcher(m.group(3));
    if (annotation.find() && !m.group(3).startsWith("missing")) {
      int found = source.substring(start, end).indexOf("@" + annotation.group(1));
      if (found >= 0) {
        at = start + found;
      }
    }
    return where(file, source, at) + "rule \"" + m.group(2) + "\": " + m.group(3);
  }

  /** The offset just before the parenthesis that closes the one opened before {@code from}. */
  private static int closing(String source, int from) {
    int depth = 1;
    boolean quoted = false;
    for (int i = from; i < source.length(); i++) {
      char ch = source.charAt(i);
      if (ch == '"' && source.charAt(i - 1) != '\\') {
        quoted = !quoted;
      } else if (!quoted && ch == '(') {
        depth++;
      } else if (!quoted && ch == ')' && --depth == 0) {
        return i;
      }
    }
    return source.length();
  }

  private static String where(Path file, String source, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return file + ":" + line + ":" + (offset - lineStart + 1) + ": ";
  }

  private static String suggestion(String word, Collection<String> known, String prefix) {
    String near = nearest(word, known);
    return near == null ? "" : " (did you mean " + prefix + near + "?)";
  }

  /** The known word closest to {@code word}: same letters but case or plural, or 2 edits away. */
  static String nearest(String word, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = word.toLowerCase(Locale.ROOT);
    for (String k : known) {
      String kl = k.toLowerCase(Locale.ROOT);
      int d = lower.equals(kl) || lower.equals(kl + "s") || lower.equals(kl + "es") ? 0
          : distance(lower, kl);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    int allowed = word.length() <= 4 ? 1 : 2;
    return bestDistance <= allowed && !known.contains(word) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
            previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
