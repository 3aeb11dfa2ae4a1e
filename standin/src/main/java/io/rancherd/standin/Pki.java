package io.rancherd.standin;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates as k3s makes them: EC P-256 keys, self-signed CAs, leaves signed by a CA; PEM
 * encoding with keys as {@code EC PRIVATE KEY} (SEC1), as in k3s's {@code server/tls}.
 */
final class Pki {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(365);

  /** A certificate and its private key. */
  record Issued(X509Certificate certificate, PrivateKey key) {

    String certificatePem() {
      return pem(certificate);
    }

    /**
     * The key as SEC1 {@code EC PRIVATE KEY} with curve and public key, as Go's crypto writes it.
     */
    String keyPem() {
      return ecPrivateKeyPem(key, certificate.getPublicKey());
    }
  }

  private Pki() {}

  static Issued newCa(String commonName) {
    KeyPair keys = ecKeys();
    X500Name name = new X500Name("CN=" + commonName);
    X509Certificate cert = sign(name, keys, name, keys.getPrivate(), CA_VALIDITY, true, null, null);
    return new Issued(cert, keys.getPrivate());
  }

  /** A client certificate ({@code clientAuth}) with common name and optional organization. */
  static Issued client(Issued ca, String commonName, String organization) {
    String subject = "CN=" + commonName + (organization == null ? "" : ",O=" + organization);
    return leaf(ca, new X500Name(subject), KeyPurposeId.id_kp_clientAuth, null);
  }

  /** A serving certificate ({@code serverAuth}) for the given DNS names and IP addresses. */
  static Issued server(
      Issued ca, String commonName, List<String> dnsNames, List<String> ipAddresses) {
    GeneralName[] names = new GeneralName[dnsNames.size() + ipAddresses.size()];
    int i = 0;
    for (String dns : dnsNames) {
      names[i++] = new GeneralName(GeneralName.dNSName, dns);
    }
    for (String ip : ipAddresses) {
      names[i++] = new GeneralName(GeneralName.iPAddress, ip);
    }
    return leaf(
        ca,
        new X500Name("CN=" + commonName),
        KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(names));
  }

  /**
   * A self-signed serving certificate, as kube-scheduler and kube-controller-manager make for
   * themselves.
   */
  static Issued selfSignedServer(String commonName) {
    KeyPair keys = ecKeys();
    X500Name name = new X500Name("CN=" + commonName);
    GeneralNames sans =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            });
    X509Certificate cert =
        sign(
            name,
            keys,
            name,
            keys.getPrivate(),
            LEAF_VALIDITY,
            false,
            KeyPurposeId.id_kp_serverAuth,
            sans);
    return new Issued(cert, keys.getPrivate());
  }

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String ecPrivateKeyPem(PrivateKey key, PublicKey publicKey) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
      ASN1ObjectIdentifier curve =
          ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
      BigInteger secret = ((ECPrivateKey) key).getS();
      ASN1BitString point =
          SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData();
      byte[] der =
          new org.bouncycastle.asn1.sec.ECPrivateKey(256, secret, point, curve).getEncoded();
      return pem(new PemObject("EC PRIVATE KEY", der));
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("encoding an EC private key", e);
    }
  }

  /** The first certificate in {@code pem}. */
  static X509Certificate parseCertificate(String pem) {
    Object object = readPem(pem);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw new IllegalArgumentException("no PEM certificate found");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable certificate", e);
    }
  }

  /** A private key in SEC1 ({@code EC PRIVATE KEY}) or PKCS#8 PEM. */
  static PrivateKey parsePrivateKey(String pem) {
    Object object = readPem(pem);
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable private key", e);
    }
    throw new IllegalArgumentException("no PEM private key found");
  }

  private static Object readPem(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable PEM", e);
    }
  }

  private static Issued leaf(Issued ca, X500Name subject, KeyPurposeId usage, GeneralNames sans) {
    KeyPair keys = ecKeys();
    X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    X509Certificate cert = sign(subject, keys, issuer, ca.key(), LEAF_VALIDITY, false, usage, sans);
    return new Issued(cert, keys.getPrivate());
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("generating an EC key", e);
    }
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      PrivateKey issuerKey,
      Duration validity,
      boolean isCa,
      KeyPurposeId usage,
      GeneralNames sans) {
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(63, RANDOM),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      int keyUsage =
          isCa
              ? KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment
              : KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      if (usage != null) {
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
      }
      if (sans != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("signing a certificate for " + subject, e);
    }
  }
}
