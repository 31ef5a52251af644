package dev.kcis.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void controlCharactersAreEscapedAndLinesJoined() {
    assertEquals("key\\u001b[31m red\\u0007 \\u202eevil\tok next line",
        SafeText.printable("key\u001b[31m red\u0007 \u202eevil\tok\r\nnext line\n"));
  }

  @Test
  void parserProblemsLoseWhatTheyQuoteOfTheFile() {
    assertEquals("Unrecognized token '...': was expecting (JSON String, Number, Array, Object or "
            + "token 'null', 'true' or 'false')",
        SafeText.parserProblem("Unrecognized token 'SECRET-value': was expecting (JSON String, "
            + "Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)"
            + "\"{\"token\": SECRET-value}\"; line: 1, column: 20]"));
    assertEquals("found character '\\t(TAB)' that cannot start any token",
        SafeText.parserProblem("found character '\\t(TAB)' that cannot start any token"));
    assertEquals("expected <block end>, but found '<block mapping start>'",
        SafeText.parserProblem("expected <block end>, but found '<block mapping start>'"));
    assertEquals("found undefined alias",
        SafeText.parserProblem("found undefined alias SECRET-alias"));
  }
}
