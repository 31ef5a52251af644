package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcis.engine.RuleCompilationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule pack DRL that reaches outside the facts is refused with FILE:LINE:COL. */
class PackSourceCheckTest {

  static final Path FILE = Path.of("pack/r.drl");

  static List<String> check(String consequence) {
    return PackSourceCheck.check(FILE, RulePackCompilerTest.HEADER + """
        rule "r"
        when
            $p : Setting()
        then
            %s
        end
        """.formatted(consequence));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "System.exit(0);                                   | System.exit | 5",
      "System . exit ( 0 );                              | System.exit | 5",
      "java.lang.System.exit(0);                         | System.exit | 5",
      "\\u0053ystem.exit(0);                             | System.exit | 5",
      "System.\\uuu0065xit(0);                           | System.exit | 5",
      "Runtime.getRuntime().halt(0);                     | Runtime | 5",
      "new ProcessBuilder(\"sh\").start();               | ProcessBuilder | 9",
      "new Thread(() -> {}).start();                     | Thread | 9",
      "Class.forName(\"java.lang.Sys\" + \"tem\");       | forName | 11",
      "String.class.getMethod(\"x\").invoke(null);       | getMethod | 18",
      "java.nio.file.Files.readString(null);             | java.nio.file | 5",
      "new java.io.File(\"/etc/shadow\");                | java.io.File | 9",
      "System.getenv(\"AWS_SECRET_ACCESS_KEY\");         | System.getenv | 5",
      "drools.halt();                                    | halt | 12",
      "kcontext.getKieRuntime().getKieBase();            | getKieRuntime | 14"})
  void callsOutOfTheFactsAreRefusedWithTheirPlace(String consequence, String shown, int column) {
    List<String> problems = check(consequence);
    assertTrue(!problems.isEmpty(), consequence);
    assertTrue(problems.get(0).startsWith("pack/r.drl:8:" + column + ": '" + shown + "' is not "
        + "allowed in a rule pack: it "), problems.get(0));
    assertTrue(problems.get(0).endsWith("; rules only judge the facts they are given (see "
        + "docs/security.md)"), problems.get(0));
  }

  @Test
  void commentsStringsAndOrdinaryNamesPass() {
    assertEquals(List.of(), check("""
        // System.exit(0) would end kcis; so would /* Runtime.halt */
        verdict.fail("no System.exit or Runtime in '" + $p.getName() + "'", $p);
        String file = $p.getLocation(); // a local named like a class is still a name
        verdict.pass("\\"quoted\\" File.delete", $p);
        """.replace("String file", "String where")));
  }

  @Test
  void aUnicodeNewlineEndsACommentAsJavaReadsIt() {
    // javac turns the escape into a line end: the call is code, not comment.
    List<String> problems = check("// harmless \\u000a System.exit(0);");
    assertEquals(1, problems.size(), problems.toString());
  }

  @Test
  void aPackWithExitFailsToCompileBeforeAnythingRuns(@TempDir Path dir) throws IOException {
    Path drl = Files.writeString(dir.resolve("bye.drl"), RulePackCompilerTest.GOOD
        .replace("verdict.expect($p, \"false\");", "System.exit(0);"));
    RuleCompilationException e = assertThrows(RuleCompilationException.class,
        () -> RulePackCompiler.compile(List.of(dir)));
    assertEquals(drl + ":12:5: 'System.exit' is not allowed in a rule pack: it ends or controls "
        + "the JVM; rules only judge the facts they are given (see docs/security.md)",
        e.problems().get(0));
  }
}
