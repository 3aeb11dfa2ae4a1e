package io.rancherd.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * A server on a free loopback port that answers every connection with the same bytes, written by
 * hand so that nothing is added (the JDK's HTTP server sets its own Date header). Plain: answers
 * whatever arrives first (a TLS ClientHello too); TLS: answers once the request headers are in.
 */
final class ScriptedServer implements AutoCloseable {

  private final ServerSocket listener;
  private final boolean tls;
  private final byte[] answer;
  private final Thread acceptor;

  private ScriptedServer(ServerSocket listener, boolean tls, String answer) {
    this.listener = listener;
    this.tls = tls;
    this.answer = answer.getBytes(StandardCharsets.ISO_8859_1);
    this.acceptor = new Thread(this::serve, "scripted-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A plain TCP server (no TLS) that answers like a web server that is not the supervisor. */
  static ScriptedServer plainHttp() {
    try {
      return new ScriptedServer(
          new ServerSocket(0, 10, InetAddress.getLoopbackAddress()),
          false,
          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An HTTPS server presenting the certificate of {@code context} and answering {@code response}.
   */
  static ScriptedServer https(SSLContext context, String response) {
    try {
      return new ScriptedServer(
          context
              .getServerSocketFactory()
              .createServerSocket(0, 10, InetAddress.getLoopbackAddress()),
          true,
          response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  private void serve() {
    while (!listener.isClosed()) {
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(5000);
        readRequest(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        out.write(answer);
        out.flush();
        if (!tls) {
          socket.shutdownOutput();
          socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        }
      } catch (IOException e) {
        // the client went away, or the listener closed: next connection
      }
    }
  }

  private void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    do {
      int n = in.read(buffer);
      if (n < 0) {
        return;
      }
      seen.write(buffer, 0, n);
    } while (tls && !seen.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n"));
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
