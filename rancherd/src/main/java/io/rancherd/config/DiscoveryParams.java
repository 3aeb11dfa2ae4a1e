package io.rancherd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code discovery.params} this build understands, read once. Providers: {@code mdns}, the
 * default (params {@code service}, default {@code rancher-server}, {@code domain} and {@code v6} as
 * go-discover's, plus {@code interface}) and {@code static} ({@code addresses}, {@code interface}).
 * Other params are ignored.
 */
public record DiscoveryParams(
    String provider,
    String serviceType,
    Optional<String> networkInterface,
    boolean v6,
    List<String> addresses) {

  public static final List<String> PROVIDERS = List.of("mdns", "static");
  public static final String DEFAULT_PROVIDER = "mdns";
  public static final String DEFAULT_SERVICE = "rancher-server";

  public DiscoveryParams {
    addresses = List.copyOf(addresses);
  }

  /** Thrown for params that cannot work; the message names the param and what is expected. */
  public static final class Invalid extends Exception {

    private final String param;

    Invalid(String param, String message) {
      super(message);
      this.param = param;
    }

    /** The param at fault ("provider", "service" ...). */
    public String param() {
      return param;
    }
  }

  public static DiscoveryParams of(Map<String, String> params) throws Invalid {
    String provider = params.getOrDefault("provider", DEFAULT_PROVIDER).trim();
    if (!PROVIDERS.contains(provider)) {
      throw new Invalid(
          "provider",
          "expected mdns (multicast DNS on the local network) or static (a fixed "
              + "list of addresses), found "
              + ConfigException.quote(provider)
              + (provider.isEmpty()
                  ? ""
                  : ": this build of rancherd " + "does not support that go-discover provider"));
    }
    Optional<String> nic =
        Optional.ofNullable(params.get("interface")).map(String::trim).filter(s -> !s.isEmpty());
    boolean v6 = bool(params, "v6");
    if (provider.equals("static")) {
      List<String> addresses = addresses(params.getOrDefault("addresses", ""));
      if (addresses.isEmpty()) {
        throw new Invalid(
            "addresses",
            "expected the servers' addresses, separated by commas or spaces "
                + "(such as \"10.0.0.5, 10.0.0.6, 10.0.0.7\"), found none");
      }
      return new DiscoveryParams(provider, "", nic, v6, addresses);
    }
    return new DiscoveryParams(provider, serviceType(params), nic, v6, List.of());
  }

  /**
   * {@code rancher-server} becomes {@code _rancher-server._tcp.local.}; a name that starts with
   * {@code _} is taken as the DNS-SD type it is ({@code _rancher-server._tcp}), in {@code domain}.
   */
  static String serviceType(Map<String, String> params) throws Invalid {
    String service = params.getOrDefault("service", DEFAULT_SERVICE).trim();
    String domain = params.getOrDefault("domain", "local").trim().replaceAll("^\\.+|\\.+$", "");
    if (service.isEmpty()) {
      throw new Invalid(
          "service",
          "expected the mDNS service name every server announces (such as "
              + "rancher-server), found none");
    }
    String name = service.replaceAll("\\.+$", "");
    if (!name.startsWith("_")) {
      name = "_" + name + "._tcp";
    } else if (!name.contains("._")) {
      name = name + "._tcp";
    }
    if (!name.matches("_[A-Za-z0-9-]{1,63}\\._(tcp|udp)")) {
      throw new Invalid(
          "service",
          "expected a service name of letters, digits and '-' (such as rancher-server "
              + "or _rancher-server._tcp), found "
              + ConfigException.quote(service));
    }
    return name + "." + (domain.isEmpty() ? "local" : domain) + ".";
  }

  private static boolean bool(Map<String, String> params, String key) throws Invalid {
    String value = params.getOrDefault(key, "false").trim();
    if (!value.equals("true") && !value.equals("false")) {
      throw new Invalid(key, "expected true or false, found " + ConfigException.quote(value));
    }
    return value.equals("true");
  }

  private static List<String> addresses(String text) {
    List<String> addresses = new ArrayList<>();
    for (String part : text.split("[,\\s]+")) {
      if (!part.isBlank()) {
        addresses.add(part.trim());
      }
    }
    return addresses;
  }
}
