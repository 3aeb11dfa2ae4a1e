package io.rancherd.doctor;

import io.rancherd.config.ConfigSources;
import io.rancherd.fs.Root;
import io.rancherd.service.ServiceManager;
import io.rancherd.service.ServiceStatus;
import io.rancherd.state.NodeState;
import io.rancherd.testing.FakeClock;
import io.rancherd.testing.TestRoot;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node for doctor tests: a temporary root with config files, an environment, a resolver that
 * knows the hosts it is told, a fake clock and a service manager that reports a scripted status.
 */
final class DoctorFixture {

  static final String CONFIG = "/etc/rancher/rancherd/config.yaml";
  static final String DATA_DIR = NodeState.DEFAULT_DATA_DIR;

  final TestRoot files;
  final Map<String, String> env = new HashMap<>();
  final Map<String, List<InetAddress>> hosts = new HashMap<>();
  final FakeClock clock = new FakeClock();
  final ScriptedServices services = new ScriptedServices();
  Duration timeout = Duration.ofSeconds(2);

  DoctorFixture(Path dir) {
    this.files = new TestRoot(dir);
  }

  Root root() {
    return files.root();
  }

  /** The real path of a machine path under the root. */
  Path path(String machinePath) {
    return root().path(machinePath);
  }

  /** Writes {@code yaml} to /etc/rancher/rancherd/config.yaml; returns the real path. */
  Path config(String yaml) {
    return files.write(CONFIG, yaml);
  }

  DoctorFixture host(String name, String... addresses) {
    hosts.put(name, Arrays.stream(addresses).map(DoctorFixture::address).toList());
    return this;
  }

  DoctorContext context() {
    return DoctorContext.load(
        new NodeState(root(), DATA_DIR),
        ConfigSources.standard(root(), Optional.empty()),
        env,
        this::resolve,
        clock,
        services,
        timeout);
  }

  /** Runs {@code check} after the {@code earlier} findings. */
  Finding run(Check check, Finding... earlier) throws InterruptedException {
    Findings findings = new Findings();
    for (Finding finding : earlier) {
      findings.add(finding);
    }
    return check.run(context(), findings);
  }

  /** A finding of {@code check} that passed, for checks that depend on it. */
  static Finding passed(String check) {
    return Finding.pass(check, "ok");
  }

  private List<InetAddress> resolve(String host) throws UnknownHostException {
    List<InetAddress> found = hosts.get(host);
    if (found == null) {
      throw new UnknownHostException(host + ": Name or service not known");
    }
    return found;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  /**
   * A service manager that only reports, with the status it is given, and records what it was
   * asked.
   */
  static final class ScriptedServices implements ServiceManager {

    @Override
    public void stop(String unit) {
      // these tests never stop a service
    }

    ServiceStatus status =
        new ServiceStatus(ServiceStatus.State.NOT_INSTALLED, "no unit file", List.of(), "");
    String asked;

    @Override
    public void enableAndStart(String unit) {
      throw new UnsupportedOperationException("doctor starts nothing");
    }

    @Override
    public boolean isActive(String unit) {
      throw new UnsupportedOperationException("doctor asks status()");
    }

    @Override
    public ServiceStatus status(String unit) {
      asked = unit;
      return status;
    }

    @Override
    public boolean restartsAtBoot() {
      return true;
    }

    @Override
    public String name() {
      return "scripted";
    }
  }
}
