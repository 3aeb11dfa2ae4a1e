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
   * tcp, tls), the server's clock, the node name, the proxy, and the state of this node (service,
   * stamps), with the CA and the token between tls and clock.
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
            new ServiceCheck(),
            new StampsCheck()));
  }

  public DoctorReport run(DoctorContext context) throws InterruptedException {
    Findings findings = new Findings();
    List<Secret> secrets = secrets(context);
    for (Check check : checks) {
      Finding finding = runOne(check, context, findings);
      findings.add(
          new Finding(
              finding.check(),
              finding.status(),
              Secret.redactIn(finding.message(), secrets),
              finding.fix().map(fix -> Secret.redactIn(fix, secrets))));
    }
    return new DoctorReport(findings.all());
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
