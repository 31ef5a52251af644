package dev.kcis.fix.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Sets a value in one document of a YAML (or JSON) text by editing the text at the positions the
 * parser reports, never by serialising the document again: comments, key order, indentation,
 * quoting, {@code ---} separators and the other documents stay byte for byte as they were.
 *
 * <p>An existing scalar is replaced where it stands; a missing key is added after the last entry
 * of its block mapping at that mapping's indentation (nested keys as a block below it), or at the
 * end of a flow mapping. Every edit is checked: the edited text must parse, the edited document
 * must load as the original with exactly the value set, and every other document must load as
 * before; otherwise the edit is declined with the reason.
 */
public final class YamlEditor {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");

  /** Why an edit cannot be made exactly; the message says what to change by hand. */
  public static final class Declined extends Exception {
    private static final long serialVersionUID = 1L;

    public Declined(String message) {
      super(message);
    }
  }

  /**
   * An edit: {@code start} to {@code end} (char offsets) become {@code text}.
   *
   * @param start first char replaced
   * @param end char just past the region (equal to start for an insertion)
   * @param text what replaces the region
   */
  public record Edit(int start, int end, String text) {}

  private final String text;
  private final boolean json;
  private final String newline;
  private final int[] lineStarts;

  /**
   * An editor of {@code text}.
   *
   * @param json true for a JSON file: keys and strings are written double-quoted
   */
  public YamlEditor(String text, boolean json) {
    this.text = Objects.requireNonNull(text, "text");
    this.json = json;
    this.newline = text.contains("\r\n") ? "\r\n" : "\n";
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The edit that sets {@code pointer} (a JSON pointer, e.g.
   * {@code /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation}) to
   * {@code value} in the object that starts on {@code line} (1-based: a document, or an item of
   * a {@code kind: List}), or {@code null} when the value is already set.
   *
   * @param expectedKind the object's kind and name as the evidence names them ({@code Deployment},
   *     {@code api}); the edit is declined when the object on that line is another one
   * @throws Declined when the text cannot be edited exactly
   */
  public Edit set(int line, String expectedKind, String expectedName, List<String> pointer,
      Object value) throws Declined {
    checkText();
    List<Node> documents = compose(text);
    Node object = find(documents, line);
    if (!(object instanceof MappingNode root)) {
      throw new Declined("no object starts on line " + line + " (the file changed since it was "
          + "read?)");
    }
    if (expectedKind != null && !Objects.equals(scalar(child(root, "kind")), expectedKind)
        || expectedName != null && !Objects.equals(scalar(child(child(root, "metadata"), "name")),
            expectedName)) {
      throw new Declined("the object on line " + line + " is not " + expectedKind + " "
          + expectedName + " (the file changed since it was read?)");
    }
    List<Object> loaded = loadAll(text);
    int index = documentOf(documents, offset(object.getStartMark()));
    List<String> full = new ArrayList<>(objectPath(documents.get(index), object));
    full.addAll(pointer);
    if (Pointers.has(loaded.get(index), full)
        && Objects.equals(Pointers.get(loaded.get(index), full), value)) {
      return null;
    }
    Edit edit = edit(root, pointer, value);
    verify(loaded, documents, index, full, value, edit);
    return edit;
  }

  /**
   * The edit that replaces the command-line item written on {@code line} that sets {@code flag}
   * ({@code --flag=value} or {@code --flag}) with {@code item}, or {@code null} when it is already
   * that item.
   */
  public Edit replaceItem(int line, String flag, String item) throws Declined {
    checkText();
    List<Node> documents = compose(text);
    for (int d = 0; d < documents.size(); d++) {
      List<String> path = new ArrayList<>();
      ScalarNode node = findItem(documents.get(d), line, flag, path);
      if (node != null) {
        if (node.getValue().equals(item)) {
          return null;
        }
        Edit edit = new Edit(offset(node.getStartMark()), offset(node.getEndMark()),
            itemText(item, isFlowParent(documents.get(d), path)));
        verify(loadAll(text), documents, d, path, item, edit);
        return edit;
      }
    }
    throw new Declined("no item setting " + flag + " on line " + line
        + " (the file changed since it was read?)");
  }

