package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Control;
import dev.kcis.engine.Profile;
import dev.kcis.engine.Report;
import dev.kcis.engine.RuleCompilationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules defined by a table over one base rule, in a pack compiled at run time. */
class RuleTablesTest {

  static final String BASE = """
      package org.example.rules
      import dev.kcis.facts.NodeFile
      import dev.kcis.facts.Parameters
      global dev.kcis.facts.Verdicts verdict

      rule "file-mode"
          @table("modes.yaml")
      when
          $p : Parameters(base == "file-mode")
          $f : NodeFile(role memberOf $p.list("roles"))
      then
          verdict.check($f.hasModeAtMost($p.mode("mode")), "mode " + $p.mode("mode"), $f);
      end
      """;

  static final String TABLE = """
      rules:
        - id: key-mode
          base: file-mode
          scope: node
          message: "a key is too open"
          remediation: "chmod 600 the key"
          nist: "AC-3 derived:fileperm"
          values: {roles: pki-key, mode: "600"}
        - id: cert-mode
          base: file-mode
          scope: node
          params: "mode:mode=644 (the most permissive mode allowed)"
          message: "a certificate is more permissive than {mode}"
          remediation: "chmod {mode} the certificate"
          values: {roles: "pki-cert,ca-cert"}
      """;

  static final String BUNDLE = """
      apiVersion: kcis.dev/v1
      kind: FactBundle
      nodes:
        - name: w-1
          files:
            - {path: /pki/a.key, role: pki-key, type: file, mode: "0640"}
            - {path: /pki/a.crt, role: pki-cert, type: file, mode: "0644"}
            - {path: /pki/ca.crt, role: ca-cert, type: file, mode: "0600"}
      """;

  static Control control(String id, String rule, Map<String, String> params) {
    return new Control(id, rule, "9", "Automated", 1, List.of(rule), null, List.of(), params,
        null);
  }

  static ComplianceEngine engine(Path dir, Control... controls) {
    return ComplianceEngine.builder().withoutBuiltInRules().addRules(dir)
        .profile(new Profile("test", "test", "1", Map.of("9", "files"), List.of(controls)))
        .build();
  }

  @Test
  void eachEntryIsARuleJudgedByTheBaseRule(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("file-mode.drl"), BASE);
    Files.writeString(dir.resolve("modes.yaml"), TABLE);
    ComplianceEngine engine = engine(dir, control("9.1", "key-mode", Map.of()),
        control("9.2", "cert-mode", Map.of()), control("9.3", "cert-mode", Map.of("mode", "600")));
    assertEquals(java.util.Set.of("key-mode", "cert-mode"), engine.rules().keySet(),
        "the base rule is no rule of its own");
    assertEquals("mode", engine.rules().get("cert-mode").params().get(0).name());
    Report report = engine.evaluate(FactBundle.parse(BUNDLE, "t.yaml"));
    assertEquals(List.of(
        "9.1 key-mode FAIL node/w-1:/pki/a.key a key is too open | chmod 600 the key",
        "9.2 cert-mode PASS node/w-1:/pki/a.crt null | chmod 644 the certificate",
        "9.2 cert-mode PASS node/w-1:/pki/ca.crt null | chmod 644 the certificate",
        "9.3 cert-mode FAIL node/w-1:/pki/a.crt a certificate is more permissive than 600 | chmod "
            + "600 the certificate",
        "9.3 cert-mode PASS node/w-1:/pki/ca.crt null | chmod 600 the certificate"),
        report.results().stream().map(r -> r.control() + " " + r.rule() + " " + r.status() + " "
            + r.target() + " " + r.message() + " | " + r.remediation()).sorted().toList());
    assertTrue(engine.rules().get("key-mode").mappings().stream()
        .anyMatch(m -> m.id().equals("AC-3")));
  }

  @Test
  void anEntryWhoseBaseDoesNotExistFailsTheLoad(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("file-mode.drl"), BASE);
    Files.writeString(dir.resolve("modes.yaml"), TABLE.replace("id: cert-mode\n    base: file-mode",
        "id: cert-mode\n    base: file-modes"));
    RuleCompilationException e = assertThrows(RuleCompilationException.class,
        () -> engine(dir, control("9.1", "key-mode", Map.of())));
    assertTrue(e.problems().toString().contains("rule \"cert-mode\": base rule \"file-modes\" "
        + "does not exist"), e.problems().toString());
  }

  @Test
  void aMissingTableAndBadMetadataAreNamed(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("file-mode.drl"), BASE);
    RuleCompilationException missing = assertThrows(RuleCompilationException.class,
        () -> engine(dir, control("9.1", "key-mode", Map.of())));
    assertTrue(missing.problems().get(0).contains("@table \"modes.yaml\" is not found"),
        missing.problems().toString());
    Files.writeString(dir.resolve("modes.yaml"), TABLE.replace("nist: \"AC-3 derived:fileperm\"",
        "nist: \"AC-3 derived:nosuchkey\""));
    RuleCompilationException bad = assertThrows(RuleCompilationException.class,
        () -> engine(dir, control("9.1", "key-mode", Map.of())));
    assertTrue(bad.problems().get(0).contains("modes.yaml: rule \"key-mode\""),
        bad.problems().toString());
    assertFalse(bad.problems().get(0).contains("file-mode.drl"), bad.problems().toString());
  }
}
