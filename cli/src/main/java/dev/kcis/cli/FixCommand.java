package dev.kcis.cli;

import dev.kcis.bundle.FactBundle;
import dev.kcis.cli.internal.Output;
import dev.kcis.collect.ManifestCollector;
import dev.kcis.collect.NodeCollector;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.ProfileChoice;
import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.fix.FileChange;
import dev.kcis.fix.FixPlan;
import dev.kcis.fix.Fixes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code kcis fix}: evaluates manifests or a node root and changes what it can fix exactly: a
 * unified diff by default, the files written with {@code --write} (docs/fix.md).
 */
@Command(
    name = "fix",
    mixinStandardHelpOptions = true,
    versionProvider = Kcis.Version.class,
    description = {
        "Evaluates manifests (--manifests) or a node's filesystem (--root) and prints the exact "
            + "changes that make failing results comply, as a unified diff on standard output; "
            + "--write applies them. Comments, key order, indentation, quoting and other "
            + "documents are kept byte for byte.",
        "Commands for file modes and owners, and fixes that need a decision (which "
            + "capabilities to keep, which NetworkPolicy to write), are listed on standard error."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ran; with --write, every change was written",
        "1:a change could not be written (the file changed since it was evaluated, or the "
            + "write failed); the others were written",
        ExitCode.HELP_USAGE,
        "3:invalid input (a manifest that cannot be parsed, a --root that is not a directory, a "
            + "profile or rule pack)"})
