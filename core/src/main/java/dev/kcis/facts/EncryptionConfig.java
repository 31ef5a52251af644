package dev.kcis.facts;

import java.util.List;
import java.util.Set;

/**
 * How a kube-apiserver encrypts Secrets at rest: its {@code --encryption-provider-config}, read and
 * reduced to what rules judge. One per API server, also when the flag is not set.
 *
 * <p>{@link #getSecretsProviders()} lists, in order, the providers of the first resource entry that
 * covers Secrets ({@code secrets}, {@code *.} or {@code *.*}); the first one encrypts new writes.
 */
public final class EncryptionConfig extends ApiServerConfigFile {

  /** Providers CIS accepts as the first provider for Secrets. */
  public static final Set<String> STRONG_PROVIDERS = Set.of("aescbc", "kms", "secretbox");

  private final List<String> secretsProviders;

  /**
   * @param node the node the API server runs on
   * @param path the config file named by {@code --encryption-provider-config}, or {@code null}
   * @param readable true when the file's content is in the evidence
   * @param secretsProviders the providers for Secrets, in order; empty when none covers them
   * @param location the API server's source, for evidence
   */
  public EncryptionConfig(String node, String path, boolean readable, List<String> secretsProviders,
      String location) {
    super(node, path, readable, location);
    this.secretsProviders = List.copyOf(secretsProviders);
  }

  public List<String> getSecretsProviders() {
    return secretsProviders;
  }

  /** The provider that encrypts new Secrets, or {@code null} when no entry covers Secrets. */
  public String getFirstSecretsProvider() {
    return secretsProviders.isEmpty() ? null : secretsProviders.get(0);
  }

  /** True when Secrets are written with aescbc, kms or secretbox. */
  public boolean isSecretsStronglyEncrypted() {
    String first = getFirstSecretsProvider();
    return first != null && STRONG_PROVIDERS.contains(first);
  }

  @Override
  public Observation observe() {
    return observation("encryption of secrets", "no --encryption-provider-config",
        secretsProviders.isEmpty() ? "no provider covers secrets"
            : "secrets providers: " + String.join(", ", secretsProviders),
        "resources[].providers");
  }
}
