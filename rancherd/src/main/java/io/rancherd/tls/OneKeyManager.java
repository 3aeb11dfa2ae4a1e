package io.rancherd.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one certificate chain and its private key, on either side of a TLS connection, for every
 * key type the key can sign with.
 *
 * <p>Why not the JDK's KeyManagerFactory over a PKCS12 key store: putting a private key into a
 * PKCS12 store encrypts it (PBKDF2, 10,000 rounds of HMAC-SHA256) and the factory decrypts it
 * again, 20,000 rounds for every client made; under the launcher's C1-only JIT that was the largest
 * share of a bootstrap's CPU (the probe, node and Rancher waits each make clients). Nothing here is
 * stored, so nothing needs encrypting. Unlike the JDK's SunX509 manager it does not withhold the
 * certificate when its issuer is not among those the server lists: the server decides.
 */
public final class OneKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "rancherd";

  private final X509Certificate[] chain;
  private final PrivateKey key;

  public OneKeyManager(List<X509Certificate> chain, PrivateKey key) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs a certificate");
    }
    this.chain = chain.toArray(new X509Certificate[0]);
    this.key = key;
  }

  /**
   * Whether the key signs for {@code keyType}: TLS asks by the key's algorithm ("EC", "RSA"), RSA
   * keys also for RSASSA-PSS; TLS 1.2 names some as "EC_EC", "RSA_EC" (key and signer).
   */
  private boolean serves(String keyType) {
    String algorithm = key.getAlgorithm();
    String type = keyType.contains("_") ? keyType.substring(0, keyType.indexOf('_')) : keyType;
    return type.equals(algorithm) || (algorithm.equals("RSA") && type.equals("RSASSA-PSS"));
  }

  private String alias(String... keyTypes) {
    return keyTypes != null && Arrays.stream(keyTypes).anyMatch(this::serves) ? ALIAS : null;
  }

  private String[] aliases(String keyType) {
    return serves(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
