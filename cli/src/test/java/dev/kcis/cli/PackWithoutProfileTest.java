package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule pack without profile.yaml is reported under a section of its own, never dropped. */
class PackWithoutProfileTest {

  static final String RULE = """
      package acme.rules

      import dev.kcis.facts.KubeObject
      global dev.kcis.facts.Verdicts verdict

      rule "service-nodeport"
          @scope("objects:Service")
          @message("a Service is exposed on every node's address (NodePort)")
          @remediation("Use a ClusterIP Service behind the ingress controller.")
      when
          $service : KubeObject(kind == "Service", get("spec.type") == "NodePort")
      then
          verdict.fail("no Service of type NodePort", $service);
      end
      """;

  static final String CASES = """
      rule: service-nodeport
      cases:
        - name: a ClusterIP service passes
          bundle:
            objects:
              - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}, spec: {type: ClusterIP}}
          expect:
            - {target: cluster, status: PASS}
        - name: a NodePort service fails
          bundle:
            objects:
              - {apiVersion: v1, kind: Service, metadata: {name: web, namespace: shop}, spec: {type: NodePort}}
          expect:
            - {target: Service/shop/web, status: FAIL}
        - name: no services is inconclusive
          expect:
            - {target: cluster, status: INCONCLUSIVE}
      """;

  static Path pack(Path dir) throws IOException {
    Path pack = Files.createDirectories(dir.resolve("acme-rules"));
    Files.writeString(pack.resolve("service-nodeport.drl"), RULE);
    Files.createDirectories(pack.resolve("tests"));
    Files.writeString(pack.resolve("tests/service-nodeport.yaml"), CASES);
    return pack;
  }

  @Test
  void scanReportsThePackRulesUnderTheirOwnSection(@TempDir Path dir) throws IOException {
    Path pack = pack(dir);
    Path manifests = dir.resolve("m.yaml");
    Files.writeString(manifests, """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {type: NodePort}
        """);
    Path out = dir.resolve("report.json");
    CliRun scan = CliRun.of("scan", "--manifests", manifests.toString(), "--rules",
        pack.toString(), "--benchmark=cis-1.12", "--format", "json", "--output", out.toString());
    assertEquals(4, scan.exit(), scan.err());
    List<String> notice = scan.errLines().stream().filter(l -> l.contains("no profile.yaml"))
        .toList();
    assertEquals(List.of("kcis: rule pack " + pack + " has no profile.yaml: its 1 rule is "
        + "reported under section 'acme-rules', one control per rule (add a profile.yaml to "
        + "choose control ids)"), notice, scan.err());
    JsonNode report = new ObjectMapper().readTree(Files.readString(out));
    JsonNode control = null;
    for (JsonNode c : report.get("controls")) {
      if (c.get("id").asText().equals("service-nodeport")) {
        control = c;
      }
    }
    assertTrue(control != null, "the pack's rule is a control of the report");
    assertEquals("acme-rules", control.get("section").asText());
    assertEquals("a Service is exposed on every node's address (NodePort)",
        control.get("title").asText());
    assertEquals("FAIL", control.get("status").asText());
  }

  @Test
  void lintSaysSoAndShowFindsTheRule(@TempDir Path dir) throws IOException {
    Path pack = pack(dir);
    CliRun lint = CliRun.of("rules", "lint", pack.toString());
    assertEquals(0, lint.exit(), lint.out() + lint.err());
    assertEquals(1, lint.errLines().stream().filter(l -> l.equals("kcis: rule pack " + pack
        + " has no profile.yaml: kcis eval reports its rules under a section of its own, one "
        + "control per rule (add a profile.yaml to choose control ids)")).count(), lint.err());

    CliRun show = CliRun.of("rules", "show", "service-nodeport", "--rules", pack.toString());
    assertEquals(0, show.exit(), show.err());
    assertTrue(show.out().contains("controls:    cis-1.12 service-nodeport"), show.out());
    assertTrue(show.out().contains("test cases:  3"), show.out());
  }
}
