/**
 * The fact model that rules match: small immutable values shaped for the conditions that read them.
 *
 * <p>The engine turns fact bundles into these facts before a session fires. Rules judge, they never
 * gather: every value here was collected and resolved (flag over config file over default) before
 * a rule sees it. Rules report verdicts through the {@link dev.kcis.facts.Verdicts} global
 * {@code verdict}.
 *
 * <pre>
 * rule "kubelet-anonymous-auth"
 *     &#64;scope("component:kubelet")
 * when
 *     $anonymous : Setting(component == "kubelet", name == "authentication.anonymous.enabled")
 * then
 *     verdict.expect($anonymous, "false");
 * end
 * </pre>
 */
package dev.kcis.facts;
