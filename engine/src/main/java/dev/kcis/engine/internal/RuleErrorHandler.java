package dev.kcis.engine.internal;

import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.api.runtime.rule.ConsequenceExceptionHandler;
import org.kie.api.runtime.rule.Match;
import org.kie.api.runtime.rule.RuleRuntime;

/**
 * Isolates a rule whose consequence throws: the match becomes an INCONCLUSIVE result naming the
 * rule, its file and the exception, and the session fires on. Set on every kcis knowledge base;
 * Drools creates it by reflection, hence public. Outside a kcis evaluation it throws, as Drools'
 * default handler does.
 */
public final class RuleErrorHandler implements ConsequenceExceptionHandler {

  @Override
  public void handleException(Match match, RuleRuntime runtime, Exception exception) {
    SessionRun run = SessionRun.current();
    if (run == null) {
      throw new ConsequenceException(exception, runtime, match);
    }
    run.consequenceFailed(match, exception);
  }
}
