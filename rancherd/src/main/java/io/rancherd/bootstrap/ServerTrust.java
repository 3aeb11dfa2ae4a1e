package io.rancherd.bootstrap;

import io.rancherd.config.RancherdConfig;
import io.rancherd.error.RancherdException;
import io.rancherd.join.JoinTarget;
import io.rancherd.join.JoinTrust;
import io.rancherd.role.Action;
import io.rancherd.runtime.Supervisor;
import io.rancherd.wait.Sleeper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A joining node trusts the server's CA, and the server accepts the token, before anything is
 * installed ({@link JoinTrust}); a server that does not answer yet is waited for up to
 * --server-wait.
 */
final class ServerTrust {

  private static final Logger LOG = LoggerFactory.getLogger(ServerTrust.class);

  private static final Duration JOIN_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final Clock clock;
  private final Sleeper sleeper;
  private final Supplier<SecureRandom> random;

  ServerTrust(Clock clock, Sleeper sleeper, Supplier<SecureRandom> random) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** The trusted server of a joining node; empty for a node that does not join. */
  Optional<JoinTrust.Trusted> establish(NodeToInstall node, Duration serverWait)
      throws RancherdException, InterruptedException {
    if (node.decision().action() != Action.JOIN) {
      return Optional.empty();
    }
    RancherdConfig config = node.loaded().config();
    String supervisor =
        Supervisor.url(config.cluster().server().orElseThrow(), node.decision().runtime());
    JoinTarget target =
        node.discovered()
            ? JoinTarget.discovered(
                supervisor,
                node.decision().runtime(),
                node.decision().server(),
                node.joinServerUrl())
            : new JoinTarget(supervisor, node.decision().runtime(), node.decision().server());
    LOG.info(
        "Joining {}: verifying its CA before anything is sent or installed", target.describe());
    JoinTrust trust =
        new JoinTrust(
            clock,
            sleeper,
            new JoinTrust.Output(LOG::info, LOG::warn),
            JoinTrust.timing(serverWait),
            JOIN_REQUEST_TIMEOUT,
            random);
    return Optional.of(
        trust.establish(target, config.cluster().token().orElseThrow(), config.trust()));
  }
}
