package dev.kcis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kcis.cli.internal.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void onATerminalEachLineOverwritesTheLastAndCloseClearsIt() {
    StringWriter text = new StringWriter();
    try (Progress progress = Progress.on(new PrintWriter(text), true)) {
      progress.accept("pods: 500");
    }
    assertEquals("\rkcis: pods: 500\033[K\r\033[K", text.toString());
  }

  @Test
  void elsewhereNothingIsShown() {
    StringWriter text = new StringWriter();
    try (Progress progress = Progress.on(new PrintWriter(text), false)) {
      progress.accept("pods: 500");
    }
    assertEquals("", text.toString());
  }
}
