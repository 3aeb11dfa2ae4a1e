package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rancherd's mDNS against a real implementation: Debian's avahi-daemon runs in one namespace of a
 * {@link NetnsBed} ({@code rditA}), a discovering rancherd server in another. avahi-browse must see
 * and resolve the service rancherd announces, and rancherd must count a service that
 * avahi-publish-service announces.
 *
 * <p>The avahi tools talk to avahi-daemon over the system D-Bus. The test starts a private bus of
 * its own (a socket in a temporary directory, named to every avahi process through {@code
 * DBUS_SYSTEM_BUS_ADDRESS}), so neither a running system bus nor a running avahi-daemon of the
 * machine is touched or in the way; avahi-daemon gets a private {@code /run} (its pid file and
 * socket) in the mount namespace {@code ip netns exec} gives it. Both are stopped at the end.
 */
class AvahiInteropIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOKEN = "avahi-interop-it-secret";
  private static final String TYPE = "_" + DiscoveryNode.SERVICE + "._tcp";
  private static final String[] TOOLS = {
    "avahi-daemon", "avahi-browse", "avahi-publish-service", "dbus-daemon", "sh", "mount"
  };

  @TempDir static Path shared;

  private static NetnsBed bed;
  private static Process bus;
  private static Path busLog;
  private static Path avahiLog;
  private static Map<String, String> busEnv;
  private static NetnsBed.Host avahiHost;
  private static NetnsBed.Host rancherdHost;

  private Process publisher;
  private DiscoveryNode node;

  @BeforeAll
  static void startAvahi() throws InterruptedException {
    NetnsBed.assumeUsable(TOOLS);
    bed = NetnsBed.open();
    avahiHost = bed.add("rditA", 10);
    rancherdHost = bed.add("rdit1", 11);
    busEnv = Map.of("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + startBus());

    Path conf =
        write(
            shared.resolve("avahi-daemon.conf"),
            """
        [server]
        host-name=rditavahi
        use-ipv4=yes
        use-ipv6=no
        allow-interfaces=eth0
        enable-dbus=yes
        ratelimit-interval-usec=1000000
        ratelimit-burst=1000

        [wide-area]
        enable-wide-area=no

        [publish]
        publish-hinfo=no
        publish-workstation=no
        """);
    avahiLog = shared.resolve("avahi-daemon.log");
    // a private /run: avahi-daemon's pid file and socket do not meet a system avahi-daemon's
    bed.start(
        avahiHost,
        avahiLog,
        busEnv,
        List.of(
            "sh",
            "-c",
            "mount -t tmpfs rdit-avahi-run /run && exec "
                + NetnsBed.which("avahi-daemon").orElseThrow()
                + " --no-drop-root --no-chroot --no-rlimits --no-proc-title -f "
                + conf));
    DiscoveryNode.await(
        WAIT,
        "avahi-daemon starts in " + avahiHost,
        () -> read(avahiLog).contains("Server startup complete"),
        () -> "\n--- avahi-daemon ---\n" + read(avahiLog));
  }

  /** A private message bus for avahi-daemon and its tools; returns the path of its socket. */
  private static Path startBus() throws InterruptedException {
    Path socket = shared.resolve("bus.sock");
    Path conf =
        write(
            shared.resolve("bus.conf"),
            """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>unix:path=%s</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_destination="*"/>
            <allow receive_sender="*"/>
          </policy>
        </busconfig>
        """
                .formatted(socket));
    busLog = shared.resolve("bus.log");
    try {
      bus =
          new ProcessBuilder(
                  NetnsBed.which("dbus-daemon").orElseThrow().toString(),
                  "--config-file=" + conf,
                  "--nofork",
                  "--nopidfile")
              .redirectErrorStream(true)
              .redirectOutput(busLog.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting dbus-daemon", e);
    }
    DiscoveryNode.await(
        Duration.ofSeconds(20),
        "the private D-Bus listens on " + socket,
        () -> Files.exists(socket) || !bus.isAlive(),
        () -> "\n--- dbus-daemon ---\n" + read(busLog));
    assertTrue(bus.isAlive(), () -> "dbus-daemon exited:\n" + read(busLog));
    return socket;
  }

  @AfterEach
  void stopTestProcesses() {
    if (bed != null) {
      bed.stopAll(rancherdHost, Duration.ofSeconds(5));
    }
    if (publisher != null) {
      publisher.destroy();
      try {
        if (!publisher.waitFor(5, TimeUnit.SECONDS)) {
          publisher.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        publisher.destroyForcibly();
      }
    }
  }

  @AfterAll
  static void stopAvahi() throws InterruptedException {
    try {
      if (bed != null) {
        bed.close();
      }
    } finally {
      if (bus != null) {
        bus.destroy();
        if (!bus.waitFor(5, TimeUnit.SECONDS)) {
          bus.destroyForcibly();
        }
      }
    }
  }

  @Test
  void avahiBrowseResolvesTheServiceRancherdAnnounces(@TempDir Path roots)
      throws InterruptedException {
    node = DiscoveryNode.prepare(bed, rancherdHost, roots, TOKEN, 3).start();
    DiscoveryNode.await(
        WAIT,
        "rancherd announces itself and records its id in discovery.json",
        () -> node.log().contains("Discovering peers through mDNS") && node.record().has("id"),
        this::context);
    String id = node.record().path("id").asText();
    assertTrue(id.length() > 12, "discovery.json holds the node's id" + context());

    // avahi-browse -t stops at "all for now": an answer that comes later is missed, so ask again
    Instant deadline = Instant.now().plus(WAIT);
    NetnsBed.Result browse;
    Optional<String[]> resolved;
    do {
      browse =
          bed.run(avahiHost, busEnv, Duration.ofSeconds(20), List.of("avahi-browse", "-rpt", TYPE));
      resolved =
          browse
              .stdout()
              .lines()
              .filter(l -> l.startsWith("=;"))
              .map(l -> l.split(";", -1))
              .filter(f -> f.length >= 10 && f[7].equals(node.address()))
              .findFirst();
      if (resolved.isEmpty()) {
        Thread.sleep(500);
      }
    } while (resolved.isEmpty() && Instant.now().isBefore(deadline));
    NetnsBed.Result last = browse;
    String context = "\n" + last.describe() + context();
    assertEquals(0, browse.exitCode(), context);
    String[] f =
        resolved.orElseThrow(
            () ->
                new AssertionError(
                    "avahi-browse resolves no service at "
                        + node.address()
                        + " within "
                        + WAIT.toSeconds()
                        + " s"
                        + context));
    // =;interface;protocol;name;type;domain;host;address;port;txt
    assertEquals(
        List.of("=", "eth0", "IPv4", TYPE, "local", node.address(), "8443"),
        List.of(f[0], f[1], f[2], f[4], f[5], f[7], f[8]),
        "resolved line: " + String.join(";", f) + context);
    assertTrue(
        f[3].startsWith("rancherd-") && id.startsWith(f[3].substring("rancherd-".length())),
        "the instance is named after the node's id: " + f[3] + context);
    assertTrue(f[6].endsWith(".local"), "host name: " + f[6] + context);
    List<String> txt = Arrays.asList(f[9].split(" "));
    assertTrue(
        txt.contains("\"id=" + id + "\"") && txt.contains("\"state=discovering\""),
        "TXT of the service: " + f[9] + context);
    assertTrue(
        browse
            .stdout()
            .lines()
            .anyMatch(l -> l.startsWith("+;eth0;IPv4;" + f[3] + ";" + TYPE + ";local")),
        "avahi-browse lists the service before resolving it" + context);
  }

  @Test
  void rancherdCountsAServiceThatAvahiPublishes(@TempDir Path roots) throws InterruptedException {
    Path publishLog = roots.resolve("avahi-publish.log");
    publisher =
        bed.start(
            avahiHost,
            publishLog,
            busEnv,
            List.of("avahi-publish-service", "rdit avahi peer", TYPE, "8443"));
    DiscoveryNode.await(
        WAIT,
        "avahi-publish-service establishes its service",
        () -> read(publishLog).contains("Established under name"),
        () -> "\n--- avahi-publish-service ---\n" + read(publishLog) + context());

    node = DiscoveryNode.prepare(bed, rancherdHost, roots, TOKEN, 3).start();
    String both = avahiHost.address() + ", " + node.address();
    String line = "Discovery: have 2 of 3 expected servers: " + both;
    DiscoveryNode.await(
        WAIT,
        "rancherd counts the service avahi publishes (\"" + line + "\")",
        () -> node.logLines().stream().anyMatch(l -> l.endsWith(line)),
        this::context);

    NetnsBed.Result status = node.status();
    String context = "\n" + node.redact(status.describe()) + context();
    assertEquals(3, status.exitCode(), "not bootstrapped yet: it discovers" + context);
    List<String> lines = status.stdout().lines().toList();
    int at = indexOfPrefix(lines, "discovery:");
    assertTrue(
        at >= 0 && lines.get(at).startsWith("discovery:    have 2 of 3 expected servers: " + both),
        context);
    assertEquals(
        List.of(
            "  seen:       " + both,
            "  agreeing:   " + node.address(),
            "  awaited:    " + avahiHost.address()),
        lines.subList(at + 1, Math.min(lines.size(), at + 4)),
        "the avahi peer is seen and awaited (its port 8443 does not answer)" + context);
  }

  // ---------------------------------------------------------------- helpers

  private static int indexOfPrefix(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private String context() {
    List<String> parts = new ArrayList<>();
    if (node != null) {
      parts.add(node.describe());
    }
    parts.add("--- avahi-daemon log ---\n" + read(avahiLog) + "--- end of avahi-daemon log ---");
    return "\n" + String.join("\n", parts);
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return file != null && Files.isRegularFile(file)
          ? Files.readString(file, StandardCharsets.UTF_8)
          : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
