package dev.kcis.bench.jmh;

import dev.kcis.bundle.FactBundle;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rule engine's cost as a ratio (issue 11): the engine restricted to fifteen controls (the
 * ratio profile) against {@link PlainChecks}, the same checks as one Java loop, on the same
 * generated bundle in the same JVM. Both start from the bundle and build the facts with the
 * engine's FactAssembler; {@link #assembleOnly} measures that shared step alone, so the rules'
 * own ratio is {@code (engine - assemble) / (plain - assemble)}. The engine also assembles its
 * report, which the plain loop does not: that is counted on the engine's side, as a user pays it.
 * RatioAgreementTest checks that both give the same verdicts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Xms4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RatioBenchmark {

  @Param({"1000", "10000", "100000"})
  public int objects;

  @Param({"1", "10", "100"})
  public int nodes;

  private FactBundle bundle;
  private ComplianceEngine engine;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    bundle = GeneratedBundles.generate(nodes, objects);
    Path dir = Files.createTempDirectory("kcis-bench-jmh-");
    try {
      Path profile = GeneratedBundles.ratioProfile(dir);
      engine = ComplianceEngine.builder().profile(profile).build();
      Files.delete(profile);
    } finally {
      Files.delete(dir);
    }
  }

  /** The engine, fifteen rules, from the bundle to the report. */
  @Benchmark
  public Report engine() {
    return engine.evaluate(bundle);
  }

  /** The same fifteen checks as a plain Java loop, from the bundle to the verdicts. */
  @Benchmark
  public List<PlainChecks.Finding> plain() {
    return PlainChecks.evaluate(List.of(bundle));
  }

  /** What both do first: the facts built from the bundle. */
  @Benchmark
  public List<Object> assembleOnly() {
    return PlainChecks.facts(List.of(bundle));
  }
}
