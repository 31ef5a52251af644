package dev.kcis.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.core.common.InternalAgenda;
import org.drools.core.phreak.RuleAgendaItem;
import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.Match;

/**
 * One session of a rule set over the facts of an evaluation, on a worker thread of its own and
 * within limits, so that no rule can hang or end an evaluation: a deadline; a bound on rule
 * firings (200,000 plus 20 per fact: the built-in rules fire about once per fact) and on the
 * facts rules insert (100,000 plus twice the evidence's), which stop a rule that loops long before
 * it fills the heap; and the end of the session by a rule ({@code drools.halt()}). The rule to
 * blame for a loop is the one that changed the working memory most (inserts, updates, deletes), or
 * else the one that fired most.
 *
 * <p>A run that is stopped halts its session between two firings; one whose rule never returns
 * (an endless loop in a consequence) is given a grace period, interrupted, then left to its daemon
 * thread: Java offers no safe way to end it. The outcome names the rule to blame when an agenda
 * listener or the exception can tell it, so the caller can run the rule set again without it.
 *
 * <p>A rule that throws in its consequence does not end the run: {@link RuleErrorHandler} turns
 * the match into an INCONCLUSIVE verdict and the session fires on. An exception in a condition
 * leaves the session unusable; the run ends FAILED, naming the rule when the message does.
 */
public final class SessionRun extends DefaultAgendaEventListener {

  /** How long a stopped session gets to halt between two firings. */
  static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Rule firings allowed whatever the evidence. */
  static final long BASE_FIRINGS = 200_000;
  /** Rule firings allowed per fact of the evidence. */
  static final long FIRINGS_PER_FACT = 20;
  /** Facts rules may insert whatever the evidence, beyond twice the evidence's facts. */
  static final long BASE_INSERTS = 100_000;

  /** The runs in progress in this JVM, for a shutdown hook to find the rule calling exit. */
  private static final Set<SessionRun> ACTIVE = ConcurrentHashMap.newKeySet();
  /** The run of the worker thread, for {@link RuleErrorHandler}. */
  private static final ThreadLocal<SessionRun> CURRENT = new ThreadLocal<>();
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Pattern RULE_NAME = Pattern.compile("Rule \"([^\"]+)\"");
  private static final Pattern CONSTRAINT = Pattern.compile("constraint '(.*?)' in \\[");
  /** Why a run stops when the thread waiting for it is interrupted: no rule is to blame. */
  private static final String INTERRUPTED = "evaluation interrupted";

  /**
   * How a run ended.
   *
   * @param completed true when every rule fired to the end
   * @param verdicts the verdicts reported
   * @param culprits the rules to blame, with why, in the order found
   * @param unfinished the rules that may not have fired to the end ({@code null}: any of them)
   * @param reason why the run did not complete, for the unfinished rules
   */
  record Outcome(boolean completed, List<Verdict> verdicts, Map<String, String> culprits,
      Set<String> unfinished, String reason) {}

  /**
   * The time an evaluation may take.
   *
   * @param timeout the time limit, for messages
   * @param deadline when it ends, in {@link System#nanoTime()}
   */
  record Limits(Duration timeout, long deadline) {

    static Limits startingNow(Duration timeout) {
      long nanos;
      try {
        nanos = Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
      } catch (ArithmeticException e) {
        nanos = Long.MAX_VALUE / 4;
      }
      return new Limits(timeout, System.nanoTime() + nanos);
    }

    long remainingNanos() {
      return deadline - System.nanoTime();
    }
  }

  private final RuleSet set;
  private final KieBase kieBase;
  private final List<Object> facts;
  private final Set<String> enabled;
  private final Limits limits;
  private final VerdictCollector collector;
  private final long maxFirings;
  private final long maxFacts;
  private final CountDownLatch done = new CountDownLatch(1);
  private final Map<String, Long> firings = new ConcurrentHashMap<>();
  /** Inserts, updates and deletes by rule consequences, by rule. */
  private final Map<String, Long> changes = new ConcurrentHashMap<>();

