package dev.kcis.engine.internal;

import dev.kcis.engine.KcisException;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.Message;
import org.kie.api.runtime.KieContainer;

/**
 * The built-in rules: the {@code kcis-rules} kjar on the class path, compiled to the executable
 * model at build time so that loading costs well under a second. Loaded once per JVM.
 */
public final class BuiltInRules {

  /** The KieBase name declared in the kjar's kmodule.xml. */
  static final String KIE_BASE = "kcis";

  private BuiltInRules() {}

  /** The built-in rule set, loaded on first use. */
  public static RuleSet get() {
    return Holder.RULES;
  }

  private static final class Holder {
    static final RuleSet RULES = load();
  }

  private static RuleSet load() {
    KieServices services = KieServices.Factory.get();
    KieContainer container = services.getKieClasspathContainer(BuiltInRules.class.getClassLoader());
    var errors = container.verify().getMessages(Message.Level.ERROR);
    if (!errors.isEmpty()) {
      throw new KcisException("the built-in rules do not load: " + errors.get(0).getText());
    }
    if (!container.getKieBaseNames().contains(KIE_BASE)) {
      throw new KcisException("the built-in rules are not on the class path (the kcis-rules jar "
          + "declares KieBase '" + KIE_BASE + "')");
    }
    KieBase kieBase = container.getKieBase(KIE_BASE);
    return RuleSet.of("built-in rules", kieBase, rule -> "built-in " + rule.getPackageName()
        .replace('.', '/') + "/" + rule.getName() + ".drl");
  }
}
