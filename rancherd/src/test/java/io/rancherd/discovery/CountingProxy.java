package io.rancherd.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of a port, counting the connections made through it: each TLS
 * connection to the join server starts with one handshake, so the count is the handshakes'.
 */
final class CountingProxy implements AutoCloseable {

  private final ServerSocket socket;
  private final int target;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  CountingProxy(int target) throws IOException {
    this.target = target;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "counting-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The connections accepted so far. */
  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        connections.incrementAndGet();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(upstream);
        pump(client.getInputStream(), upstream.getOutputStream(), upstream);
        pump(upstream.getInputStream(), client.getOutputStream(), client);
      } catch (IOException e) {
        // closed
      }
    }
  }

  private static void pump(InputStream from, OutputStream to, Socket closeAtEnd) {
    Thread pump =
        new Thread(
            () -> {
              try (closeAtEnd) {
                from.transferTo(to);
              } catch (IOException e) {
                // one side closed: the other is closed too
              }
            },
            "counting-proxy-pump");
    pump.setDaemon(true);
    pump.start();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
