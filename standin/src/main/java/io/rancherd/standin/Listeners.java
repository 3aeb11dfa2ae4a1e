package io.rancherd.standin;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The stand-in's HTTP and HTTPS listeners, all on one address: {@code 127.0.0.1}, or the value of
 * {@code STANDIN_BIND_ADDRESS} (for multi-node tests: another loopback address such as {@code
 * 127.0.0.2} on one machine, or a container's address).
 */
final class Listeners implements AutoCloseable {

  static final String BIND_ENV = "STANDIN_BIND_ADDRESS";

  private final InetAddress address;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread thread = new Thread(r, "standin-http");
            thread.setDaemon(true);
            return thread;
          });
  private final List<HttpServer> servers = new ArrayList<>();

  Listeners() throws IOException {
    this.address = InetAddress.getByName(bindAddress());
  }

  /** The address every listener binds: {@code STANDIN_BIND_ADDRESS}, else {@code 127.0.0.1}. */
  static String bindAddress() {
    String bind = System.getenv(BIND_ENV);
    return bind == null || bind.isBlank() ? "127.0.0.1" : bind.trim();
  }

  /**
   * The node's address: the bind address, or, when it is {@code 0.0.0.0} (every address, as k3s
   * listens), the first non-loopback IPv4 address of the host (a network namespace's), as k3s picks
   * its node IP.
   */
  static String advertisedAddress() {
    String bind = bindAddress();
    if (!bind.equals("0.0.0.0")) {
      return bind;
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      return "127.0.0.1";
    }
    return "127.0.0.1";
  }

  /**
   * Where the kubeconfig points: the bind address, or 127.0.0.1 when listening on every address (as
   * k3s).
   */
  static String kubeconfigHost() {
    return bindAddress().equals("0.0.0.0") ? "127.0.0.1" : bindAddress();
  }

  /**
   * An HTTPS listener; with {@code wantClientAuth} the client may present a certificate (checked by
   * the context).
   */
  void https(String name, int port, SSLContext context, boolean wantClientAuth, HttpHandler handler)
      throws IOException {
    HttpsServer server = HttpsServer.create();
    server.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
            parameters.setWantClientAuth(wantClientAuth);
            params.setSSLParameters(parameters);
          }
        });
    start(name, "https", port, server, handler);
  }

  /** A plain HTTP listener. */
  void http(String name, int port, HttpHandler handler) throws IOException {
    start(name, "http", port, HttpServer.create(), handler);
  }

  /**
   * A handler answering {@code ok} on {@code /healthz}, as kubelet, scheduler and
   * controller-manager do.
   */
  static HttpHandler healthz() {
    return exchange -> {
      try (exchange) {
        (exchange.getRequestURI().getPath().equals("/healthz")
                ? Reply.text(200, "ok")
                : Reply.text(404, "404 page not found"))
            .send(exchange);
      }
    };
  }

  private void start(String name, String scheme, int port, HttpServer server, HttpHandler handler)
      throws IOException {
    try {
      server.bind(new InetSocketAddress(address, port), 50);
    } catch (BindException e) {
      throw new IOException(
          "cannot listen on "
              + address.getHostAddress()
              + ":"
              + port
              + " for "
              + name
              + ": "
              + e.getMessage()
              + " (is another stand-in or runtime running?)",
          e);
    }
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
    servers.add(server);
    Log.info(name + " listening on " + address.getHostAddress() + ":" + port + " (" + scheme + ")");
  }

  @Override
  public void close() {
    for (HttpServer server : servers) {
      server.stop(0);
    }
    executor.shutdownNow();
  }
}
