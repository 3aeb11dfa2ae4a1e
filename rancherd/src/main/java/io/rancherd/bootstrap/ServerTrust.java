package io.rancherd.bootstrap;

import io.rancherd.config.RancherdConfig;
import io.rancherd.error.RancherdException;
import io.rancherd.join.JoinTarget;
import io.rancherd.join.JoinTrust;
import io.rancherd.join.JoinTrustException;
import io.rancherd.role.Action;
import io.rancherd.runtime.Runtime;
import io.rancherd.runtime.Supervisor;
import io.rancherd.wait.CheckResult;
import io.rancherd.wait.Sleeper;
import io.rancherd.wait.WaitLoop;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A joining node trusts the server's CA, and the server accepts the token, before anything is
 * installed ({@link JoinTrust}); a server that does not answer yet is waited for up to
 * --server-wait. With several servers ({@code server} as a list), each round tries them in the
 * order given, runs the CA and token checks against each, and the first that passes is the one the
 * runtime is given; every failure is named.
 */
final class ServerTrust {

  private static final Logger LOG = LoggerFactory.getLogger(ServerTrust.class);

  private static final Duration JOIN_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The server that passed the checks, and what its CA was verified by. */
  record Chosen(String server, JoinTrust.Trusted trusted) {}

  private final Clock clock;
  private final Sleeper sleeper;
  private final Supplier<SecureRandom> random;

  ServerTrust(Clock clock, Sleeper sleeper, Supplier<SecureRandom> random) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** The trusted server of a joining node; empty for a node that does not join. */
  Optional<Chosen> establish(NodeToInstall node, Duration serverWait)
      throws RancherdException, InterruptedException {
    if (node.decision().action() != Action.JOIN) {
      return Optional.empty();
    }
    RancherdConfig config = node.loaded().config();
    JoinTrust trust =
        new JoinTrust(
            clock,
            sleeper,
            new JoinTrust.Output(LOG::info, LOG::warn),
            JoinTrust.timing(serverWait),
            JOIN_REQUEST_TIMEOUT,
            random);
    List<String> servers = config.cluster().server();
    if (servers.size() == 1) {
      JoinTarget target = target(node, servers.get(0));
      LOG.info(
          "Joining {}: verifying its CA before anything is sent or installed", target.describe());
      return Optional.of(
          new Chosen(
              servers.get(0),
              trust.establish(target, config.cluster().token().orElseThrow(), config.trust())));
    }
    return Optional.of(firstThatPasses(node, servers, trust, serverWait));
  }

  private Chosen firstThatPasses(
      NodeToInstall node, List<String> servers, JoinTrust trust, Duration serverWait)
      throws RancherdException, InterruptedException {
    RancherdConfig config = node.loaded().config();
    Runtime runtime = node.decision().runtime();
    LOG.info(
        "Joining one of {} servers, tried in this order: {}; each one's CA is verified before "
            + "anything is sent or installed",
        servers.size(),
        servers.stream().map(s -> Supervisor.url(s, runtime)).collect(Collectors.joining(", ")));
    Map<String, String> failures = new LinkedHashMap<>();
    Chosen[] chosen = new Chosen[1];
    new WaitLoop(clock, sleeper, LOG::info, random.get())
        .<JoinTrustException, JoinTrustException>until(
            () -> {
              for (String server : servers) {
                JoinTarget target = target(node, server);
                try {
                  JoinTrust.Trusted trusted =
                      trust.verifyOnce(
                          target, config.cluster().token().orElseThrow(), config.trust());
                  trust.checkTokenAccepted(target, trusted, config.cluster().token().orElseThrow());
                  chosen[0] = new Chosen(server, trusted);
                  LOG.info(
                      "Trusting the CA of {} (sha256 {}), verified by {}",
                      target.describe(),
                      trusted.caHash(),
                      trusted.source().description());
                  return new CheckResult(true, server);
                } catch (JoinTrustException e) {
                  if (!e.getMessage().equals(failures.put(server, e.getMessage()))) {
                    LOG.warn("Server {} failed the join checks: {}", server, e.getMessage());
                  }
                }
              }
              return new CheckResult(
                  false, "one of " + servers.size() + " servers to pass the join checks");
            },
            Duration.ZERO,
            JoinTrust.timing(serverWait),
            (last, waited) ->
                new JoinTrustException(
                    "joining: none of the "
                        + servers.size()
                        + " servers passed the join checks (waited "
                        + waited
                        + " s): "
                        + failures.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining("; ")),
                    "start one of these servers, or fix what its line names, and run "
                        + "`rancherd doctor`"));
    return chosen[0];
  }

  private static JoinTarget target(NodeToInstall node, String server) {
    String supervisor = Supervisor.url(server, node.decision().runtime());
    return node.discovered()
        ? JoinTarget.discovered(
            supervisor, node.decision().runtime(), node.decision().server(), node.joinServerUrl())
        : new JoinTarget(supervisor, node.decision().runtime(), node.decision().server());
  }
}
