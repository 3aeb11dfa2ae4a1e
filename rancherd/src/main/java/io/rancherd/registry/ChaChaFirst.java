package io.rancherd.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets that offer the ChaCha20-Poly1305 cipher suites before the AES-GCM ones, and are otherwise
 * those of the wrapped factory. rancherd runs with the quick (C1) compiler only, which has none of
 * the JDK's AES-GCM intrinsics: in Java, 100 MB of TLS records decrypt in ~0.8 s with ChaCha20 and
 * ~3.2 s with AES-GCM on the build machine (docs/performance.md), and a layer download is mostly
 * that. Servers that follow the client's order (Go's, as the registry and Harbor are; nginx's by
 * default) then pick ChaCha20; the others pick as before. The set of suites does not change.
 */
final class ChaChaFirst extends SSLSocketFactory {

  private final SSLSocketFactory delegate;

  ChaChaFirst(SSLSocketFactory delegate) {
    this.delegate = delegate;
  }

  /** {@code suites} with the ChaCha20-Poly1305 ones first, each group in its own order. */
  static String[] reorder(String[] suites) {
    List<String> first = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String suite : suites) {
      (suite.contains("CHACHA20_POLY1305") ? first : rest).add(suite);
    }
    first.addAll(rest);
    return first.toArray(String[]::new);
  }

  private Socket prefer(Socket socket) {
    if (socket instanceof SSLSocket ssl) {
      ssl.setEnabledCipherSuites(reorder(ssl.getEnabledCipherSuites()));
    }
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return reorder(delegate.getDefaultCipherSuites());
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return prefer(delegate.createSocket());
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose)
      throws IOException {
    return prefer(delegate.createSocket(s, host, port, autoClose));
  }

  @Override
  public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
    return prefer(delegate.createSocket(s, consumed, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return prefer(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort)
      throws IOException {
    return prefer(delegate.createSocket(host, port, local, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return prefer(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
      throws IOException {
    return prefer(delegate.createSocket(address, port, local, localPort));
  }
}
