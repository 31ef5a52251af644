package dev.kcis.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The ratio of {@link RatioBenchmark} without the step both sides share: the facts are built from
 * the generated bundle in {@code @Setup}, then {@link #rules} fires the ratio profile's fifteen
 * rules over them (a Drools session: insert, fire, verdicts) and {@link #plainLoop} runs the same
 * checks as a Java loop with its completion.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Xms4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RulesAloneBenchmark {

  @Param({"1000", "10000", "100000"})
  public int objects;

  @Param({"1", "10", "100"})
  public int nodes;

  private RulesAlone loops;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = Files.createTempDirectory("kcis-bench-jmh-");
    Path profile = GeneratedBundles.ratioProfile(dir);
    try {
      loops = new RulesAlone(profile, GeneratedBundles.generate(nodes, objects));
    } finally {
      Files.delete(profile);
      Files.delete(dir);
    }
  }

  /** The fifteen rules fired over the facts. */
  @Benchmark
  public int rules() {
    return loops.fire();
  }

  /** The fifteen checks as a Java loop over the same facts. */
  @Benchmark
  public int plainLoop() {
    return loops.plain();
  }
}
