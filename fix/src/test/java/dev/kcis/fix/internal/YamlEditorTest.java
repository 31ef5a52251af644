package dev.kcis.fix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlEditorTest {

  private static String set(String text, int line, String kind, String pointer, Object value)
      throws YamlEditor.Declined {
    YamlEditor editor = new YamlEditor(text, false);
    YamlEditor.Edit edit = editor.set(line, kind, null, Pointers.parse(pointer), value);
    return edit == null ? text : editor.apply(edit);
  }

  @Test
  void aScalarIsReplacedWhereItStandsKeepingTheCommentBesideIt() throws Exception {
    String text = "kind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true   # needed?\n"
        + "  containers: []\n";
    assertEquals("kind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: false   # needed?\n"
        + "  containers: []\n", set(text, 1, "Pod", "/spec/hostPID", false));
  }

  @Test
  void aMissingKeyIsAddedAfterTheLastEntryOfAContainerInASequence() throws Exception {
    String text = """
        # web
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web   # the app
              image: nginx
              args:
                - --port=80
            - name: side
              image: busybox
        """;
    String edited = set(text, 2, "Pod",
        "/spec/containers/0/securityContext/allowPrivilegeEscalation", false);
    assertEquals("""
        # web
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web   # the app
              image: nginx
              args:
                - --port=80
              securityContext:
                allowPrivilegeEscalation: false
            - name: side
              image: busybox
        """, edited);
  }

  @Test
  void aFlowMappingGetsTheKeyBeforeItsBrace() throws Exception {
    String text = "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        + "    - {name: web, image: nginx, securityContext: {runAsUser: 1}}\n";
    assertEquals("kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        + "    - {name: web, image: nginx, securityContext: {runAsUser: 1, "
        + "capabilities: {drop: [ALL]}}}\n",
        set(text, 1, "Pod", "/spec/containers/0/securityContext/capabilities/drop",
            List.of("ALL")));
  }

  @Test
  void otherDocumentsAndSeparatorsStayByteIdentical() throws Exception {
    String first = "# first\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n";
    String second = "---\n# second\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n"
        + "  name: default\n  namespace: x\n";
    String third = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
        + "data: {\"k\": 'v'}\n";
    String edited = set(first + second + third, 8, "ServiceAccount",
        "/automountServiceAccountToken", false);
    assertTrue(edited.startsWith(first));
    assertTrue(edited.endsWith(third));
    assertTrue(edited.contains("  namespace: x\nautomountServiceAccountToken: false\n---"));
  }

  @Test
  void aValueAlreadySetIsNoEdit() throws Exception {
    YamlEditor editor = new YamlEditor("kind: Pod\nmetadata: {name: p}\nspec: {hostPID: false}\n",
        false);
    assertNull(editor.set(1, "Pod", null, Pointers.parse("/spec/hostPID"), false));
  }

  @Test
  void anotherObjectOnTheLineIsDeclined() {
    assertThrows(YamlEditor.Declined.class,
        () -> set("kind: Pod\nmetadata: {name: p}\n", 1, "Deployment", "/spec/x", true));
  }

  @Test
  void aBlockValueToReplaceIsDeclinedWithWhatToSet() {
    String text = "kind: Pod\nmetadata: {name: p}\nspec:\n  c:\n    drop:\n      - NET_RAW\n";
    YamlEditor.Declined d = assertThrows(YamlEditor.Declined.class,
        () -> set(text, 1, "Pod", "/spec/c/drop", List.of("ALL")));
    assertTrue(d.getMessage().contains("[ALL]"), d.getMessage());
  }

  @Test
  void jsonStaysJson() throws Exception {
    String text = "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": {}}\n";
    YamlEditor editor = new YamlEditor(text, true);
    String edited = editor.apply(editor.set(1, "Pod", "p", Pointers.parse("/spec/hostPID"),
        false));
    assertEquals("{\"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, "
        + "\"spec\": {\"hostPID\": false}}\n", edited);
  }

  @Test
  void stringsThatWouldLoadAsAnotherTypeAreQuoted() throws Exception {
    String text = "kind: Pod\nmetadata:\n  name: p\n";
    assertEquals("kind: Pod\nmetadata:\n  name: p\n  labels:\n    team: \"true\"\n",
        set(text, 1, "Pod", "/metadata/labels/team", "true"));
  }

  @Test
  void aListKindItemIsFoundByItsLine() throws Exception {
    String text = "apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n"
        + "- kind: Pod\n  metadata: {name: b}\n  spec: {}\n";
    assertEquals("apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n"
        + "- kind: Pod\n  metadata: {name: b}\n  spec: {hostIPC: false}\n",
        set(text, 6, "Pod", "/spec/hostIPC", false));
  }

  @Test
  void crlfFilesGetCrlfLines() throws Exception {
    String text = "kind: Pod\r\nmetadata:\r\n  name: p\r\n";
    assertEquals("kind: Pod\r\nmetadata:\r\n  name: p\r\n  namespace: x\r\n",
        set(text, 1, "Pod", "/metadata/namespace", "x"));
  }
}
