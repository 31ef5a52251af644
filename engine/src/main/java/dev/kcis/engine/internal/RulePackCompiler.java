package dev.kcis.engine.internal;

import dev.kcis.core.KcisException;
import dev.kcis.core.internal.InputFiles;
import dev.kcis.engine.RuleCompilationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.conf.ConsequenceExceptionHandlerOption;

/**
 * Compiles rule packs (directories of DRL files) at run time with the classic builder, which
 * reports errors as {@code FILE:LINE:COL: message} against the user's own files. DRL that calls
 * out of the facts ({@code System.exit}, reflection, files...) is refused first, in the same form
 * ({@link PackSourceCheck}).
 */
public final class RulePackCompiler {

  private static final Pattern LINE_COLUMN = Pattern.compile("[Ll]ine (\\d+):(\\d+)");

  /** The file in which a pack declares provenance keys of its own (docs/authoring-rules.md). */
  public static final String PACK_PROVENANCE = "provenance.yaml";

  private RulePackCompiler() {}

  /**
   * Refuses, in one line naming the artifact to add, to compile a pack without the DRL compiler:
   * Drools would fail later with an UnsupportedOperationException that has no message.
   */
  static void requireCompiler() {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> c : new java.util.TreeMap<>(COMPILER_CLASSES).entrySet()) {
      try {
        Class.forName(c.getKey(), false, RulePackCompiler.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(c.getValue());
      }
    }
    if (!missing.isEmpty()) {
      throw new KcisException("rule packs are compiled at run time by Drools' DRL compiler, which "
          + "is not on the class path (" + String.join(", ", missing) + " missing): add the "
          + "dependency dev.kcis:kcis-packs (the version of kcis-engine, " + Evaluator.version()
          + "; README.md, Embedding)");
    }
  }

  /** Classes of the DRL compiler that kcis-packs brings, and the jars they come in. */
  private static final Map<String, String> COMPILER_CLASSES = Map.of(
      "org.drools.mvel.MVELConstraintBuilder", "drools-mvel",
      "org.drools.ecj.EclipseJavaCompiler", "drools-ecj",
      "org.eclipse.jdt.internal.compiler.Compiler", "ecj");