  private volatile Thread worker;
  private volatile KieSession session;
  private volatile boolean workerEnded;
  private volatile int inserted;
  private volatile long total;
  /** Why the run was told to stop; set once. */
  private volatile String stopReason;
  /** The rule whose consequence runs now, or {@code null}. */
  private volatile String firing;
  /** The rule whose consequence still ran when the grace period was over, or {@code null}. */
  private volatile String stuck;
  private volatile String lastFired;
  private volatile boolean exitCalled;
  /** True once the filter dropped a match because the run was told to stop. */
  private volatile boolean dropped;
  /** The rules whose matches the filter dropped after the stop. */
  private final Set<String> droppedRules = ConcurrentHashMap.newKeySet();
  private volatile Throwable failure;
  /** Rules with matches left when the session returned; {@code null} when not known. */
  private volatile Set<String> pending;

  SessionRun(RuleSet set, KieBase kieBase, List<Object> facts, Set<String> enabled,
      Limits limits) {
    this.set = set;
    this.kieBase = kieBase;
    this.facts = facts;
    this.enabled = enabled;
    this.limits = limits;
    this.collector = new VerdictCollector(set.rules());
    this.maxFirings = BASE_FIRINGS + FIRINGS_PER_FACT * facts.size();
    this.maxFacts = BASE_INSERTS + 3L * facts.size();
  }

  /** The run of the calling thread, when it is a worker. */
  static SessionRun current() {
    return CURRENT.get();
  }

  /**
   * For a shutdown hook: ends every run whose worker thread is in {@code System.exit} or
   * {@code Runtime.exit} (a rule called it) as stopped by that call, which wakes the evaluation
   * waiting for it. Returns what each was running, e.g. {@code rule "x" (/pack/x.drl)}; empty when
   * the JVM is ending for another reason.
   */
  public static List<String> endRunsCallingExit() {
    List<String> rules = new ArrayList<>();
    for (SessionRun run : ACTIVE) {
      Thread thread = run.worker;
      if (thread != null && thread != Thread.currentThread() && callsExit(thread)) {
        String rule = run.firing;
        run.exitCalled = true;
        run.stop((rule != null ? run.describe(rule) : "a rule of " + run.set.origin())
            + " called System.exit");
        run.done.countDown();
        rules.add(rule != null ? run.describe(rule) : "a rule of " + run.set.origin());
      }
    }
    return rules;
  }

