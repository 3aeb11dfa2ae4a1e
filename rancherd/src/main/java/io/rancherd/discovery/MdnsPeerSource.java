package io.rancherd.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

/**
 * Peers over multicast DNS with JmDNS, on one interface: a server announces {@code
 * <instance>.<type>} (port = its join server's, TXT {@code id} and {@code state}) and every node
 * browses the type. The addresses of resolved instances are what it has seen. Announcing its own
 * service is what rancherd left to others (and so a node that did not see itself stalled).
 *
 * <p>JmDNS runs on RFC 6762's timing ({@link MdnsTiming}): a server is announced about 0.5-0.8 s
 * after it opens mDNS. Every change (an instance resolved, changed or gone) is reported at once to
 * the listener given to {@link #onChange}, so discovery polls a new peer without waiting for its
 * next round. Asking JmDNS to resolve an instance blocks for up to 6 s; it is asked from a thread
 * of its own, never from the round or JmDNS's listener thread.
 */
final class MdnsPeerSource implements PeerSource {

  /** How long a background resolution waits for JmDNS's answer before it is asked again. */
  private static final long RESOLVE_WAIT_MILLIS = 1000;

  private static final long GOODBYE_WAIT_MILLIS = 1000;

  private final JmDNS jmdns;
  private final String type;
  private final boolean v6;
  private final LocalAddress local;
  private final ServiceInfo announced;
  private final Map<String, List<InetAddress>> resolved = new ConcurrentHashMap<>();
  private final Set<String> unresolved = ConcurrentHashMap.newKeySet();
  private final Set<String> resolving = ConcurrentHashMap.newKeySet();
  private final ExecutorService resolver =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread thread = new Thread(r, "mdns-resolve");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Runnable changed = () -> {};
  private final Thread goodbye = new Thread(this::sayGoodbye, "mdns-goodbye");

  private MdnsPeerSource(
      JmDNS jmdns, String type, boolean v6, LocalAddress local, ServiceInfo announced) {
    this.jmdns = jmdns;
    this.type = type;
    this.v6 = v6;
    this.local = local;
    this.announced = announced;
  }

  /**
   * Starts browsing {@code type} on {@code local}; when {@code port} is given, announces this node
   * too (servers do, agents only browse).
   */
  public static MdnsPeerSource start(
      String type, LocalAddress local, boolean v6, String id, OptionalInt port) throws IOException {
    String shortId = id.substring(0, Math.min(12, id.length()));
    MdnsTiming.install();
    JmDNS jmdns =
        JmDNS.create(
            named(local.address().address(), "rancherd-" + shortId), "rancherd-" + shortId);
    ServiceInfo info =
        port.isPresent()
            ? ServiceInfo.create(
                type, "rancherd-" + shortId, port.getAsInt(), 0, 0, text(id, PeerState.DISCOVERING))
            : null;
    MdnsPeerSource source = new MdnsPeerSource(jmdns, type, v6, local, info);
    // Browse before registering: registering blocks until this node has probed its name and
    // announced it (about 1 s). A browse started after it sent its first query only then, so the
    // answers of hosts announced long before (a running cluster, or a host to be ignored) could
    // arrive after peers starting at the same time had announced themselves and the election had
    // decided without them.
    jmdns.addServiceListener(type, source.listener());
    if (info != null) {
      jmdns.registerService(info);
      Runtime.getRuntime().addShutdownHook(source.goodbye);
    }
    return source;
  }

  /**
   * The address with a host name attached: JmDNS compares its name with the address's host name,
   * and an address without one would be looked up in reverse DNS, which blocks for the resolver's
   * timeout where DNS does not answer yet (as at first boot).
   */
  static InetAddress named(InetAddress address, String name) throws UnknownHostException {
    if (address instanceof Inet6Address v6
        && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
      return address;
    }
    return InetAddress.getByAddress(name, address.getAddress());
  }

  private ServiceListener listener() {
    return new ServiceListener() {
      @Override
      public void serviceAdded(ServiceEvent event) {
        unresolved.add(event.getName());
        resolve(event.getName());
      }

      @Override
      public void serviceRemoved(ServiceEvent event) {
        unresolved.remove(event.getName());
        if (resolved.remove(event.getName()) != null) {
          changed.run();
        }
      }

      @Override
      public void serviceResolved(ServiceEvent event) {
        resolved(event.getName(), event.getInfo());
      }
    };
  }

  /** {@code name} resolved to {@code info}: its addresses are seen, a change reported. */
  private void resolved(String name, ServiceInfo info) {
    List<InetAddress> addresses =
        List.of(
            v6 && info.getInet6Addresses().length > 0
                ? info.getInet6Addresses()
                : info.getInet4Addresses());
    if (!addresses.isEmpty()) {
      unresolved.remove(name);
      if (!addresses.equals(resolved.put(name, addresses))) {
        changed.run();
      }
    }
  }

  @Override
  public Set<PeerAddress> seen() {
    unresolved.forEach(this::resolve);
    Set<PeerAddress> seen = new HashSet<>();
    resolved
        .values()
        .forEach(
            list ->
                list.stream()
                    .filter(a -> !a.isLinkLocalAddress() || a instanceof Inet4Address)
                    .map(PeerAddress::new)
                    .forEach(seen::add));
    return seen;
  }

  /** Asks JmDNS to resolve {@code name} in the background, once at a time per name. */
  private void resolve(String name) {
    if (!resolving.add(name)) {
      return;
    }
    try {
      resolver.execute(
          () -> {
            try {
              // The answer itself counts: when the records that made the instance known carried
              // its addresses (an answer to a query, an announcement), JmDNS completes the info
              // from its cache but sends no resolved event until one of them changes, which for a
              // host announced long ago may be never, or at the next query's answer.
              ServiceInfo info = jmdns.getServiceInfo(type, name, RESOLVE_WAIT_MILLIS);
              if (info != null) {
                resolved(name, info);
              }
            } finally {
              resolving.remove(name);
            }
          });
    } catch (RejectedExecutionException e) {
      resolving.remove(name);
    }
  }

  @Override
  public void onChange(Runnable listener) {
    changed = listener;
  }

  @Override
  public void publish(PeerState state) {
    if (announced != null) {
      announced.setText(text(announced.getPropertyString("id"), state));
    }
  }

  @Override
  public String describe() {
    return "mDNS "
        + type
        + " on "
        + local.describe()
        + (announced == null ? " (browsing only)" : "");
  }

  private static Map<String, String> text(String id, PeerState state) {
    return Map.of("id", id, "state", state.wire());
  }

  /**
   * At JVM exit: withdraws the service, waiting at most {@value #GOODBYE_WAIT_MILLIS} ms (the first
   * goodbye goes out at once; JmDNS repeats it for a few seconds).
   */
  private void sayGoodbye() {
    Thread withdraw = new Thread(jmdns::unregisterAllServices, "mdns-withdraw");
    withdraw.setDaemon(true);
    withdraw.start();
    try {
      withdraw.join(GOODBYE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (announced != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(goodbye);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is stopping: the hook withdraws the service
      }
    }
    resolver.shutdownNow();
    try {
      jmdns.unregisterAllServices();
      jmdns.close();
    } catch (IOException e) {
      // closing a multicast socket: nothing to do about it at exit
    }
  }
}
