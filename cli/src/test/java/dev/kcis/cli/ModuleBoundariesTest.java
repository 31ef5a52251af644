package dev.kcis.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of kcis (README.md, Embedding), checked on the compiled classes of every
 * module the CLI puts together: collectors and core stay off the engine and off Drools, a
 * module's {@code internal} packages are its own, no Drools type appears in the public API, and
 * no package is split across two jars (which the module path refuses).
 *
 * <p>Modules are told apart by package: {@code dev.kcis.core}, {@code dev.kcis.bundle} and
 * {@code dev.kcis.facts} are kcis-core; {@code dev.kcis.engine} kcis-engine; {@code
 * dev.kcis.collect} kcis-facts-collectors; {@code dev.kcis.report}, {@code dev.kcis.fix}, {@code
 * dev.kcis.history} and {@code dev.kcis.cli} the modules of the same names.
 */
class ModuleBoundariesTest {

  static final String[] DROOLS = {"org.drools..", "org.kie..", "org.mvel2..", "org.eclipse.jdt.."};

  /**
   * The documented exceptions: the CLI, an application of this repository, drives internals of
   * other modules that have no public API yet. Each is "user -> internal class: why".
   */
  static final Map<String, String> ALLOWED = Map.of(
      "dev.kcis.cli.internal.ExitGuard -> dev.kcis.engine.internal.SessionRun",
      "names the pack rules that called System.exit when the CLI's exit guard stops them",
      "dev.kcis.cli.EvaluationOptions -> dev.kcis.report.internal.HtmlReport",
      "the HTML report with a trend section from the history store",
      "dev.kcis.cli.EvaluationOptions -> dev.kcis.history.internal.TrendChart",
      "the trend section of the HTML report",
      "dev.kcis.cli.HistoryTrendCommand -> dev.kcis.history.internal.TrendChart",
      "kcis history trend --html",
      "dev.kcis.cli.DiffCommand -> dev.kcis.report.internal.DiffWriter",
      "the one-line summary kcis diff prints on stderr");

  static JavaClasses classes;

  @BeforeAll
  static void importKcis() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        // The executable model generated from the built-in DRL: Drools code by design, no API.
        .withImportOption(location -> !location.contains("/dev/kcis/rules/"))
        .importPackages("dev.kcis");
  }

  static String moduleOf(String packageName) {
    for (String core : new String[] {"dev.kcis.core", "dev.kcis.bundle", "dev.kcis.facts"}) {
      if (packageName.equals(core) || packageName.startsWith(core + ".")) {
        return "core";
      }
    }
    String[] parts = packageName.split("\\.");
    return parts.length > 2 ? parts[2] : packageName;
  }

  @Test
  void collectorsAndCoreStayOffTheEngineAndOffDrools() {
    noClasses().that().resideInAnyPackage("dev.kcis.collect..", "dev.kcis.core..",
            "dev.kcis.bundle..", "dev.kcis.facts..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.kcis.engine..")
        .orShould().dependOnClassesThat().resideInAnyPackage(DROOLS)
        .because("a node collector must run without the engine and without Drools (kcis-core)")
        .check(classes);
  }

  @Test
  void internalPackagesAreTheirModulesOwn() {
    classes().should(new ArchCondition<JavaClass>("use only their own module's internal packages"
        + " (or kcis-core's shared ones, or a documented exception)") {
      @Override
      public void check(JavaClass user, ConditionEvents events) {
        for (Dependency d : user.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          String pkg = target.getPackageName();
          if (!pkg.startsWith("dev.kcis.") || !(pkg.endsWith(".internal")
              || pkg.contains(".internal."))) {
            continue;
          }
          if (moduleOf(pkg).equals(moduleOf(user.getPackageName())) || shared(pkg)) {
            continue;
          }
          String edge = user.getName().replaceAll("\\$.*", "") + " -> "
              + target.getName().replaceAll("\\$.*", "");
          if (!ALLOWED.containsKey(edge)) {
            events.add(SimpleConditionEvent.violated(user, edge + " (" + d.getDescription()
                + ")"));
          }
        }
      }
    }).check(classes);
  }

  /**
   * The internals of kcis-core that every kcis module may use: what collectors and the engine
   * share (bundle reading and writing, redaction, the settings catalog, node layouts, argument
   * parsing, bounded input reading). Hosts may not: they are not API.
   */
  static boolean shared(String pkg) {
    return pkg.startsWith("dev.kcis.core.internal") || pkg.startsWith("dev.kcis.bundle.internal");
  }

  @Test
  void noDroolsTypeInThePublicApi() {
    DescribedPredicate<JavaClass> drools = DescribedPredicate.describe("a Drools type",
        c -> Stream.of("org.drools.", "org.kie.", "org.mvel2.")
            .anyMatch(p -> c.getName().startsWith(p)));
    classes().that().arePublic().and().resideOutsideOfPackage("..internal..")
        .should(new ArchCondition<JavaClass>("expose no Drools type in public signatures") {
          @Override
          public void check(JavaClass api, ConditionEvents events) {
            Set<String> found = new TreeSet<>();
            api.getRawSuperclass().filter(drools)
                .ifPresent(s -> found.add("extends " + s.getName()));
            api.getRawInterfaces().stream().filter(drools)
                .forEach(i -> found.add("implements " + i.getName()));
            for (JavaCodeUnit unit : api.getCodeUnits()) {
              if (!visible(unit.getModifiers())) {
                continue;
              }
              unit.getReturnType().getAllInvolvedRawTypes().stream().filter(drools)
                  .forEach(t -> found.add(unit.getFullName() + " returns " + t.getName()));
              unit.getParameterTypes().forEach(p -> p.getAllInvolvedRawTypes().stream()
                  .filter(drools)
                  .forEach(t -> found.add(unit.getFullName() + " takes " + t.getName())));
            }
            for (JavaField field : api.getFields()) {
              if (visible(field.getModifiers())) {
                field.getType().getAllInvolvedRawTypes().stream().filter(drools)
                    .forEach(t -> found.add(field.getFullName() + " is " + t.getName()));
              }
            }
            found.forEach(f -> events.add(SimpleConditionEvent.violated(api, f)));
          }
        }).check(classes);
  }

  static boolean visible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  @Test
  void noPackageIsSplitAcrossJars() {
    Map<String, Set<String>> locations = new TreeMap<>();
    for (JavaClass c : classes) {
      c.getSource().ifPresent(s -> locations.computeIfAbsent(c.getPackageName(),
          k -> new TreeSet<>()).add(origin(s.getUri().toString())));
    }
    Map<String, Set<String>> split = new TreeMap<>();
    locations.forEach((pkg, from) -> {
      if (from.size() > 1) {
        split.put(pkg, from);
      }
    });
    assertEquals(Map.of(), split, "packages in more than one jar or classes directory");
  }

  /** The jar or classes directory a class file came from. */
  static String origin(String uri) {
    int jar = uri.indexOf("!/");
    if (jar >= 0) {
      return uri.substring(0, jar);
    }
    int classes = uri.indexOf("/target/classes/");
    return classes >= 0 ? uri.substring(0, classes) : uri;
  }
}
