package dev.kcis.collect.internal;

import dev.kcis.collect.internal.StructuredText.MalformedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The node name a kubelet authenticates as: the common name {@code system:node:<name>} of the
 * client certificate its kubeconfig uses. The certificate is parsed in memory by the JDK and
 * nothing of it (nor of the kubeconfig) is kept; only the name is returned.
 */
final class NodeIdentity {

  private static final String PREFIX = "system:node:";
  private static final Pattern CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
  private static final int LIMIT = 4 * 1024 * 1024;

  /** Reads what the kubeconfig names; {@code null} when the file is not there. */
  interface Files {
    byte[] read(String path) throws IOException;
  }

  /**
   * The identity and where it was read from.
   *
   * @param name the node name, or {@code null} when none was found
   * @param from a short description of the certificate it came from, or why there is none
   */
  record Identity(String name, String from) {}

  private NodeIdentity() {}

  /** The node name the kubeconfig at {@code path} authenticates as, if it uses a certificate. */
  static Identity of(String path, Files files) {
    byte[] bytes;
    try {
      bytes = files.read(path);
    } catch (IOException e) {
      return new Identity(null, path + ": " + Problems.describe(e));
    }
    if (bytes == null) {
      return new Identity(null, path + " is not on the node");
    }
    Object document;
    try {
      document = StructuredText.document(new String(bytes, StandardCharsets.UTF_8), path,
          new ArrayList<>());
    } catch (MalformedException e) {
      return new Identity(null, e.getMessage());
    }
    Map<?, ?> user = currentUser(document);
    if (user == null) {
      return new Identity(null, path + " names no user of its current context");
    }
    if (user.get("client-certificate-data") instanceof String data) {
      byte[] pem;
      try {
        pem = Base64.getMimeDecoder().decode(data);
      } catch (IllegalArgumentException e) {
        return new Identity(null, path + ": client-certificate-data is not base64");
      }
      return fromPem(pem, path + " (client-certificate-data)");
    }
    if (user.get("client-certificate") instanceof String file && !file.isBlank()) {
      String cert = file.startsWith("/") ? file
          : path.substring(0, path.lastIndexOf('/') + 1) + file;
      try {
        byte[] pem = files.read(cert);
        if (pem == null) {
          return new Identity(null, cert + " (client-certificate of " + path
              + ") is not on the node");
        }
        return fromPem(pem, cert);
      } catch (IOException e) {
        return new Identity(null, cert + ": " + Problems.describe(e));
      }
    }
    return new Identity(null, path + " authenticates without a client certificate");
  }

  /** The first certificate of a PEM text; its subject's common name, when a node's. */
  static Identity fromPem(byte[] pem, String from) {
    Matcher m = CERTIFICATE.matcher(new String(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      return new Identity(null, from + " holds no PEM certificate");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String cn
            && cn.startsWith(PREFIX) && cn.length() > PREFIX.length()) {
          return new Identity(cn.substring(PREFIX.length()), from);
        }
      }
      return new Identity(null, from + ": the certificate is not a node's (no CN system:node:)");
    } catch (CertificateException | IllegalArgumentException | InvalidNameException e) {
      return new Identity(null, from + ": not a readable X.509 certificate");
    }
  }

  private static Map<?, ?> currentUser(Object document) {
    if (!(document instanceof Map<?, ?> config)) {
      return null;
    }
    List<?> users = config.get("users") instanceof List<?> l ? l : List.of();
    String userName = null;
    if (config.get("current-context") instanceof String current
        && config.get("contexts") instanceof List<?> contexts) {
      for (Object c : contexts) {
        if (c instanceof Map<?, ?> context && current.equals(context.get("name"))
            && context.get("context") instanceof Map<?, ?> body
            && body.get("user") instanceof String u) {
          userName = u;
        }
      }
    }
    for (Object u : users) {
      if (u instanceof Map<?, ?> entry && entry.get("user") instanceof Map<?, ?> body
          && (userName == null ? users.size() == 1 : userName.equals(entry.get("name")))) {
        return body;
      }
    }
    return null;
  }

  static int limit() {
    return LIMIT;
  }
}
