package io.rancherd.doctor;

import io.rancherd.config.Redaction;
import io.rancherd.secret.Secret;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of {@code rancherd doctor} in order, each seeing the findings before it, and
 * gives the report. A check that throws is reported as a failure of that check; the others still
 * run. No secret of the configuration appears in a finding.
 */
public final class Doctor {

  private static final Logger LOG = LoggerFactory.getLogger(Doctor.class);

  private final List<Check> checks;

  public Doctor(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /**
   * The checks, in order: what the node is told (config, role), whether it reaches its server (dns,
   * tcp, tls), the server's clock, the node name, the proxy, the registries of the images it pulls,
   * and the state of this node (service, stamps), with the CA and the token between tls and clock.
   */
  public static Doctor standard() {
    return new Doctor(
        List.of(
            new ConfigCheck(),
            new RoleCheck(),
            new DnsCheck(),
            new TcpCheck(),
            new TlsCheck(),
            new CaCheck(),
            new TokenCheck(),
            new ClockCheck(),
            new NodeNameCheck(),
            new ProxyCheck(),
            new RegistryCheck(),
            new ServiceCheck(),
            new StampsCheck()));
  }

  /**
   * Runs the checks. With several servers ({@code server} as a list), the checks of the server (dns
   * to clock) run for each one, in the order the join tries them, and each finding names its
   * server.
   */
  public DoctorReport run(DoctorContext context) throws InterruptedException {
    Findings findings = new Findings();
    List<Secret> secrets = secrets(context);
    List<String> servers = context.supervisorUrls();
    boolean each = servers.size() > 1;
    boolean serversDone = false;
    for (Check check : checks) {
      if (!each || !PER_SERVER.contains(check.name())) {
        for (Finding finding : runAll(check, context, findings)) {
          findings.add(redacted(finding, secrets, ""));
        }
      } else if (!serversDone) {
        serversDone = true;
        for (String server : servers) {
          Findings scoped = findings.copy();
          for (Check perServer : checks) {
            if (PER_SERVER.contains(perServer.name())) {
              Finding finding = runOne(perServer, context.forSupervisor(server), scoped);
              scoped.add(finding);
              findings.add(redacted(finding, secrets, "[" + server + "] "));
            }
          }
        }
      }
    }
    return new DoctorReport(findings.all());
  }

  /** The checks that look at the server a node joins. */
  private static final List<String> PER_SERVER =
      List.of("dns", "tcp", "tls", "ca", "token", "clock");

  private static Finding redacted(Finding finding, List<Secret> secrets, String prefix) {
    return new Finding(
        finding.check(),
        finding.status(),
        prefix + Secret.redactIn(finding.message(), secrets),
        finding.fix().map(fix -> Secret.redactIn(fix, secrets)));
  }

  private static List<Finding> runAll(Check check, DoctorContext context, Findings findings)
      throws InterruptedException {
    try {
      return check.runAll(context, findings);
    } catch (RuntimeException e) {
      LOG.debug("Check {} failed", check.name(), e);
      return List.of(
          Finding.fail(
              check.name(),
              "the check itself failed: " + e,
              "run rancherd doctor --debug and report the stack trace"));
    }
  }

  private static Finding runOne(Check check, DoctorContext context, Findings findings)
      throws InterruptedException {
    try {
      return check.run(context, findings);
    } catch (RuntimeException e) {
      LOG.debug("Check {} failed", check.name(), e);
      return Finding.fail(
          check.name(),
          "the check itself failed: " + e,
          "run rancherd doctor --debug and report the stack trace");
    }
  }

  private static List<Secret> secrets(DoctorContext context) {
    return context
        .config()
        .map(
            loaded ->
                Redaction.secrets(
                    loaded.config(), loaded.config().cluster().token().orElse(new Secret(""))))
        .orElse(List.of());
  }
}
