package dev.kcis.bench.jmh;

import dev.kcis.engine.ComplianceEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the rule base: the built-in rules (the executable model of the kcis-rules kjar) loaded
 * into a knowledge base and the cis-1.12 profile checked against them, as every {@code kcis eval}
 * process does once. The rules load once per JVM, so {@link #coldBuild} is one shot per fresh JVM
 * (many forks); {@link #warmBuild} is what another engine costs in a JVM that has them (profile
 * and evaluator only).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RuleBaseBenchmark {

  /** The first engine in a fresh JVM: rules loaded, knowledge base built, profile read. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Fork(value = 10)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public ComplianceEngine coldBuild() {
    return ComplianceEngine.builder().profile("cis-1.12").build();
  }

  /** Another engine once the rules are loaded: the profile read and checked. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Fork(value = 1)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public ComplianceEngine warmBuild() {
    return ComplianceEngine.builder().profile("cis-1.12").build();
  }
}
