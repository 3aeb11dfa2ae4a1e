package io.rancherd.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM certificates and private keys as the runtimes write them: certificate bundles, and keys
 * in PKCS#1 (RSA), SEC1 (EC) or PKCS#8 form, parsed with BouncyCastle.
 */
public final class Pem {

  private Pem() {}

  public static List<X509Certificate> certificates(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return certificates(in, file.toString());
    }
  }

  /**
   * Certificates from PEM text held in memory (a kubeconfig's {@code *-data}); {@code source} names
   * it in errors.
   */
  public static List<X509Certificate> certificates(byte[] pem, String source) throws IOException {
    return certificates(new ByteArrayInputStream(pem), source);
  }

  public static PrivateKey privateKey(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      return privateKey(reader, file.toString());
    }
  }

  /**
   * A private key from PEM text held in memory; {@code source} names it in errors, which never
   * contain the key.
   */
  public static PrivateKey privateKey(byte[] pem, String source) throws IOException {
    return privateKey(new StringReader(new String(pem, StandardCharsets.US_ASCII)), source);
  }

  private static List<X509Certificate> certificates(InputStream in, String source)
      throws IOException {
    try {
      List<X509Certificate> result = new ArrayList<>();
      CertificateFactory.getInstance("X.509")
          .generateCertificates(in)
          .forEach(c -> result.add((X509Certificate) c));
      if (result.isEmpty()) {
        throw new IOException("no certificate in " + source);
      }
      return result;
    } catch (CertificateException e) {
      throw new IOException("not a PEM certificate: " + source + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Reader reader, String source) throws IOException {
    try (PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      }
    }
    throw new IOException("no private key in " + source);
  }
}
