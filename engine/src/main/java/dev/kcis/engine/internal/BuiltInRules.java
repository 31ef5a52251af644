package dev.kcis.engine.internal;

import dev.kcis.core.KcisException;
import dev.kcis.core.internal.SettingsCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.conf.EventProcessingOption;
import org.kie.internal.conf.ConsequenceExceptionHandlerOption;

/**
 * The built-in rules: the {@code kcis-rules} kjar on the class path, compiled to the executable
 * model at build time. The model classes are instantiated directly (no KieContainer, no kmodule.xml
 * parsing), which keeps loading well under a second. Loaded once per JVM.
 */
public final class BuiltInRules {

  /** The list of executable-model classes that kie-maven-plugin writes into the kjar. */
  static final String MODEL_INDEX = "META-INF/kie/dev.kcis/kcis-rules/drools-model";

  private BuiltInRules() {}

  /** The one line that says what a host lacking the rules jar adds. */
  public static String missing() {
    return "the built-in rules and profiles are not on the class path: add the dependency "
        + "dev.kcis:kcis-rules (the version of kcis-engine, " + Evaluator.version()
        + "), or depend on dev.kcis:kcis-starter, which brings both (README.md, Embedding)";
  }

  private static volatile RuleSet rules;

  /**
   * The built-in rule set, loaded on first use.
   *
   * @throws KcisException when the rules jar is not on the class path, each time it is asked
   */
  public static RuleSet get() {
    RuleSet loaded = rules;
    if (loaded == null) {
      synchronized (BuiltInRules.class) {
        if (rules == null) {
          rules = load(); // a failure is not remembered: the next call says the same
        }
        loaded = rules;
      }
    }
    return loaded;
  }

  /**
   * Starts loading the rules in the background, so that reading inputs overlaps with it; the
   * framework catalogs and the settings catalog, which the rules' metadata and the facts need,
   * load on a thread of their own meanwhile.
   */
  public static void preload() {
    background("kcis-rule-loader", () -> {
      try {
        get();
      } catch (KcisException e) {
        // build() asks again and reports it
      }
    });
    background("kcis-catalog-loader", () -> {
      FrameworkCatalogs.get();
      SettingsCatalog.get();
    });
  }

  private static void background(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static RuleSet load() {
    ClassLoader loader = BuiltInRules.class.getClassLoader();
    List<Model> models = new ArrayList<>();
    try (InputStream in = loader.getResourceAsStream(MODEL_INDEX)) {
      if (in == null) {
        throw new KcisException(missing());
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
        String name = line.trim();
        if (name.isEmpty() || name.startsWith("Drools-Model-Version")) {
          continue;
        }
        models.add((Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance());
      }
    } catch (IOException | ReflectiveOperationException e) {
      throw new KcisException("the built-in rules do not load: " + e, e);
    }
    // A rule that throws in its consequence becomes INCONCLUSIVE instead of ending the evaluation.
    Supplier<KieBase> build = () -> KieBaseBuilder.createKieBaseFromModel(models,
        EventProcessingOption.CLOUD, ConsequenceExceptionHandlerOption.get(RuleErrorHandler.class));
    return RuleSet.of("built-in rules", build.get(), build, rule -> "built-in "
        + rule.getPackageName().replace('.', '/') + "/" + rule.getName() + ".drl");
  }
}
