package io.rancherd.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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
 * Reads PEM certificates and private keys as the runtimes write them: certificate bundles, and
 * keys in PKCS#1 (RSA), SEC1 (EC) or PKCS#8 form, parsed with BouncyCastle.
 */
public final class Pem {

  private Pem() {}

  public static List<X509Certificate> certificates(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> result = new ArrayList<>();
      CertificateFactory.getInstance("X.509").generateCertificates(in)
          .forEach(c -> result.add((X509Certificate) c));
      if (result.isEmpty()) {
        throw new IOException("no certificate in " + file);
      }
      return result;
    } catch (CertificateException e) {
      throw new IOException("not a PEM certificate: " + file + ": " + e.getMessage(), e);
    }
  }

  public static PrivateKey privateKey(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
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
    throw new IOException("no private key in " + file);
  }
}