  private static boolean callsExit(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getMethodName().equals("exit") && (frame.getClassName().equals("java.lang.Shutdown")
          || frame.getClassName().equals("java.lang.Runtime"))) {
        return true;
      }
    }
    return false;
  }

  /** Runs the session on a worker thread and waits for it, at most until the deadline. */
  Outcome run() {
    Thread thread = new Thread(this::work, "kcis-rules-" + THREADS.incrementAndGet());
    thread.setDaemon(true); // a rule that never returns must not keep the JVM alive
    worker = thread;
    ACTIVE.add(this);
    thread.start();
    boolean ended = await(limits.remainingNanos());
    if (!ended) {
      stop("evaluation stopped after " + text(limits.timeout()));
      KieSession s = session;
      if (s != null) {
        s.halt();
      }
      ended = await(GRACE_NANOS);
      if (!ended) {
        stuck = firing; // before the interrupt ends a sleeping consequence
        thread.interrupt(); // a rule sleeping or waiting wakes; a busy loop does not
        await(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
    return outcome();
  }

  private boolean await(long nanos) {
    try {
      return done.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(INTERRUPTED);
      return false;
    }
  }

  private void work() {
    CURRENT.set(this);
    KieSession s = null;
    try {
      s = kieBase.newKieSession();
      session = s;
      if (set.declaresVerdictGlobal()) {
        s.setGlobal(RuleSet.VERDICT_GLOBAL, collector);
      }
      s.addEventListener(collector);
      s.addEventListener(this);
      for (Object fact : facts) {
        if (stopReason != null) {
          break;
        }
        s.insert(fact);
        inserted++;
      }
      // Only what consequences change is counted: listening from here spares an event object per
      // fact of the evidence.
      s.addEventListener(new Changes());
      if (stopReason == null) {
        s.fireAllRules(this::accept);
      }
      pending = pendingRules(s);
    } catch (Throwable t) { // an Error of a rule too (stack overflow, out of memory): isolated
      failure = t;
    } finally {
      CURRENT.remove();
      if (s != null && !exitCalled) {
        try {
          s.dispose();
        } catch (RuntimeException e) {
          // a session a rule broke: it is dropped all the same
        }
      }
      workerEnded = true;
      ACTIVE.remove(this);
      done.countDown();
    }
  }

  /** The agenda filter: the enabled rules, and none once the run was told to stop. */
  private boolean accept(Match match) {
    if (stopReason != null) {
      dropped = true;
      droppedRules.add(match.getRule().getName());
      session.halt();
      return false;
    }
    return enabled.contains(match.getRule().getName());
  }

  @Override
  public void beforeMatchFired(BeforeMatchFiredEvent event) {
    firing = event.getMatch().getRule().getName();
  }

  @Override
  public void afterMatchFired(AfterMatchFiredEvent event) {
    String rule = event.getMatch().getRule().getName();
    firing = null;
    lastFired = rule;
    firings.merge(rule, 1L, Long::sum);
    long n = ++total;
    if (n > maxFirings) {
      stop(String.format("evaluation stopped after %,d rule firings (over the limit for %,d "
          + "facts of evidence)", n, facts.size()));
    } else if ((n & 1023) == 0 && session.getFactCount() > maxFacts) {
      stop(String.format("evaluation stopped when rules had inserted %,d facts (over the limit for "
          + "%,d facts of evidence)", session.getFactCount() - facts.size(), facts.size()));
    }
    if (stopReason != null) {
      session.halt();
    }
  }

  /** Called by {@link RuleErrorHandler} on the worker thread: the match becomes INCONCLUSIVE. */
  void consequenceFailed(Match match, Exception exception) {
    String rule = match.getRule().getName();
    firing = null;
    collector.failed(rule, match.getObjects(), describe(rule) + " failed: " + cause(exception));
  }

  private void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  private Outcome outcome() {
    List<Verdict> verdicts = collector.verdicts();
    Set<String> left = pending == null ? null : new HashSet<>(pending);
    if (left != null) {
      left.retainAll(enabled);
    }
    boolean whole = workerEnded && failure == null && inserted == facts.size() && !dropped;
    if (whole && (left == null ? stopReason == null : left.isEmpty())) {
      // Every rule fired to the end (a stop asked for as the session ended changed nothing).
      return new Outcome(true, verdicts, Map.of(), Set.of(), null);
    }
    if (whole && stopReason == null) {
      // Matches are left though nothing stopped the session: a rule halted it.
      String culprit = lastFired;
      String reason = (culprit != null ? describe(culprit) : "a rule of " + set.origin())
          + " halted the evaluation";
      left.remove(culprit);
      return new Outcome(false, verdicts, culprit == null ? Map.of() : Map.of(culprit, reason),
          left, reason);
    }
    if (failure != null && stopReason == null) {
      Map<String, String> culprits = new LinkedHashMap<>();
      String what = cause(failure);
      if (firing != null) {
        culprits.put(firing, describe(firing) + " failed: " + what);
      }
      for (String rule : rulesNamedIn(failure)) {
        culprits.putIfAbsent(rule, describe(rule) + " failed while its conditions were evaluated: "
            + what);
      }
      String reason = culprits.isEmpty() ? "the rules of " + set.origin() + " failed: " + what
          : "evaluation failed: " + culprits.values().iterator().next();
      return new Outcome(false, verdicts, culprits, null, reason);
    }
    // Stopped: by the time limit, a limit on firings or facts, a rule calling exit, or the caller.
    String stuck = this.stuck != null ? this.stuck : firing;
    String culprit = INTERRUPTED.equals(stopReason) ? null
        : stuck != null ? stuck : exitCalled ? null : topFirer();
    String reason;
    if (exitCalled || INTERRUPTED.equals(stopReason)) {
      reason = stopReason;
    } else if (stuck != null) {
      reason = stopReason + ": " + describe(stuck) + " was still firing";
    } else if (culprit != null) {
      reason = String.format("%s: %s had fired %,d times", stopReason, describe(culprit),
          firings.get(culprit));
    } else {
      reason = stopReason + " while the conditions of the rules of " + set.origin()
          + " were evaluated";
    }
    // What is left on the agenda is known only when the session returned with all facts in.
    Set<String> unfinished = workerEnded && failure == null && inserted == facts.size()
        && left != null ? left : null;
    if (unfinished != null) {
      unfinished.addAll(droppedRules);
      unfinished.retainAll(enabled);
      unfinished.remove(culprit);
    }
    return new Outcome(false, verdicts, culprit == null ? Map.of() : Map.of(culprit, reason),
        unfinished, reason);
  }

  /** The rule to blame for a loop: the one that changed the facts most, else fired most. */
  private String topFirer() {
    Map<String, Long> counts = changes.isEmpty() ? firings : changes;
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
        .orElse(null);
  }

  /** Counts what consequences insert, update and delete (the evidence's facts have no rule). */
  private final class Changes implements RuleRuntimeEventListener {
    @Override
    public void objectInserted(ObjectInsertedEvent event) {
      count(event.getRule());
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
      count(event.getRule());
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
      count(event.getRule());
    }

    private void count(Rule rule) {
      if (rule != null) {
        changes.merge(rule.getName(), 1L, Long::sum);
      }
    }
  }

  /** {@code rule "id" (file)}. */
  private String describe(String rule) {
    RuleInfo info = set.rules().get(rule);
    return "rule \"" + rule + "\"" + (info == null ? "" : " (" + info.origin() + ")");
  }

  /** The rules of this set an exception names ({@code Rule "x"} in Drools' messages). */
  private Set<String> rulesNamedIn(Throwable failure) {
    Set<String> named = new java.util.LinkedHashSet<>();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Matcher m = RULE_NAME.matcher(String.valueOf(t.getMessage()));
      while (m.find()) {
        if (set.hasDrlRule(m.group(1))) {
          named.add(m.group(1));
        }
      }
    }
    return named;
  }

  /** The root cause of an exception, in one short line, with the constraint it was in. */
  static String cause(Throwable failure) {
    Throwable root = failure;
    String constraint = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Matcher m = CONSTRAINT.matcher(String.valueOf(t.getMessage()));
      if (constraint == null && m.find()) {
        constraint = m.group(1);
      }
      root = t;
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage()
        .replaceAll("\\s+", " ").trim();
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    return root.getClass().getSimpleName() + message
        + (constraint == null ? "" : " in constraint '" + constraint + "'");
  }

  /** The rules with matches left on the agenda; {@code null} when Drools' internals do not say. */
  private static Set<String> pendingRules(KieSession session) {
    try {
      InternalAgenda agenda = (InternalAgenda) session.getAgenda();
      if (agenda.hasPendingPropagations()) {
        return null;
      }
      Set<String> rules = new HashSet<>();
      for (RuleAgendaItem item : agenda.getAgendaGroupsManager().getActivations()) {
        rules.add(item.getRule().getName());
      }
      return rules;
    } catch (RuntimeException | LinkageError e) {
      return null; // another Drools: the caller assumes nothing
    }
  }

  static String text(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
