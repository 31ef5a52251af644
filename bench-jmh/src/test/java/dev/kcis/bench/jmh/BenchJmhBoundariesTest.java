package dev.kcis.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of bench-jmh, which cli's ModuleBoundariesTest does not see (nothing the
 * CLI puts together depends on it): its classes live in its own package, so no package is split
 * with the engine's jar, and of other modules' internals they use only the entry points kept for
 * them.
 */
class BenchJmhBoundariesTest {

  /** The internal classes of other modules bench-jmh may use, and why. */
  static final Set<String> ALLOWED = Set.of(
      // the facts built from bundles and the rules fired over them, kept for the benchmarks
      "dev.kcis.engine.internal.BenchmarkSteps",
      // the generator behind kcis bench generate, the benchmarks' bundles
      "dev.kcis.cli.internal.SyntheticCluster");

  static JavaClasses classes;

  @BeforeAll
  static void importBenchJmh() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> location.contains("/bench-jmh/target/classes/"))
        .importPackages("dev.kcis");
  }

  @Test
  void itsClassesLiveInItsOwnPackage() {
    assertFalse(classes.isEmpty(), "no class of bench-jmh imported");
    Set<String> elsewhere = new TreeSet<>();
    for (JavaClass c : classes) {
      String pkg = c.getPackageName();
      if (!pkg.equals("dev.kcis.bench.jmh") && !pkg.startsWith("dev.kcis.bench.jmh.")) {
        elsewhere.add(c.getName());
      }
    }
    assertEquals(Set.of(), elsewhere, "bench-jmh classes outside dev.kcis.bench.jmh");
  }

  @Test
  void ofOtherModulesInternalsItUsesOnlyTheEntryPointsKeptForIt() {
    Set<String> used = new TreeSet<>();
    for (JavaClass c : classes) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String pkg = d.getTargetClass().getPackageName();
        if (pkg.startsWith("dev.kcis.") && !pkg.startsWith("dev.kcis.bench.")
            && (pkg.endsWith(".internal") || pkg.contains(".internal."))) {
          String target = d.getTargetClass().getName().replaceAll("\\$.*", "");
          if (!ALLOWED.contains(target)) {
            used.add(c.getName() + " -> " + target);
          }
        }
      }
    }
    assertEquals(Set.of(), used, "internals of other modules used by bench-jmh");
  }
}
