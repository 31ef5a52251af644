package dev.kcis.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Image references split as distribution/reference's ParseNormalizedNamed splits them. */
class ImageReferenceTest {

  private static final String SHA = "sha256:" + "a".repeat(64);

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      // text, registry, repository, tag, digest
      "nginx, docker.io, library/nginx, -, -",
      "nginx:1.27, docker.io, library/nginx, 1.27, -",
      "library/nginx:latest, docker.io, library/nginx, latest, -",
      "bitnami/redis:7.2, docker.io, bitnami/redis, 7.2, -",
      "docker.io/nginx, docker.io, library/nginx, -, -",
      "index.docker.io/nginx, docker.io, library/nginx, -, -",
      "quay.io/prometheus/node-exporter:v1.8.0, quay.io, prometheus/node-exporter, v1.8.0, -",
      "localhost/app, localhost, app, -, -",
      "localhost:5000/team/app:2, localhost:5000, team/app, 2, -",
      "registry.acme.example:5000/shop/web:1.4, registry.acme.example:5000, shop/web, 1.4, -",
      "registry:5000/web, registry:5000, web, -, -",
      "myhost/web:1, docker.io, myhost/web, 1, -",
      "Registry/web, Registry, web, -, -",
      "[::1]:5000/web:v2, [::1]:5000, web, v2, -",
      "gcr.io/a/b/c/d:x_y-z.1, gcr.io, a/b/c/d, x_y-z.1, -",
      "my_app__x/web-1, docker.io, my_app__x/web-1, -, -"})
  void splitsAsTheRuntimeDoes(String text, String registry, String repository, String tag,
      String digest) {
    ImageReference ref = ImageReference.parse(text);
    assertTrue(ref.isValid(), text);
    assertEquals(registry, ref.getRegistry());
    assertEquals(repository, ref.getRepository());
    assertEquals(tag, ref.getTag());
    assertEquals(digest, ref.getDigest());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nginx@", "nginx:1.0@", "registry.acme.example:5000/web:1.0@"})
  void aDigestFollowsTheAt(String prefix) {
    ImageReference ref = ImageReference.parse(prefix + SHA);
    assertTrue(ref.isValid());
    assertEquals(SHA, ref.getDigest());
    assertTrue(ref.isPinnedByDigest());
    assertFalse(ref.isLatest(), "a digest pins the image whatever the tag");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " nginx", "Nginx", "nginx:", "nginx:-1", "nginx@sha256:short",
      "web/", "/web", "a//b", "nginx:1:2", "registry.acme.example:/web", "UPPER/Case",
      "nginx@" + "sha256:" + "a" + "+b" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void refusedReferencesHaveNoParts(String text) {
    ImageReference ref = ImageReference.parse(text);
    assertFalse(ref.isValid(), text);
    assertNull(ref.getRegistry());
    assertNull(ref.getRepository());
    assertFalse(ref.isLatest());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nginx", "nginx:latest", "host:5000/web"})
  void noTagOrLatestPullsLatest(String text) {
    assertTrue(ImageReference.parse(text).isLatest(), "a registry port is no tag");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nginx:1.27", "host:5000/web:v1"})
  void aVersionTagIsNotLatest(String text) {
    assertFalse(ImageReference.parse(text).isLatest());
  }

  @org.junit.jupiter.api.Test
  void nullIsInvalidAndTheNameJoinsRegistryAndRepository() {
    assertFalse(ImageReference.parse(null).isValid());
    assertEquals("docker.io/library/nginx", ImageReference.parse("nginx:1").getName());
    assertEquals("a".repeat(300), ImageReference.parse("a".repeat(300)).getText());
    assertFalse(ImageReference.parse("a".repeat(300)).isValid(), "names are at most 255 long");
  }
}
