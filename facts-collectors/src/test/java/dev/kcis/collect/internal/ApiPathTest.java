package dev.kcis.collect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiPathTest {

  @Test
  void everySegmentIsEncodedSoThatANameAddsNoSegmentQueryOrFragment() {
    assertEquals("/api/v1/nodes/cp-1.example.com/proxy/configz",
        ApiPath.of("api", "v1", "nodes", "cp-1.example.com", "proxy", "configz"));
    assertEquals("/api/v1/nodes/..%2Fsecrets%3Fy%3D%23z%20%C3%A9/proxy",
        ApiPath.of("api", "v1", "nodes", "../secrets?y=#z \u00e9", "proxy"));
    for (String step : new String[] {"", ".", ".."}) {
      assertThrows(IllegalArgumentException.class, () -> ApiPath.of("api", step));
    }
    assertEquals("/api/%2E%2E/x", ApiPath.label("api", "..", "x"));
  }

  @Test
  void nodeNamesAreDnsSubdomains() {
    assertTrue(ApiPath.isDnsSubdomain("ip-10-0-3-17.eu-west-1.compute.internal"));
    assertTrue(ApiPath.isDnsSubdomain("w1"));
    for (String name : new String[] {"", "..", "a/b", "A", "-a", "a-", "a..b", "a_b",
        "a".repeat(254)}) {
      assertFalse(ApiPath.isDnsSubdomain(name), name);
    }
  }
}
