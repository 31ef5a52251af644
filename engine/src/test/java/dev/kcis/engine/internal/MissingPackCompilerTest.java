package dev.kcis.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A host of the built-in rules carries no DRL compiler (kcis-packs brings it): compiling a pack
 * there says which artifact to add instead of Drools' UnsupportedOperationException without a
 * message. The engine is loaded here from this test's class path minus drools-mvel and ecj.
 */
class MissingPackCompilerTest {

  @Test
  void compilingAPackWithoutTheDrlCompilerNamesKcisPacks() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.startsWith("drools-mvel") && !name.startsWith("mvel2")
          && !name.startsWith("drools-ecj") && !name.startsWith("ecj")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader host = new URLClassLoader(urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      Method require = Class.forName(RulePackCompiler.class.getName(), true, host)
          .getDeclaredMethod("requireCompiler");
      require.setAccessible(true);
      for (int attempt = 0; attempt < 2; attempt++) {
        Throwable e = assertThrows(InvocationTargetException.class, () -> require.invoke(null))
            .getCause();
        assertEquals("dev.kcis.core.KcisException", e.getClass().getName());
        assertEquals("rule packs are compiled at run time by Drools' DRL compiler, which is not "
            + "on the class path (drools-ecj, drools-mvel, ecj missing): add the dependency "
            + "dev.kcis:kcis-packs (the version of kcis-engine, " + Evaluator.version()
            + "; README.md, Embedding)", e.getMessage());
      }
    }
    RulePackCompiler.requireCompiler(); // this test's own class path has it
  }
}
