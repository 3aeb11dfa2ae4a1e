package io.rancherd.discovery;

import io.rancherd.tls.OneKeyManager;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
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

  private SelfSignedCertificate() {}

  static SSLContext sslContext(SecureRandom random, Instant now) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair pair = generator.generateKeyPair();
    X509Certificate certificate = certificate(pair, random, now);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        new KeyManager[] {new OneKeyManager(List.of(certificate), pair.getPrivate())},
        null,
        random);
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
