package io.rancherd.discovery;

import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A hostile host for {@link HostileRancherIT}, run as its own process in a namespace: it answers
 * like Rancher on the join-server port (HTTP 200 from {@code /cacerts}, no rancherd id), serves a
 * CA of its own and accepts any credential on the k3s supervisor port, optionally announces itself
 * over mDNS as a rancherd server, and writes every request it gets (path and headers) to a file, so
 * the test can tell whether a secret ever reached it.
 *
 * <p>Arguments: its address, the request log, {@code mdns} or {@code quiet}.
 */
public final class HostileRancher {

  static final String LISTENING = "hostile host listening";

  private HostileRancher() {}

  public static void main(String[] args) throws Exception {
    InetAddress address = InetAddress.getByName(args[0]);
    Path requests = Path.of(args[1]);
    TestPki pki = new TestPki("hostile-ca");
    SSLContext tls = pki.serverContext(pki.server(address.getHostAddress()));
    byte[] ca = pki.caPem().getBytes(StandardCharsets.UTF_8);
    serve(tls, address, 8443, requests, path -> ok(ca));
    serve(
        tls,
        address,
        6443,
        requests,
        path ->
            switch (path) {
              case "/cacerts" -> ok(ca);
              case "/ping" -> ok("pong".getBytes(StandardCharsets.UTF_8));
              default -> ok("ok".getBytes(StandardCharsets.UTF_8));
            });
    if (args[2].equals("mdns")) {
      JmDNS jmdns = JmDNS.create(address, "hostile");
      ServiceInfo info =
          ServiceInfo.create("_rancher-server._tcp.local.", "rancherd-evil", 8443, "");
      jmdns.registerService(info);
      // registerService may return while JmDNS still probes (its own pace: 1 s a probe); the test
      // starts the good nodes once this host is announced, as a host running before them is
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!((ServiceInfoImpl) info).isAnnounced() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    System.out.println(LISTENING);
    Thread.sleep(Long.MAX_VALUE);
  }

  private static HttpExchange.Response ok(byte[] body) {
    return new HttpExchange.Response(200, "text/plain", body);
  }

  private interface Answer {
    HttpExchange.Response to(String path);
  }

  private static void serve(
      SSLContext tls, InetAddress address, int port, Path requests, Answer answer)
      throws IOException {
    ServerSocket socket = tls.getServerSocketFactory().createServerSocket();
    ((SSLServerSocket) socket).setReuseAddress(true);
    socket.bind(new InetSocketAddress(address, port));
    Thread acceptor =
        new Thread(
            () -> {
              while (true) {
                try (Socket connection = socket.accept()) {
                  connection.setSoTimeout(5000);
                  HttpExchange request = HttpExchange.read(connection.getInputStream());
                  record(requests, port, request);
                  answer.to(request.path()).write(connection.getOutputStream());
                } catch (IOException e) {
                  // a client that went away: next
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static synchronized void record(Path requests, int port, HttpExchange request)
      throws IOException {
    Map<String, String> headers = request.headers();
    String line =
        port
            + " "
            + request.path()
            + " "
            + headers.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "))
            + "\n";
    Files.writeString(
        requests,
        line,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
