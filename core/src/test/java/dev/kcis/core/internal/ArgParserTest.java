package dev.kcis.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kcis.core.internal.ArgParser.ParsedArgs;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgParserTest {

  static ParsedArgs parse(String component, String... args) {
    return ArgParser.parse(List.of(args), SettingsCatalog.get().component(component));
  }

  static String value(ParsedArgs parsed, String flag) {
    return parsed.flags().get(flag) == null ? null : parsed.flags().get(flag).value();
  }

  @Test
  void equalsSpaceAndBareForms() {
    ParsedArgs p = parse("kube-apiserver", "kube-apiserver", "--authorization-mode", "Node,RBAC",
        "--anonymous-auth", "--secure-port=6443", "--audit-log-path=");
    assertEquals("Node,RBAC", value(p, "--authorization-mode"));
    assertEquals("true", value(p, "--anonymous-auth"));
    assertEquals("6443", value(p, "--secure-port"));
    assertEquals("", value(p, "--audit-log-path"), "an empty value is not an absent flag");
  }

  @Test
  void boolFlagsNeverTakeTheNextToken() {
    ParsedArgs p = parse("kube-apiserver", "kube-apiserver", "--anonymous-auth", "false");
    assertEquals("true", value(p, "--anonymous-auth"), "pflag: a bare bool is true");
    assertEquals(List.of("false"), p.positional());
  }

  @Test
  void noPrefixMatching() {
    ParsedArgs p = parse("kube-apiserver", "kube-apiserver", "--anonymous-auth-extra=false");
    assertFalse(p.flags().containsKey("--anonymous-auth"));
  }

  @Test
  void repeatedFlagsLastWinsButListsAppend() {
    ParsedArgs p = parse("kube-apiserver", "kube-apiserver", "--anonymous-auth=false",
        "--authorization-mode=Node", "--anonymous-auth=true", "--authorization-mode=RBAC");
    assertEquals("true", value(p, "--anonymous-auth"));
    assertEquals("Node,RBAC", value(p, "--authorization-mode"));
    assertEquals(4, p.flags().get("--authorization-mode").index());
  }

  @Test
  void wrappersAndTerminator() {
    ParsedArgs p = parse("kube-apiserver", "/usr/local/bin/hyperkube", "kube-apiserver", "-v=2",
        "--", "--not-a-flag");
    assertEquals("2", value(p, "--v"));
    assertEquals(List.of("--not-a-flag"), p.positional());
  }
}
