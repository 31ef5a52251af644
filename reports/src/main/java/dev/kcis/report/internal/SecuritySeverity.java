package dev.kcis.report.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code security-severity} SARIF gives a rule (a CVSS-like score, 0.0 to 10.0, which GitHub
 * code scanning buckets as low below 4.0, medium below 7.0, high below 9.0, critical from 9.0).
 *
 * <p>The score is the base of the control's section, by what a weakness there exposes; a CIS
 * Level 2 recommendation (defence in depth, with an operational cost) scores 1.0 lower; a few
 * rules whose failure alone opens the cluster (anonymous or unauthorised access to the API
 * server, a kubelet or etcd; cluster-admin handed out; privileged containers) have their own
 * score. docs/report-formats.md lists the table.
 */
final class SecuritySeverity {

  /** Section bases, the longest matching section id winning. */
  static final Map<String, Double> SECTIONS = Map.ofEntries(
      Map.entry("1.1", 5.5),  // control-plane config files, kubeconfigs and PKI: local access
      Map.entry("1.2", 6.5),  // API server
      Map.entry("1.3", 5.5),  // controller manager
      Map.entry("1.4", 5.5),  // scheduler
      Map.entry("2", 7.0),    // etcd: holds every Secret
      Map.entry("3.1", 6.0),  // authentication of users
      Map.entry("3.2", 5.0),  // audit logging: detection, not prevention
      Map.entry("4.1", 5.5),  // worker node config files
      Map.entry("4.2", 6.5),  // kubelet
      Map.entry("4.3", 5.0),  // kube-proxy
      Map.entry("5.1", 7.0),  // RBAC and service accounts
      Map.entry("5.2", 7.0),  // pod security: container escape
      Map.entry("5.3", 5.5),  // network policies
      Map.entry("5.4", 5.5),  // secrets management
      Map.entry("5.5", 5.0),  // admission control
      Map.entry("5.6", 4.0)); // general policies

  /** Rules whose failure alone gives unauthenticated or unrestricted access. */
  static final Map<String, Double> RULES = Map.ofEntries(
      Map.entry("apiserver-authorization-always-allow", 9.8),
      Map.entry("kubelet-authorization-mode", 9.8),
      Map.entry("kubelet-anonymous-auth", 9.1),
      Map.entry("etcd-client-cert-auth", 9.1),
      Map.entry("apiserver-anonymous-auth", 8.2),
      Map.entry("kubelet-read-only-port", 7.5),
      Map.entry("apiserver-token-auth-file", 7.5),
      Map.entry("cluster-admin-binding", 8.8),
      Map.entry("rbac-system-masters", 8.1),
      Map.entry("container-privileged", 8.8),
      Map.entry("pki-key-permissions", 7.1),
      Map.entry("admin-kubeconfig-permissions", 7.1));

  static final double DEFAULT = 5.0;

  private SecuritySeverity() {}

  /**
   * The score of a rule deciding a control of {@code section} at CIS {@code level}, as SARIF
   * wants it: a number in a string with one decimal, e.g. {@code "6.5"}.
   */
  static String of(String rule, String section, int level) {
    Double score = rule == null ? null : RULES.get(rule);
    if (score == null) {
      score = DEFAULT;
      for (String s = section; s != null && !s.isEmpty();
          s = s.contains(".") ? s.substring(0, s.lastIndexOf('.')) : null) {
        if (SECTIONS.containsKey(s)) {
          score = SECTIONS.get(s);
          break;
        }
      }
      if (level == 2) {
        score -= 1.0;
      }
    }
    return String.format(Locale.ROOT, "%.1f", Math.max(0.0, Math.min(10.0, score)));
  }
}
