package dev.kcis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official SARIF validator, {@code @microsoft/sarif-multitool} (a .NET program npm installs),
 * run on files: its SARIF rules and its GitHub code scanning ones ({@code --rule-kind Sarif;Gh}).
 * {@code .ci/run} installs it and names its executable in {@code KCIS_SARIF_MULTITOOL}; without it
 * the tests that need it are skipped, except in CI ({@code CI} set), where they fail.
 */
final class SarifMultitool {

  /** One finding of the validator. */
  record Finding(String file, String ruleId, String level, String message) {
    @Override
    public String toString() {
      return level + " " + ruleId + " " + file + ": " + message;
    }
  }

  /** What the validator said about the files, and its console output. */
  record Outcome(List<Finding> findings, String console) {}

  private SarifMultitool() {}

  /** The validator's executable; skips the test outside CI when it is not installed. */
  static Path executable() {
    String configured = System.getenv("KCIS_SARIF_MULTITOOL");
    if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
      return Path.of(configured);
    }
    String why = configured == null || configured.isBlank()
        ? "KCIS_SARIF_MULTITOOL is not set"
        : "KCIS_SARIF_MULTITOOL=" + configured + " is not an executable file";
    if (System.getenv("CI") != null) {
      fail(why + ": .ci/run installs @microsoft/sarif-multitool and sets it");
    }
    assumeTrue(false, why + " (npm install @microsoft/sarif-multitool; export "
        + "KCIS_SARIF_MULTITOOL=$(node -p \"require('@microsoft/sarif-multitool')\"))");
    return null;
  }

  /** Validates the files in one run of the validator. */
  static Outcome validate(List<Path> files, Path workDir) throws IOException, InterruptedException {
    Path output = workDir.resolve("validation.sarif");
    List<String> command = new ArrayList<>(List.of(executable().toString(), "validate"));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    command.addAll(List.of("--output", output.toAbsolutePath().toString(), "--log",
        "ForceOverwrite", "--rule-kind", "Sarif;Gh"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .directory(workDir.toFile());
    // A self-contained .NET program needs ICU unless told to do without; a clean CI has none.
    builder.environment().put("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1");
    builder.environment().put("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
    Process process = builder.start();
    byte[] console = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the SARIF validator did not finish in 120 s");
    }
    String text = new String(console, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), "the SARIF validator failed:\n" + text);
    JsonNode log = new ObjectMapper().readTree(output.toFile());
    JsonNode run = log.path("runs").path(0);
    List<Finding> findings = new ArrayList<>();
    for (JsonNode result : run.path("results")) {
      String file = result.path("locations").path(0).path("physicalLocation")
          .path("artifactLocation").path("uri").asText();
      JsonNode message = result.path("message");
      findings.add(new Finding(file, result.path("ruleId").asText(),
          result.path("level").asText("warning"), message.has("text")
              ? message.path("text").asText()
              : message.path("id").asText() + " " + message.path("arguments")));
    }
    for (JsonNode invocation : run.path("invocations")) {
      for (JsonNode n : invocation.path("toolExecutionNotifications")) {
        findings.add(new Finding("", n.path("descriptor").path("id").asText("tool"),
            n.path("level").asText("warning"), n.path("message").path("text").asText()));
      }
    }
    return new Outcome(findings, text);
  }
}
