package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Mapping;
import dev.kcis.engine.ProfileException;
import dev.kcis.engine.RuleCompilationException;
import dev.kcis.engine.RuleLint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pack's own provenance keys, a profile extending several benchmarks, rules doc --rules. */
class PackProvenanceAndDocTest {

  static Path pack(Path dir, String extendsLine) throws IOException {
    Path pack = PackWithoutProfileTest.pack(dir);
    Files.writeString(pack.resolve("service-nodeport.drl"), PackWithoutProfileTest.RULE.replace(
        "    @remediation", "    @nist(\"SC-7 sourced:acme-policy\")\n    @remediation"));
    Files.writeString(pack.resolve("provenance.yaml"), """
        sources:
          acme-policy: "ACME Kubernetes Security Policy v3, section 4 (our own mapping)"
        """);
    Files.writeString(pack.resolve("profile.yaml"), """
        apiVersion: kcis.dev/v1
        kind: Profile
        id: acme
        %s
        sections: {"9": ACME policies}
        controls:
          - {id: "9.1", title: No NodePort Services, assessment: Automated, rules: [service-nodeport]}
        """.formatted(extendsLine));
    return pack;
  }

  @Test
  void aPackDeclaresItsOwnProvenanceKeys(@TempDir Path dir) throws IOException {
    Path pack = pack(dir, "extends: cis-1.12");
    ComplianceEngine engine = ComplianceEngine.builder().addRules(pack).build();
    Mapping nist = engine.rules().get("service-nodeport").mappings().get(0);
    assertEquals("sourced", nist.provenance());
    assertEquals("ACME Kubernetes Security Policy v3, section 4 (our own mapping) (declared by "
        + "rule pack acme-rules)", nist.basis());
    assertEquals(List.of(), RuleLint.packs(List.of(pack)), "the key is known to lint");

    Files.writeString(pack.resolve("provenance.yaml"), """
        sources:
          cis-benchmark: "ours"
        """);
    RuleCompilationException e = org.junit.jupiter.api.Assertions.assertThrows(
        RuleCompilationException.class, () -> ComplianceEngine.builder().addRules(pack).build());
    assertEquals(List.of(pack.resolve("provenance.yaml") + ":2:18: key 'cis-benchmark' is kcis's "
        + "own; give the pack's basis a key of its own"), e.problems());
  }

  @Test
  void aPackProfileMayExtendSeveralBenchmarks(@TempDir Path dir) throws IOException {
    Path pack = pack(dir, "extends: [cis-1.10, cis-1.12]");
    for (String benchmark : List.of("cis-1.12", "cis-1.10")) {
      ComplianceEngine engine = ComplianceEngine.builder().profile(benchmark).addRules(pack)
          .build();
      assertTrue(engine.profile().version().startsWith(benchmark.substring("cis-".length())),
          engine.profile().version());
      assertTrue(engine.profile().control("9.1").isPresent(), benchmark);
    }
    ProfileException e = org.junit.jupiter.api.Assertions.assertThrows(ProfileException.class,
        () -> ComplianceEngine.builder().profile("eks-1.8.0").addRules(pack).build());
    assertTrue(e.getMessage().contains("profile.yaml:4:10: extends: this rule pack's profile "
        + "extends [cis-1.10, cis-1.12] but 'eks-1.8.0' is selected"), e.getMessage());
  }

  @Test
  void rulesDocDocumentsAPack(@TempDir Path dir) throws IOException {
    Path pack = pack(dir, "extends: cis-1.12");
    CliRun doc = CliRun.of("rules", "doc", "--rules", pack.toString());
    assertEquals(0, doc.exit(), doc.err());
    assertTrue(doc.out().startsWith("# Rule pack " + pack + "\n"), doc.out());
    assertTrue(doc.out().contains("9.1"), doc.out());
    assertTrue(doc.out().contains("service-nodeport"), doc.out());
    assertTrue(doc.out().contains("declared by rule pack acme-rules"), doc.out());
    assertTrue(!doc.out().contains("apiserver-anonymous-auth"), "only the pack's controls");
  }
}