  /**
   * The edit that adds {@code item} at the end of the list at {@code pointer} in the first
   * document (a static pod's {@code /spec/containers/0/command}), in the list's own style.
   */
  public Edit appendItem(List<String> pointer, String item) throws Declined {
    checkText();
    List<Node> documents = compose(text);
    Node node = documents.isEmpty() ? null : documents.get(0);
    for (String segment : pointer) {
      node = node instanceof MappingNode m ? child(m, segment)
          : node instanceof SequenceNode s && segment.matches("\\d+")
              && Integer.parseInt(segment) < s.getValue().size()
              ? s.getValue().get(Integer.parseInt(segment)) : null;
    }
    if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
      throw new Declined(String.join(".", pointer) + " is not a list with items: add " + item
          + " by hand");
    }
    List<String> path = new ArrayList<>(pointer);
    path.add(String.valueOf(list.getValue().size()));
    Node last = list.getValue().get(list.getValue().size() - 1);
    Edit edit;
    if (isFlow(list)) {
      edit = new Edit(offset(last.getEndMark()), offset(last.getEndMark()),
          ", " + itemText(item, true));
    } else {
      int itemStart = offset(last.getStartMark());
      int lineStart = lineStarts[last.getStartMark().getLine()];
      String lead = text.substring(lineStart, itemStart);
      if (!lead.matches(" *- +")) {
        throw new Declined("the list's items are not one per line: add " + item + " by hand");
      }
      int at = endOfLine(lastEnd(last));
      String prefix = at == text.length() && !text.endsWith("\n") ? newline : "";
      edit = new Edit(at, at, prefix + lead + itemText(item, false) + newline);
    }
    verify(loadAll(text), documents, 0, path, item, edit);
    return edit;
  }

  private void checkText() throws Declined {
    if (text.indexOf('\r') >= 0 && !text.contains("\r\n") || text.indexOf('\u2028') >= 0
        || text.indexOf('\u2029') >= 0 || text.indexOf('\u0085') >= 0 || text.startsWith("\uFEFF")) {
      throw new Declined("the file has line breaks or a byte order mark that kcis does not edit");
    }
  }

  private static ScalarNode findItem(Node node, int line, String flag, List<String> path) {
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          path.add(k.getValue());
          ScalarNode found = findItem(t.getValueNode(), line, flag, path);
          if (found != null) {
            return found;
          }
          path.remove(path.size() - 1);
        }
      }
    } else if (node instanceof SequenceNode s) {
      for (int i = 0; i < s.getValue().size(); i++) {
        Node item = s.getValue().get(i);
        path.add(String.valueOf(i));
        if (item instanceof ScalarNode sc && sc.getStartMark().getLine() + 1 == line
            && (sc.getValue().equals(flag) || sc.getValue().startsWith(flag + "="))) {
          return sc;
        }
        ScalarNode found = findItem(item, line, flag, path);
        if (found != null) {
          return found;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }

  private static boolean isFlowParent(Node root, List<String> path) {
    Node node = root;
    for (String segment : path.subList(0, path.size() - 1)) {
      node = node instanceof MappingNode m ? child(m, segment)
          : ((SequenceNode) node).getValue().get(Integer.parseInt(segment));
    }
    return isFlow(node);
  }

  /** A command-line item: plain when it is a simple {@code --flag=value}, else quoted. */
  private String itemText(String item, boolean inFlow) {
    if (!json && item.matches("--[A-Za-z0-9.-]+(=[A-Za-z0-9_./:=+-]*)?")
        && (!inFlow || !item.contains(",")) && item.equals(load(item))) {
      return item;
    }
    return quoted(item);
  }

  /** The text with {@code edit} applied. */
  public String apply(Edit edit) {
    return text.substring(0, edit.start()) + edit.text() + text.substring(edit.end());
  }

  /** The 1-based line and column (UTF-16 code units) of a char offset. */
  public int[] position(int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return new int[] {lo + 1, offset - lineStarts[lo] + 1};
  }

  private Edit edit(MappingNode root, List<String> pointer, Object value) throws Declined {
    Node node = root;
    for (int i = 0; i < pointer.size(); i++) {
      String segment = pointer.get(i);
      if (node instanceof MappingNode mapping) {
        Node next = child(mapping, segment);
        if (next == null) {
          return insert(mapping, pointer.subList(i, pointer.size()), value);
        }
        if (isNull(next) && i < pointer.size() - 1) {
          throw new Declined(describe(pointer, i) + " is null: set it by hand");
        }
        node = next;
      } else if (node instanceof SequenceNode sequence) {
        int index;
        try {
          index = Integer.parseInt(segment);
        } catch (NumberFormatException e) {
          throw new Declined(describe(pointer, i) + " is a list, not a mapping");
        }
        if (index < 0 || index >= sequence.getValue().size()) {
          throw new Declined(describe(pointer, i) + " has no item " + index);
        }
        node = sequence.getValue().get(index);
      } else {
        throw new Declined(describe(pointer, i) + " is a scalar, not a mapping");
      }
    }
    if (node instanceof ScalarNode || node.getStartMark().getIndex() == node.getEndMark().getIndex()
        || isFlow(node)) {
      String rendered = value instanceof Map<?, ?> || value instanceof List<?> ? flow(value)
          : scalarText(value);
      return new Edit(offset(node.getStartMark()), offset(node.getEndMark()), rendered);
    }
    throw new Declined(String.join(".", pointer) + " is a block " + (node instanceof MappingNode
        ? "mapping" : "list") + ": replace it by hand with " + flow(value));
  }

  /** Adds {@code path} (its first key missing from {@code mapping}) with the value at its end. */
  private Edit insert(MappingNode mapping, List<String> path, Object value) throws Declined {
    for (String key : path) {
      if (key.matches("\\d+")) {
        throw new Declined("cannot create the list item " + key + " of " + String.join(".", path));
      }
    }
    Object nested = value;
    for (int i = path.size() - 1; i >= 1; i--) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(path.get(i), nested);
      nested = m;
    }
    String key = path.get(0);
    List<NodeTuple> entries = mapping.getValue();
    if (isFlow(mapping)) {
      int end = offset(mapping.getEndMark());
      if (end == 0 || text.charAt(end - 1) != '}') {
        throw new Declined("the flow mapping does not end where the parser says: edit by hand");
      }
      String entry = keyText(key) + ": " + flowValue(nested);
      if (entries.isEmpty()) {
        return new Edit(end - 1, end - 1, entry);
      }
      int after = offset(entries.get(entries.size() - 1).getValueNode().getEndMark());
      return new Edit(after, after, ", " + entry);
    }
    if (entries.isEmpty()) {
      throw new Declined("an empty block mapping: add " + key + " by hand");
    }
    int indent = entries.get(0).getKeyNode().getStartMark().getColumn();
    for (NodeTuple t : entries) {
      if (t.getKeyNode().getStartMark().getColumn() != indent) {
        throw new Declined("the mapping's keys are not aligned: add " + key + " by hand");
      }
    }
    int at = endOfLine(lastEnd(entries.get(entries.size() - 1).getValueNode()));
    String prefix = at == text.length() && !text.isEmpty() && !text.endsWith("\n") ? newline : "";
    StringBuilder block = new StringBuilder(prefix);
    block(block, indent, key, nested, indentStep(mapping, indent));
    return new Edit(at, at, block.toString());
  }

  private void block(StringBuilder out, int indent, String key, Object value, int step) {
    out.append(" ".repeat(indent)).append(keyText(key)).append(':');
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      out.append(newline);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        block(out, indent + step, String.valueOf(e.getKey()), e.getValue(), step);
      }
    } else {
      out.append(' ').append(flowValue(value)).append(newline);
    }
  }

  /** The indentation step the document uses: a nested block mapping's offset, else 2. */
  private int indentStep(MappingNode mapping, int indent) {
    for (NodeTuple t : mapping.getValue()) {
      if (t.getValueNode() instanceof MappingNode m && !isFlow(m) && !m.getValue().isEmpty()) {
        int step = m.getValue().get(0).getKeyNode().getStartMark().getColumn() - indent;
        if (step > 0) {
          return step;
        }
      }
    }
    return 2;
  }

  /** Where the last scalar or flow collection inside {@code node} ends. */
  private int lastEnd(Node node) {
    if (node instanceof MappingNode m && !isFlow(m) && !m.getValue().isEmpty()) {
      return lastEnd(m.getValue().get(m.getValue().size() - 1).getValueNode());
    }
    if (node instanceof SequenceNode s && !isFlow(s) && !s.getValue().isEmpty()) {
      return lastEnd(s.getValue().get(s.getValue().size() - 1));
    }
    return offset(node.getEndMark());
  }

  /** The start of the line after {@code offset}; {@code offset} itself at a line's start. */
  private int endOfLine(int offset) {
    if (offset > 0 && text.charAt(offset - 1) == '\n') {
      return offset;
    }
    int nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length() : nl + 1;
  }

  private void verify(List<Object> before, List<Node> documents, int index, List<String> path,
      Object value, Edit edit) throws Declined {
    String edited = apply(edit);
    List<Object> after;
    try {
      after = loadAll(edited);
    } catch (YAMLException e) {
      throw new Declined("the edit would not parse (" + e.getMessage().lines().findFirst()
          .orElse("") + "): edit by hand");
    }
    if (before.size() != after.size() || documentOf(documents, edit.start()) != index) {
      throw new Declined("the edit would change another document: edit by hand");
    }
    for (int i = 0; i < before.size(); i++) {
      Object expected = i == index ? Pointers.with(before.get(i), path, value) : before.get(i);
      if (!Objects.equals(expected, after.get(i))) {
        throw new Declined("the edit would not give the intended object: edit by hand");
      }
    }
  }

  /** The index of the document that holds {@code offset} (the last that starts at or before it). */
  private int documentOf(List<Node> documents, int offset) {
    int found = 0;
    for (int i = 0; i < documents.size(); i++) {
      if (documents.get(i) != null && offset(documents.get(i).getStartMark()) <= offset) {
        found = i;
      }
    }
    return found;
  }

  /** The path of {@code object} inside {@code document}: empty, or {@code items/N...}. */
  private static List<String> objectPath(Node document, Node object) {
    List<String> path = new ArrayList<>();
    return findPath(document, object, path) ? path : List.of();
  }

  private static boolean findPath(Node node, Node object, List<String> path) {
    if (node == object) {
      return true;
    }
    if (node instanceof MappingNode m && child(m, "items") instanceof SequenceNode items) {
      for (int i = 0; i < items.getValue().size(); i++) {
        path.add("items");
        path.add(String.valueOf(i));
        if (findPath(items.getValue().get(i), object, path)) {
          return true;
        }
        path.remove(path.size() - 1);
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

  private Node find(List<Node> nodes, int line) {
    if (line <= 0) {
      return nodes.stream().filter(n -> n instanceof MappingNode).findFirst().orElse(null);
    }
    for (Node node : nodes) {
      if (node == null) {
        continue;
      }
      if (node.getStartMark().getLine() + 1 == line && node instanceof MappingNode) {
        return node;
      }
      if (node instanceof MappingNode m && child(m, "items") instanceof SequenceNode items) {
        Node found = find(items.getValue(), line);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Node child(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple t : mapping.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return t.getValueNode();
        }
      }
    }
    return null;
  }

  private static String scalar(Node node) {
    return node instanceof ScalarNode s ? s.getValue() : null;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && node.getTag().getValue().endsWith(":null");
  }

  private static boolean isFlow(Node node) {
    return node instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.FLOW
        || node instanceof SequenceNode s && s.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
  }

  private static String describe(List<String> pointer, int upTo) {
    return String.join(".", pointer.subList(0, upTo + 1));
  }

  /** The char offset of a mark (marks count code points per line). */
  private int offset(Mark mark) {
    int start = lineStarts[Math.min(mark.getLine(), lineStarts.length - 1)];
    return text.offsetByCodePoints(start, mark.getColumn());
  }

  private String keyText(String key) {
    return json ? quoted(key) : scalarText(key);
  }

  private String flowValue(Object value) {
    return value instanceof Map<?, ?> || value instanceof List<?> ? flow(value) : scalarText(value);
  }

  private String flow(Object value) {
    if (value instanceof Map<?, ?> map) {
      List<String> parts = new ArrayList<>();
      map.forEach((k, v) -> parts.add(keyText(String.valueOf(k)) + ": " + flowValue(v)));
      return "{" + String.join(", ", parts) + "}";
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(v -> parts.add(flowValue(v)));
      return "[" + String.join(", ", parts) + "]";
    }
    return scalarText(value);
  }

  /** A scalar as YAML that loads back as the same value: plain where that is safe, else quoted. */
  private String scalarText(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean || value instanceof Number) {
      return value.toString();
    }
    String s = value.toString();
    if (!json && PLAIN.matcher(s).matches() && s.equals(load(s))) {
      return s;
    }
    return quoted(s);
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static LoaderOptions options(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Math.max(3 * 1024 * 1024, text.length() + 1));
    options.setAllowDuplicateKeys(false);
    return options;
  }

  private static List<Node> compose(String text) throws Declined {
    try {
      List<Node> out = new ArrayList<>();
      for (Node node : new Yaml(options(text)).composeAll(new StringReader(text))) {
        out.add(node);
      }
      return out;
    } catch (YAMLException e) {
      throw new Declined("the file does not parse as YAML now: " + e.getMessage().lines()
          .findFirst().orElse(""));
    }
  }

  private static Object load(String text) {
    try {
      return new Yaml(options(text)).load(text);
    } catch (YAMLException e) {
      return text;
    }
  }

  private static List<Object> loadAll(String text) {
    List<Object> out = new ArrayList<>();
    for (Object doc : new Yaml(options(text)).loadAll(text)) {
      out.add(doc);
    }
    return out;
  }
}
