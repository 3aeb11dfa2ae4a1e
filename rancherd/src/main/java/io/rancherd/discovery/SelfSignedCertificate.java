package io.rancherd.discovery;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The join server's certificate: self-signed, made fresh at each start ({@code
 * CN=rancherd-bootstrap}, as rancherd's). Peers do not verify it: they trust an answer because it
 * proves the token (HMAC).
 */
final class SelfSignedCertificate {

  private static final char[] NO_PASSWORD = new char[0];

  private SelfSignedCertificate() {}

  static SSLContext sslContext(SecureRandom random, Instant now) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair pair = generator.generateKeyPair();
    X509Certificate certificate = certificate(pair, random, now);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, NO_PASSWORD);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("creating an empty key store: " + e.getMessage(), e);
    }
    store.setKeyEntry(
        "join-server", pair.getPrivate(), NO_PASSWORD, new X509Certificate[] {certificate});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, NO_PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, random);
    return context;
  }

  private static X509Certificate certificate(KeyPair pair, SecureRandom random, Instant now)
      throws GeneralSecurityException {
    X500Name name = new X500Name("CN=rancherd-bootstrap");
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(64, random).abs(),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(365))),
            name,
            pair.getPublic());
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(
          "signing the join server's certificate: " + e.getMessage(), e);
    }
  }
}