  /**
   * Compiles every {@code *.drl} under {@code dirs} into one rule set.
   *
   * @throws KcisException when the DRL compiler (kcis-packs) is not on the class path
   */
  public static RuleSet compile(List<Path> dirs) {
    requireCompiler();
    KieServices services = KieServices.Factory.get();
    KieFileSystem kfs = services.newKieFileSystem();
    ReleaseId releaseId = services.newReleaseId("dev.kcis.pack",
        "pack-" + Integer.toHexString(dirs.hashCode()), "1.0.0");
    kfs.generateAndWritePomXML(releaseId);
    ProvenanceCatalog provenance = ProvenanceCatalog.get();
    for (Path dir : dirs) {
      Path declared = dir.resolve(PACK_PROVENANCE);
      if (Files.exists(declared, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        provenance = provenance.withPack(declared, name == null ? dir.toString() : name.toString());
      }
    }
    Map<String, Path> resources = new HashMap<>();
    List<String> unsafe = new ArrayList<>();
    int index = 0;
    for (Path dir : dirs) {
      List<Path> drls = drlFiles(dir);
      if (drls.isEmpty()) {
        throw new KcisException(dir + ": no .drl files in this rule pack");
      }
      for (Path drl : drls) {
        String resource = "src/main/resources/pack" + index + "/"
            + dir.relativize(drl).toString().replace('\\', '/');
        String source;
        try {
          source = InputFiles.readText(drl, InputFiles.RULE_FILE_LIMIT);
        } catch (IOException e) {
          throw new KcisException(drl + ": " + InputFiles.problem(e), e);
        }
        unsafe.addAll(PackSourceCheck.check(drl, source));
        kfs.write(resource, source);
        resources.put(resource.substring("src/main/resources/".length()), drl);
      }
      index++;
    }
    if (!unsafe.isEmpty()) {
      throw new RuleCompilationException(unsafe); // before any of it is compiled
    }
    KieBuilder builder = services.newKieBuilder(kfs).buildAll();
    List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
    if (!errors.isEmpty()) {
      List<String> problems = new ArrayList<>();
      for (Message error : errors) {
        problems.add(format(error, resources));
      }
      throw new RuleCompilationException(problems);
    }
    KieContainer container = services.newKieContainer(releaseId);
    // A rule that throws in its consequence becomes INCONCLUSIVE instead of ending the evaluation.
    KieBaseConfiguration configuration = services.newKieBaseConfiguration();
    configuration.setOption(ConsequenceExceptionHandlerOption.get(RuleErrorHandler.class));
    Supplier<KieBase> build = () -> container.newKieBase(configuration);
    try {
      return RuleSet.of(String.join(", ", dirs.stream().map(Path::toString).toList()),
          build.get(), build, rule -> {
            Path file = resources.get(resourceOf(rule));
            return file != null ? file.toString() : rule.getPackageName() + "/" + rule.getName();
          }, provenance);
    } catch (RuleCompilationException e) {
      // Metadata problems name the file; give them the line and column of the annotation.
      throw new RuleCompilationException(e.problems().stream().map(PackSemantics::locate)
          .toList());
    }
  }

  private static String resourceOf(org.kie.api.definition.rule.Rule rule) {
    if (rule instanceof org.drools.base.definitions.rule.impl.RuleImpl impl
        && impl.getResource() != null && impl.getResource().getSourcePath() != null) {
      String path = impl.getResource().getSourcePath();
      return path.startsWith("src/main/resources/") ? path.substring(19) : path;
    }
    return null;
  }

  /** One error as {@code FILE:LINE:COL: message}, on one line. */
  static String format(Message error, Map<String, Path> resources) {
    String path = error.getPath();
    Path file = path == null ? null : resources.get(path.startsWith("src/main/resources/")
        ? path.substring("src/main/resources/".length()) : path);
    String text = error.getText().replaceAll("\\s+", " ").trim();
    int line = error.getLine();
    int column = error.getColumn();
    Matcher m = LINE_COLUMN.matcher(text);
    if (m.find()) {
      if (line <= 0) {
        line = Integer.parseInt(m.group(1));
      }
      if (column <= 0) {
        column = Integer.parseInt(m.group(2)) + 1; // Drools counts columns from 0
      }
    }
    if (column <= 0 && file != null && line > 0) {
      column = columnOf(file, line, text);
    }
    return (file != null ? file.toString() : path) + ":" + Math.max(line, 1) + ":"
        + Math.max(column, 1) + ": " + text;
  }

  private static final Pattern EXPRESSION = Pattern.compile("Unable to Analyse Expression (.+?):");

  /**
   * Drools reports constraint errors with the line only (its "Column" counts inside the
   * expression): find the expression on that line so users get a real column.
   */
  private static int columnOf(Path file, int line, String text) {
    Matcher m = EXPRESSION.matcher(text);
    if (!m.find()) {
      return 0;
    }
    try {
      List<String> lines = InputFiles.readText(file, InputFiles.RULE_FILE_LIMIT).lines().toList();
      if (line > lines.size()) {
        return 0;
      }
      String source = lines.get(line - 1);
      String expression = m.group(1).trim();
      int at = source.indexOf(expression);
      if (at < 0) {
        String head = expression.split("\\s+")[0];
        at = source.indexOf(head);
      }
      return at < 0 ? 0 : at + 1;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The {@code *.drl} files of a pack, sorted. */
  public static List<Path> drlFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new KcisException(dir + ": not a directory (a rule pack is a directory of .drl files)");
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      // Not only regular files: a .drl that is a FIFO or a device is reported, not skipped.
      return walk.filter(p -> p.toString().endsWith(".drl") && !Files.isDirectory(p)).sorted()
          .toList();
    } catch (IOException e) {
      throw new KcisException(dir + ": cannot read: " + e.getMessage(), e);
    }
  }
}
