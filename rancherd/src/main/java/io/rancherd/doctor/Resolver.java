package io.rancherd.doctor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses; the seam that unit tests replace. */
@FunctionalInterface
public interface Resolver {

  /** The system's resolver (/etc/hosts, /etc/resolv.conf). */
  Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  List<InetAddress> resolve(String host) throws UnknownHostException;
}
