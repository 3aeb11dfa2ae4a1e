package io.rancherd.doctor;

import io.rancherd.runtime.Runtime;
import io.rancherd.tls.TlsClients;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Whether the supervisor speaks TLS: a handshake that trusts any certificate, to read the one the
 * server presents. Nothing is sent but the handshake, so nothing secret is; whether the certificate
 * is the cluster's is for the CA check to tell.
 */
final class TlsCheck implements Check {

  static final String NAME = "tls";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    if (context.supervisor().isEmpty()) {
      return Finding.skip(NAME, context.whyNotJoining());
    }
    Endpoint endpoint = Endpoint.of(context.supervisor().get(), "supervisor");
    if (!earlier.ok(TcpCheck.NAME)) {
      return Finding.skip(NAME, "no TCP connection to " + endpoint.address());
    }
    Runtime runtime = context.runtime().orElseThrow();
    try {
      List<X509Certificate> chain = handshake(endpoint, context);
      earlier.learn(Fact.SERVER_CHAIN, chain);
      if (chain.isEmpty()) {
        return Finding.fail(
            NAME, endpoint.address() + " presented no X.509 certificate", fix(runtime));
      }
      X509Certificate leaf = chain.get(0);
      return Finding.pass(
          NAME,
          endpoint.address()
              + " presents "
              + leaf.getSubjectX500Principal().getName()
              + ", issued by "
              + leaf.getIssuerX500Principal().getName());
    } catch (IOException e) {
      return Finding.fail(
          NAME,
          "TLS handshake with "
              + endpoint.address()
              + " failed: "
              + Endpoint.cause(e, context.timeout()),
          fix(runtime));
    }
  }

  private static String fix(Runtime runtime) {
    return "point server at the "
        + runtime
        + " supervisor (port "
        + runtime.supervisorPort()
        + ") or at a Rancher URL of that host; a plain-HTTP service or a proxy may be answering on that port";
  }

  private static List<X509Certificate> handshake(Endpoint endpoint, DoctorContext context)
      throws IOException {
    Socket plain = endpoint.connect(context.resolver(), context.timeout());
    try (SSLSocket tls =
        (SSLSocket)
            trustingAnything()
                .getSocketFactory()
                .createSocket(plain, endpoint.host(), endpoint.port(), true)) {
      tls.startHandshake();
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : tls.getSession().getPeerCertificates()) {
        if (certificate instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return List.copyOf(chain);
    } finally {
      plain.close();
    }
  }

  private static SSLContext trustingAnything() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {TlsClients.trustingAnything()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("building a TLS context: " + e.getMessage(), e);
    }
  }
}
