package dev.kcis.engine;

import dev.kcis.engine.internal.WaiverFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The waivers of an evaluation, read from one or more waiver files: accepted risks with an owner, a
 * reason and an expiry date (docs/waivers.md).
 *
 * <pre>
 * # waivers.yaml
 * apiVersion: kcis.dev/v1
 * kind: Waivers
 * waivers:
 *   - rule: rbac-cluster-admin-binding
 *     target: ClusterRoleBinding/argocd-*
 *     reason: Argo CD manages the cluster and needs cluster-admin
 *     owner: platform-team@example.com
 *     expires: 2027-06-30
 *     ticket: SEC-1234
 * </pre>
 *
 * <pre>
 * ComplianceEngine engine = ComplianceEngine.builder()
 *     .waivers(Waivers.read(Path.of("waivers.yaml")))
 *     .build();                    // checks that every waiver names a known control or rule
 * Report report = engine.evaluate(bundle);
 * report.waivers();               // each waiver: applied, expired or unused
 * </pre>
 */
public final class Waivers {

  private static final Waivers NONE = new Waivers(List.of());

  private final List<Waiver> entries;
  /** Where each entry is written, when it was read from a file (else empty). */
  private final List<WaiverFiles.Located> located;

  private Waivers(List<Waiver> entries) {
    this.entries = List.copyOf(entries);
    this.located = List.of();
  }

  private Waivers(List<WaiverFiles.Located> located, boolean fromFiles) {
    this.located = List.copyOf(located);
    this.entries = this.located.stream().map(WaiverFiles.Located::waiver).toList();
  }

  /** No waivers. */
  public static Waivers none() {
    return NONE;
  }

  /** Waivers given in code. */
  public static Waivers of(List<Waiver> waivers) {
    return new Waivers(Objects.requireNonNull(waivers, "waivers"));
  }

  /**
   * Reads waiver files, in order (each within 16 MiB, regular files only).
   *
   * @throws WaiverException naming the file, line and column of the first problem: a malformed
   *     file, an entry without {@code control} or {@code rule}, without {@code owner} or
   *     {@code reason}, or with an {@code expires} that is not a {@code YYYY-MM-DD} date
   */
  public static Waivers read(Path... files) {
    return read(Arrays.asList(files));
  }

  /** Reads waiver files, in order; see {@link #read(Path...)}. */
  public static Waivers read(List<Path> files) {
    List<WaiverFiles.Located> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(WaiverFiles.read(Objects.requireNonNull(file, "file")));
    }
    return new Waivers(all, true);
  }

  /**
   * Parses the text of a waiver file named {@code origin} in messages; see
   * {@link #read(Path...)}.
   */
  public static Waivers parse(String text, String origin) {
    return new Waivers(WaiverFiles.parse(text, origin), true);
  }

  /** The waivers, in file order. */
  public List<Waiver> entries() {
    return entries;
  }

  /**
   * Checks that every waiver names a control of {@code profile} and a rule of {@code rules}.
   *
   * @throws WaiverException naming the waiver's file, line and field
   */
  void check(Profile profile, java.util.Set<String> rules) {
    java.util.Set<String> controls = new java.util.HashSet<>();
    profile.controls().forEach(c -> controls.add(c.id()));
    for (int i = 0; i < entries.size(); i++) {
      Waiver w = entries.get(i);
      WaiverFiles.Located at = located.isEmpty() ? null : located.get(i);
      if (w.control() != null && !controls.contains(w.control())) {
        throw problem(w, at, "control", "no control '" + w.control() + "' in the benchmark "
            + profile.id() + " (name a rule to waive it under every benchmark)");
      }
      if (w.rule() != null && !rules.contains(w.rule())) {
        throw problem(w, at, "rule", "no rule '" + w.rule() + "' (kcis rules list names them)");
      }
      if (w.control() != null && w.rule() != null && profile.control(w.control())
          .map(c -> !c.rules().contains(w.rule())).orElse(false)) {
        throw problem(w, at, "rule", "control " + w.control() + " of " + profile.id()
            + " is not decided by rule '" + w.rule() + "'");
      }
    }
  }

  private static WaiverException problem(Waiver w, WaiverFiles.Located at, String field,
      String message) {
    return at != null ? at.problem(field, message)
        : new WaiverException(w.source() + ": " + field + ": " + message);
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
