package io.rancherd.join;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The CA bundle a runtime supervisor serves at {@code /cacerts}, and its hash computed as k3s and
 * RKE2 compute the hash of a {@code K10} token (docs/runtimes.md §3.2): with one certificate (the
 * normal self-signed cluster CA) the SHA-256 of the exact bytes served; with more (a custom CA with
 * intermediates) the SHA-256 of the DER of the root of the chain built from the first certificate.
 * Older k3s always hashed the bytes, so {@link #matches} accepts either.
 */
public final class CaBundle {

  private final byte[] bytes;
  private final List<X509Certificate> certificates;

  private CaBundle(byte[] bytes, List<X509Certificate> certificates) {
    this.bytes = bytes.clone();
    this.certificates = List.copyOf(certificates);
  }

  public static CaBundle of(byte[] served) {
    return new CaBundle(served, parse(served));
  }

  /** The hash a K10 token of this server carries: lowercase hex SHA-256. */
  public String hash() {
    if (certificates.size() > 1) {
      List<X509Certificate> chain = chainFromFirst();
      return sha256(encoded(chain.get(chain.size() - 1)));
    }
    return sha256(bytes);
  }

  /**
   * Whether {@code expected} (lowercase hex) is this bundle's hash, by the current or the older
   * rule.
   */
  public boolean matches(String expected) {
    return same(hash(), expected) || same(sha256(bytes), expected);
  }

  /**
   * The certificates a client trusts once the bundle is verified: the chain from the first
   * certificate to its root, so a certificate appended to the bundle by someone else is not trusted
   * along with it. Empty when the bundle holds no certificate.
   */
  public List<X509Certificate> anchors() {
    return certificates.isEmpty() ? List.of() : chainFromFirst();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  private List<X509Certificate> chainFromFirst() {
    List<X509Certificate> chain = new ArrayList<>(List.of(certificates.get(0)));
    while (chain.size() <= certificates.size()) {
      X509Certificate last = chain.get(chain.size() - 1);
      if (last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
        break;
      }
      Optional<X509Certificate> issuer =
          certificates.stream()
              .filter(
                  c ->
                      !chain.contains(c)
                          && c.getSubjectX500Principal().equals(last.getIssuerX500Principal())
                          && signs(c, last))
              .findFirst();
      if (issuer.isEmpty()) {
        break;
      }
      chain.add(issuer.get());
    }
    return chain;
  }

  private static boolean signs(X509Certificate issuer, X509Certificate subject) {
    try {
      subject.verify(issuer.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private static List<X509Certificate> parse(byte[] served) {
    try {
      List<X509Certificate> parsed = new ArrayList<>();
      for (var certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(served))) {
        parsed.add((X509Certificate) certificate);
      }
      return parsed;
    } catch (CertificateException e) {
      return List.of();
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate cannot be encoded", e);
    }
  }

  static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
