package io.rancherd.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates made with BouncyCastle: a CA and leaf certificates it signs (EC P-256, as k3s).
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A key pair and its certificate. */
  public record Issued(KeyPair keys, X509Certificate certificate) {

    public void writePem(Path certFile, Path keyFile) {
      write(certFile, certificate);
      try {
        write(
            keyFile,
            new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)
                .generate());
      } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Issued ca;

  public TestPki(String name) {
    KeyPair keys = ecKeys();
    this.ca =
        new Issued(
            keys,
            sign(new X500Name("CN=" + name), keys, new X500Name("CN=" + name), keys, true, null));
  }

  private TestPki(Issued ca) {
    this.ca = ca;
  }

  /**
   * An intermediate CA signed by this one (a custom CA chain, as in k3s' custom CA certificates).
   */
  public TestPki intermediate(String name) {
    KeyPair keys = ecKeys();
    return new TestPki(
        new Issued(
            keys, sign(new X500Name("CN=" + name), keys, subject(ca), ca.keys(), true, null)));
  }

  /** The CA certificate in PEM, as a supervisor serves it at /cacerts. */
  public String caPem() {
    return pem(ca.certificate());
  }

  public Issued ca() {
    return ca;
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public Issued server(String name) {
    KeyPair keys = ecKeys();
    GeneralNames sans =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            });
    return new Issued(
        keys, sign(new X500Name("CN=" + name), keys, subject(ca), ca.keys(), false, sans));
  }

  /**
   * A server certificate for {@code dnsNames} and {@code ipAddresses} (a registry in a container,
   * reached by its network alias from nodes and by its address from the host).
   */
  public Issued server(String name, List<String> dnsNames, List<String> ipAddresses) {
    KeyPair keys = ecKeys();
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    GeneralNames sans = new GeneralNames(names.toArray(GeneralName[]::new));
    return new Issued(
        keys, sign(new X500Name("CN=" + name), keys, subject(ca), ca.keys(), false, sans));
  }

  public Issued client(String name) {
    KeyPair keys = ecKeys();
    return new Issued(
        keys,
        sign(
            new X500Name("CN=" + name + ",O=system:masters"),
            keys,
            subject(ca),
            ca.keys(),
            false,
            null));
  }

  /** A server SSL context presenting {@code server}, trusting this CA for client certificates. */
  public SSLContext serverContext(Issued server) {
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "server",
          server.keys().getPrivate(),
          new char[0],
          new X509Certificate[] {server.certificate(), ca.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, new char[0]);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An HTTPS server on a free loopback port (not started yet) presenting a certificate of this CA
   * for 127.0.0.1 and localhost; with {@code needClientAuth} it requires a client certificate of
   * this CA, as kube-apiserver does.
   */
  public HttpsServer httpsServer(String name, boolean needClientAuth) {
    try {
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(
          new HttpsConfigurator(serverContext(server(name))) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
              parameters.setNeedClientAuth(needClientAuth);
              params.setSSLParameters(parameters);
            }
          });
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, Object pemObject) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, pem(pemObject));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code pemObject} (a certificate, a key) in PEM. */
  public static String pem(Object pemObject) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(pemObject);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static X500Name subject(Issued issued) {
    return new X500Name(issued.certificate().getSubjectX500Principal().getName());
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      boolean isCa,
      GeneralNames sans) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(365))),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (sans != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