final class FixCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--manifests", paramLabel = "PATH", arity = "1..*",
      description = "Manifest files and directories to evaluate and fix.")
  List<Path> manifests = new ArrayList<>();

  @Option(names = "--root", paramLabel = "DIR",
      description = "A node's filesystem root (a copied tree, or / on the node itself as root): "
          + "its static pod manifests, kubelet config file, and file modes and owners.")
  Path root;

  @Option(names = "--node-name", paramLabel = "NAME",
      description = "The node's name (with --root), as for kcis collect node.")
  String nodeName;

  @Option(names = "--control", paramLabel = "ID", split = ",",
      description = "Fix only these controls (e.g. 5.2.6); default: every failing control.")
  List<String> controls = new ArrayList<>();

  @Option(names = "--dry-run",
      description = "Print the diff and the commands; change nothing (the default).")
  boolean dryRun;

  @Option(names = "--write",
      description = "Write the changes (atomically; a file that changed since it was evaluated is "
          + "left alone) and, below a copied --root or as root, run the chmod/chown commands.")
  boolean write;

  @Option(names = "--backup",
      description = "With --write, keep each changed file's old text as .FILE.kcis.bak (or "
          + ".FILE.kcis.N.bak when that exists): hidden, so that neither the kubelet nor kcis "
          + "reads it as a manifest.")
  boolean backup;

  @Option(names = "--benchmark", paramLabel = "PROFILE", defaultValue = EvaluationOptions.AUTO,
      description = "The benchmark profile, as for kcis eval. Default: ${DEFAULT-VALUE}.")
  String benchmark;

  @Option(names = "--rules", paramLabel = "DIR",
      description = "A rule pack (a directory of DRL files) over the built-in rules. Repeatable.")
  List<Path> rulePacks = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "Stack traces for internal errors.")
  boolean verbose;

  @Mixin
  InputLimit limit;

  @Override
  public Integer call() throws IOException {
    CommandLine cli = spec.commandLine();
    if (manifests.isEmpty() && root == null) {
      throw new CommandLine.ParameterException(cli, "give --manifests PATH... or --root DIR");
    }
    if (write && dryRun) {
      throw new CommandLine.ParameterException(cli, "--dry-run and --write exclude each other");
    }
    if (backup && !write) {
      throw new CommandLine.ParameterException(cli, "--backup goes with --write");
    }
    if (nodeName != null && root == null) {
      throw new CommandLine.ParameterException(cli, "--node-name goes with --root");
    }
    List<String> reading = new ArrayList<>();
    if (root != null) {
      reading.add("the node root " + root);
    }
    manifests.forEach(m -> reading.add(m.toString()));
    ((Kcis) spec.root().userObject()).reading(reading);
    ComplianceEngine.Builder builder = RuleSelection.builder(spec,
        EvaluationOptions.AUTO.equals(benchmark) ? ComplianceEngine.DEFAULT_PROFILE : benchmark,
        rulePacks);
    List<FactBundle> bundles = new ArrayList<>();
    Map<String, Path> roots = new LinkedHashMap<>();
    if (root != null) {
      FactBundle node = NodeCollector.builder().root(root).nodeName(nodeName).build().collect();
      roots.put(node.nodes().get(0).name(), root);
      bundles.add(node);
    }
    if (!manifests.isEmpty()) {
      bundles.add(ManifestCollector.of(manifests).maxFileSize(limit.bytes).collect());
    }
    if (EvaluationOptions.AUTO.equals(benchmark)) {
      builder.profile(ProfileChoice.forBundles(bundles).id());
    }
    ComplianceEngine engine = builder.build();
    Report report = engine.evaluate(bundles);
    Set<String> known = new LinkedHashSet<>();
    report.controls().forEach(c -> known.add(c.id()));
    for (String id : controls) {
      if (!known.contains(id)) {
        throw new CommandLine.ParameterException(cli, "--control " + id + ": no such control in "
            + report.profile().id());
      }
    }
    List<Result> failing = report.results().stream()
        .filter(r -> r.status() == Status.FAIL || r.status() == Status.WARN)
        .filter(r -> controls.isEmpty() || controls.contains(r.control())).toList();
    FixPlan plan = Fixes.of(engine).withNodes(bundles, roots).plan(failing);

    PrintWriter out = cli.getOut();
    PrintWriter err = cli.getErr();
    for (FileChange change : plan.changes()) {
      out.print(change.diff());
    }
    out.flush();
    boolean nodeCommands = write && root != null && (!isSystemRoot(root) || isRoot());
    for (FixPlan.Command c : plan.commands()) {
      if (!nodeCommands || c.path() == null) {
        err.println("kcis: " + (write && c.path() == null ? "run on node " + c.node() + ": "
            : write ? "run as root: " : "would run: ") + c.command());
      }
    }
    for (FixPlan.Suggestion s : plan.suggestions()) {
      Result r = s.result();
      err.println("kcis: needs a decision: " + r.control() + " " + r.target()
          + (s.file() == null ? "" : " (" + s.file() + (s.line() > 0 ? ":" + s.line() : "")
          + ")") + ": " + Kcis.oneLine(s.text()));
    }
    int fixedResults = plan.changes().stream().mapToInt(c -> c.results().size()).sum();
    if (!write) {
      err.println("kcis: " + Output.count(plan.changes().size(), "file") + " to change for "
          + Output.count(fixedResults, "result") + ", " + Output.count(plan.commands().size(),
          "command") + ", " + Output.count(plan.suggestions().size(), "suggestion")
          + "; nothing written (--write applies the changes)");
      err.flush();
      return ExitCode.OK;
    }
    int failures = 0;
    for (FileChange change : plan.changes()) {
      failures += writeChange(change, backup, err) ? 0 : 1;
    }
    if (nodeCommands) {
      for (FixPlan.Command c : plan.commands()) {
        if (c.path() != null) {
          failures += run(c, err) ? 0 : 1;
        }
      }
    }
    err.flush();
    return failures == 0 ? ExitCode.OK : ExitCode.INTERNAL;
  }

  /** Writes one file's change unless it changed since it was read; says what happened. */
  static boolean writeChange(FileChange change, boolean backup, PrintWriter err) {
    try {
      String now = InputFiles.readText(change.path(), InputFiles.MAX_LIMIT);
      if (!FileChange.sha256(now).equals(change.beforeHash())) {
        err.println("kcis: " + change.file() + " changed since it was evaluated: not written "
            + "(run kcis fix again)");
        return false;
      }
      Path target = change.path().toRealPath();
      if (backup) {
        Path copy = backupOf(target);
        Files.copy(target, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        err.println("kcis: kept " + change.file() + " as " + copy.getFileName());
      }
      Output.writeAtomically(target, change.after().getBytes(StandardCharsets.UTF_8));
      err.println("kcis: fixed " + change.file() + ": " + String.join("; ",
          change.descriptions()));
      return true;
    } catch (IOException e) {
      err.println("kcis: cannot write " + change.file() + ": " + Output.reason(e));
      return false;
    }
  }

  /**
   * A hidden name beside the file: the kubelet ignores dot files in its static pod directory (a
   * visible copy there would run as a second static pod) and kcis skips them in manifests.
   */
  private static Path backupOf(Path file) {
    Path copy = file.resolveSibling("." + file.getFileName() + ".kcis.bak");
    for (int n = 1; Files.exists(copy, LinkOption.NOFOLLOW_LINKS); n++) {
      copy = file.resolveSibling("." + file.getFileName() + ".kcis." + n + ".bak");
    }
    return copy;
  }

  /** Runs a chmod or chown below the root, on the file itself (never through a link). */
  private static boolean run(FixPlan.Command c, PrintWriter err) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(c.path(),
          PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (c.operation().equals("chmod")) {
        view.setPermissions(permissions(Integer.parseInt(c.argument(), 8)));
      } else {
        UserPrincipalLookupService names = c.path().getFileSystem().getUserPrincipalLookupService();
        String[] owner = c.argument().split(":");
        UserPrincipal user = names.lookupPrincipalByName(owner[0]);
        view.setOwner(user);
        if (owner.length > 1) {
          GroupPrincipal group = names.lookupPrincipalByGroupName(owner[1]);
          view.setGroup(group);
        }
      }
      err.println("kcis: ran " + c.command());
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      err.println("kcis: cannot " + c.command() + ": " + (e instanceof IOException io
          ? Output.reason(io) : e.getMessage()));
      return false;
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private static boolean isSystemRoot(Path root) {
    try {
      return root.toRealPath().getParent() == null;
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
