package dev.kcis.collect;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small kubeadm-like cluster in fabric8's mock API server ({@code cluster/sample-cluster.yaml}),
 * with the live kubelet configuration of node cp-1 served through the node proxy and a 403 for
 * w-1's. Its secret values must never reach a bundle or a report.
 */
public final class SampleCluster {

  static final String RESOURCE = "/cluster/sample-cluster.yaml";

  /** What cp-1's kubelet answers on /configz; readOnlyPort is left out, as omitempty does. */
  public static final String CONFIGZ_CP_1 = """
      {"kubeletconfig": {
        "authentication": {"anonymous": {"enabled": false}, "webhook": {"enabled": true},
                           "x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"}},
        "authorization": {"mode": "Webhook"},
        "tlsCipherSuites": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
        "streamingConnectionIdleTimeout": "4h0m0s",
        "eventRecordQPS": 50,
        "featureGates": {"SeccompDefault": true},
        "staticPodURLHeader": {"Authorization": ["Bearer SECRET-static-pod-url-header"]}
      }}""";

  private SampleCluster() {}

  /** Creates the sample's objects, sets the server's version and serves the nodes' /configz. */
  public static void create(KubernetesMockServer server, KubernetesClient client) {
    try (InputStream in = SampleCluster.class.getResourceAsStream(RESOURCE)) {
      for (HasMetadata object : client.load(in).items()) {
        client.resource(object).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31")
          .withGitVersion("v1.31.4").withBuildDate("2024-12-10T11:43:21Z").build());
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
    server.expect().get().withPath("/api/v1/nodes/cp-1/proxy/configz")
        .andReturn(200, CONFIGZ_CP_1).always();
    server.expect().get().withPath("/api/v1/nodes/w-1/proxy/configz")
        .andReturn(403, forbidden("nodes/proxy", "w-1")).always();
  }

  /** A 403 Status as the API server writes it. */
  public static String forbidden(String resource, String name) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
        + resource + (name == null ? "" : " \\\"" + name + "\\\"") + " is forbidden: User "
        + "\\\"system:serviceaccount:kcis:kcis\\\" cannot get resource \\\"" + resource
        + "\\\"\",\"reason\":\"Forbidden\",\"code\":403}";
  }

  /** Every secret value of the sample, as written and base64-encoded. */
  public static Set<String> secrets() {
    Set<String> secrets = new TreeSet<>();
    try (InputStream in = SampleCluster.class.getResourceAsStream(RESOURCE)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8) + CONFIGZ_CP_1;
      Matcher m = Pattern.compile("SECRET-[A-Za-z0-9-]+").matcher(text);
      while (m.find()) {
        secrets.add(m.group());
        secrets.add(Base64.getEncoder().encodeToString(
            m.group().getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return secrets;
  }
}
