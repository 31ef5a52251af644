package dev.kcis.collect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KubeconfigsTest {

  @Test
  void aYamlProblemKeepsQuotedCharactersAndTokensButNoContent() {
    assertEquals("expected ',' or '}', but got <stream end>",
        Kubeconfigs.withoutContent("expected ',' or '}', but got <stream end>"));
    assertEquals("found character '\\t' that cannot start any token",
        Kubeconfigs.withoutContent("found character '\\t' that cannot start any token"));
    assertEquals("expected '<document start>', but found '...'",
        Kubeconfigs.withoutContent("expected '<document start>', but found 'SECRET-token'"));
    assertEquals("found unknown tag '...' in '...'",
        Kubeconfigs.withoutContent("found unknown tag 'SECRET' in \"SECRET-2\nline\""));
  }
}
