package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcis.report.ReportFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

/** Every report format from the command line, from every sample, and their counts agree. */
class ReportFormatsCliTest {

  @TempDir
  Path dir;

  static Stream<List<String>> samples() {
    return Stream.of(List.of("eval", EvalCommandTest.KUBEADM.toString()),
        List.of("eval", EvalCommandTest.HARDENED.toString()),
        List.of("scan", "--manifests", "../samples/manifests"));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everyFormatIsWrittenToItsFileAndTheCountsAgree(List<String> sample) throws Exception {
    Path out = dir.resolve("reports");
    List<String> args = new ArrayList<>(sample);
    args.addAll(List.of("--format", String.join(",", Stream.of(ReportFormat.values())
        .map(ReportFormat::id).toList()), "--output-dir", out.toString(), "--fail-on", "never"));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(ExitCode.OK, run.exit(), run.err());
    assertEquals("", run.out());
    for (ReportFormat format : ReportFormat.values()) {
      assertTrue(Files.size(out.resolve(format.fileName())) > 0, format.fileName());
      assertTrue(run.err().contains("wrote " + format.id() + " report to "), run.err());
    }
    JsonNode json = EvalCommandTest.JSON.readTree(out.resolve("kcis-report.json").toFile());
    assertTrue(EvalCommandTest.schema("report-v1.schema.json").validate(json).isEmpty());
    int results = json.at("/summary/results/total").asInt();
    assertEquals(results, json.get("results").size());

    Element junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(out.resolve("kcis-report.junit.xml").toFile()).getDocumentElement();
    assertEquals(results, Integer.parseInt(junit.getAttribute("tests")));
    assertEquals(json.at("/summary/results/FAIL").asInt() + json.at("/summary/results/WARN")
        .asInt(), Integer.parseInt(junit.getAttribute("failures")));
    assertEquals(json.at("/summary/results/INCONCLUSIVE").asInt(),
        Integer.parseInt(junit.getAttribute("errors")));

    JsonNode kubeBench = EvalCommandTest.JSON.readTree(
        out.resolve("kcis-report.kube-bench.json").toFile());
    assertEquals(json.at("/summary/controls/FAIL").asInt(),
        kubeBench.at("/Totals/total_fail").asInt());

    JsonNode sarif = EvalCommandTest.JSON.readTree(out.resolve("kcis-report.sarif").toFile());
    assertEquals("2.1.0", sarif.get("version").asText());
    long findings = json.at("/summary/results/FAIL").asInt()
        + json.at("/summary/results/WARN").asInt()
        + json.at("/summary/results/INCONCLUSIVE").asInt();
    assertEquals(findings, sarif.at("/runs/0/results").size());

    JsonNode oscal = EvalCommandTest.JSON.readTree(out.resolve("kcis-report.oscal.json").toFile());
    assertEquals(results, oscal.at("/assessment-results/results/0/observations").size());

    long csvRows = Files.readString(out.resolve("kcis-report.csv")).lines()
        .filter(line -> !line.isEmpty()).count();
    assertTrue(csvRows >= results + 1, "a header and a row per result (some cells span lines)");
    assertTrue(Files.readString(out.resolve("kcis-report.html")).startsWith("<!DOCTYPE html>"));
  }

  @Test
  void statusFilterAppliesToEveryFormatButNotToTheSummary() throws Exception {
    Path out = dir.resolve("failures");
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--format",
        "json,junit", "--status", "FAIL", "--output-dir", out.toString());
    assertEquals(ExitCode.FINDINGS, run.exit(), run.err());
    JsonNode json = EvalCommandTest.JSON.readTree(out.resolve("kcis-report.json").toFile());
    int failures = json.at("/summary/results/FAIL").asInt();
    assertEquals(failures, json.get("results").size());
    assertTrue(json.at("/summary/results/total").asInt() > failures);
    assertEquals("FAIL", json.at("/view/statuses/0").asText());
    Element junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(out.resolve("kcis-report.junit.xml").toFile()).getDocumentElement();
    assertEquals(failures, Integer.parseInt(junit.getAttribute("tests")));
  }

  @Test
  void frameworkViewInJsonAgreesWithTheControls() throws IOException {
    CliRun run = CliRun.of("eval", EvalCommandTest.KUBEADM.toString(), "--format", "json",
        "--framework", "nist-800-53-r5", "--provenance", "sourced,transitive", "--fail-on",
        "never");
    assertEquals(ExitCode.OK, run.exit(), run.err());
    JsonNode json = EvalCommandTest.JSON.readTree(run.out());
    assertTrue(EvalCommandTest.schema("report-v1.schema.json").validate(json).isEmpty());
    JsonNode framework = json.get("framework");
    assertEquals("nist-800-53-r5", framework.get("id").asText());
    assertTrue(framework.get("requirements").size() > 0);
    for (JsonNode requirement : framework.get("requirements")) {
      for (JsonNode control : requirement.get("controls")) {
        assertFalse(control.get("provenance").asText().equals("derived"), control.toString());
      }
    }
  }

  @Test
  void badReportOptionsAreOneLineAndAUsageError() throws IOException {
    String kubeadm = EvalCommandTest.KUBEADM.toString();
    for (String[] args : new String[][] {
        {"eval", kubeadm, "--format", "nope"},
        {"eval", kubeadm, "--format", "json,sarif"},
        {"eval", kubeadm, "--format", "json", "--output", "x.json", "--output-dir", "d"},
        {"eval", kubeadm, "--status", "BROKEN"},
        {"eval", kubeadm, "--framework", "iso-27001"},
        {"eval", kubeadm, "--provenance", "sourced"}}) {
      CliRun run = CliRun.of(args);
      assertEquals(ExitCode.USAGE, run.exit(), String.join(" ", args) + ": " + run.err());
      assertTrue(run.errLines().get(0).startsWith("kcis: "), run.err());
      assertEquals(2, run.errLines().size(), run.err());
    }
    Path file = Files.writeString(dir.resolve("file"), "not a directory");
    CliRun notDir = CliRun.of("eval", kubeadm, "--format", "json,csv", "--output-dir",
        file.toString());
    assertEquals(ExitCode.USAGE, notDir.exit(), notDir.err());
    Path readOnly = Files.createDirectories(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    assumeFalse(Files.isWritable(readOnly), "root writes anywhere");
    CliRun denied = CliRun.of("eval", kubeadm, "--format", "json,csv", "--output-dir",
        readOnly.resolve("sub").toString());
    assertEquals(ExitCode.USAGE, denied.exit(), denied.err());
  }
}
