package io.rancherd.join;

import io.rancherd.config.TrustConfig;
import io.rancherd.error.Causes;
import io.rancherd.runtime.Runtime;
import io.rancherd.secret.Secret;
import io.rancherd.token.JoinToken;
import io.rancherd.wait.CheckResult;
import io.rancherd.wait.Sleeper;
import io.rancherd.wait.Timing;
import io.rancherd.wait.WaitLoop;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Establishes trust in the CA of the server a node joins, before anything secret is sent to it and
 * before anything is installed (docs/design.md §3, join trust). In this order: the hash in a {@code
 * K10} token, the {@code caChecksum} key, the {@code /cacerts} handshake with the join server that
 * found the supervisor, and only when none of them is there, trust on first use with a warning
 * (refused with {@code requireVerifiedCa}). Then the supervisor must present a certificate of that
 * CA, and accept the token. A server that does not answer yet is awaited with progress lines; a
 * server of the other runtime is named as such.
 */
public final class JoinTrust {

  /** What the CA was verified by. */
  public enum Source {
    TOKEN("the CA hash in the token"),
    CA_CHECKSUM("caChecksum"),
    HANDSHAKE("the join server's /cacerts handshake"),
    FIRST_USE("nothing: trusted on first use");

    private final String description;

    Source(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /**
   * The outcome: the CA hash, what verified it, and the token pinned to that CA (secure form),
   * which the runtime is given so that it checks the same CA.
   */
  public record Trusted(
      String caHash, Source source, Secret pinnedToken, List<X509Certificate> anchors) {

    public Trusted {
      anchors = List.copyOf(anchors);
    }
  }

  /** Where progress lines and warnings go. */
  public record Output(Consumer<String> progress, Consumer<String> warning) {}

  /** How long one wait for the server lasts, and how the checks are paced within it. */
  public static Timing timing(Duration serverWait) {
    return new Timing(
        Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10), serverWait);
  }

  private final CacertsClient client;
  private final WaitLoop loop;
  private final Timing timing;
  private final Supplier<SecureRandom> random;
  private final Output output;

  public JoinTrust(
      Clock clock,
      Sleeper sleeper,
      Output output,
      Timing timing,
      Duration requestTimeout,
      Supplier<SecureRandom> random) {
    this.client = new CacertsClient(requestTimeout);
    // Every joining node waits for the same server: the pauses are jittered.
    this.loop = new WaitLoop(clock, sleeper, output.progress(), random.get());
    this.timing = timing;
    this.random = random;
    this.output = output;
  }

  /**
   * Waits for the server, verifies its CA and checks that it accepts the token: what a joining node
   * does before anything is installed.
   */
  public Trusted establish(JoinTarget target, Secret token, TrustConfig config)
      throws JoinTrustException, InterruptedException {
    Trusted trusted = trust(target, awaitCa(target), token, config);
    checkTokenAccepted(target, trusted, token);
    output
        .progress()
        .accept(
            "Trusting the CA of "
                + target.describe()
                + " (sha256 "
                + trusted.caHash()
                + "), verified by "
                + trusted.source().description());
    return trusted;
  }

  /** One look at the server's CA, without waiting and without sending the token (for doctor). */
  public Trusted verifyOnce(JoinTarget target, Secret token, TrustConfig config)
      throws JoinTrustException, InterruptedException {
    CacertsClient.Answer answer;
    try {
      answer = client.unverified(target.supervisorUrl());
    } catch (IOException e) {
      checkOtherRuntime(target);
      throw new JoinTrustException(
          "fetching the CA of " + target.describe() + ": " + Causes.describe(e),
          unreachableFix(target));
    }
    if (!answer.servesCa()) {
      checkOtherRuntime(target);
      throw new JoinTrustException(
          target.describe()
              + " answered HTTP "
              + answer.status()
              + " with "
              + answer.body().length
              + " bytes to /cacerts: it is not a "
              + target.runtime()
              + " supervisor, or not "
              + "ready yet",
          unreachableFix(target));
    }
    return trust(target, CaBundle.of(answer.body()), token, config);
  }

  /**
   * One authenticated request to a supervisor whose CA is trusted: does it accept the token?
   * Returns the status it answered (200, or 503 while it starts).
   */
  public int checkTokenAccepted(JoinTarget target, Trusted trusted, Secret token)
      throws JoinTrustException {
    String url = target.supervisorUrl() + "/v1-" + target.runtime().id() + "/readyz";
    int status;
    try {
      status = client.authenticated(url, trusted.anchors(), parse(token).authorization());
    } catch (IOException e) {
      throw new JoinTrustException(
          "checking the token with " + target.describe() + ": " + Causes.describe(e),
          unreachableFix(target));
    }
    if (status == 401 || status == 403) {
      throw new JoinTrustException(
          target.describe()
              + " rejected the token (HTTP "
              + status
              + " for user node): it "
              + "is not this cluster's token",
          "use the token `rancherd get-token` prints on a server of that cluster");
    }
    return status;
  }

  private Trusted trust(JoinTarget target, CaBundle bundle, Secret token, TrustConfig config)
      throws JoinTrustException, InterruptedException {
    JoinToken parsed = parse(token);
    Source source =
        new CaVerification(client, random, output.warning())
            .verify(target, bundle, parsed, token, config);
    confirmServedBy(target, bundle);
    return new Trusted(bundle.hash(), source, parsed.pinnedTo(bundle.hash()), bundle.anchors());
  }

  private static String unreachableFix(JoinTarget target) {
    return "bootstrap the server node first or check that it runs, open port "
        + target.port()
        + " between the nodes, and run `rancherd doctor`";
  }

  private static JoinToken parse(Secret token) throws JoinTrustException {
    try {
      return JoinToken.parse(token);
    } catch (JoinToken.FormatException e) {
      throw new JoinTrustException("reading the token: " + e.getMessage());
    }
  }

  /** Waits until the supervisor serves {@code /cacerts}; no credential is sent. */
  private CaBundle awaitCa(JoinTarget target) throws JoinTrustException, InterruptedException {
    byte[][] served = new byte[1][];
    String[] lastError = {"no answer yet"};
    loop.<JoinTrustException, JoinTrustException>until(
        () -> {
          try {
            CacertsClient.Answer answer = client.unverified(target.supervisorUrl());
            if (answer.servesCa()) {
              served[0] = answer.body();
              return new CheckResult(true, "served");
            }
            lastError[0] =
                "HTTP " + answer.status() + " from " + target.supervisorUrl() + "/cacerts";
          } catch (IOException e) {
            lastError[0] = Causes.describe(e);
          }
          checkOtherRuntime(target);
          return new CheckResult(false, target.describe() + " (last error: " + lastError[0] + ")");
        },
        Duration.ZERO,
        timing,
        (last, waited) ->
            new JoinTrustException(
                "reaching "
                    + target.describe()
                    + ": "
                    + lastError[0]
                    + " (waited "
                    + waited
                    + " s)",
                unreachableFix(target)));
    return CaBundle.of(served[0]);
  }

  /** A join aimed at one runtime while the host runs the other fails in one clear line. */
  private void checkOtherRuntime(JoinTarget target) throws JoinTrustException {
    Optional<JoinTrustException> other = otherRuntime(target);
    if (other.isPresent()) {
      throw other.get();
    }
  }

  /**
   * When the host of {@code target} runs the other runtime (its supervisor answers {@code /ping} on
   * its own standard port), the failure that says so; used by bootstrap and doctor alike.
   */
  public Optional<JoinTrustException> otherRuntime(JoinTarget target) {
    if (!target.standardPort()) {
      return Optional.empty();
    }
    for (Runtime other : target.runtime().others()) {
      String url = target.supervisorUrlOf(other);
      if (client.answersPing(url)) {
        return Optional.of(
            new JoinTrustException(
                target.host()
                    + " runs "
                    + other
                    + ", not "
                    + target.runtime()
                    + ": its "
                    + other
                    + " supervisor answers at "
                    + url
                    + " and nothing serves "
                    + target.runtime()
                    + " at "
                    + target.supervisorUrl(),
                "set kubernetesVersion to the server's "
                    + other
                    + " version (a "
                    + other
                    + " version such as "
                    + other.exampleVersion()
                    + ")"));
      }
    }
    return Optional.empty();
  }

  /**
   * The supervisor must present a certificate of the CA it serves (not only serve someone's CA).
   */
  private void confirmServedBy(JoinTarget target, CaBundle bundle) throws JoinTrustException {
    if (bundle.anchors().isEmpty()) {
      throw new JoinTrustException(
          target.describe()
              + " serves no certificate at /cacerts: it is not a "
              + target.runtime()
              + " supervisor, or it is not ready yet",
          unreachableFix(target));
    }
    try {
      client.confirmServedBy(target.supervisorUrl(), bundle.anchors());
    } catch (IOException e) {
      throw new JoinTrustException(
          "the TLS certificate of "
              + target.supervisorUrl()
              + " is not valid for the CA it "
              + "serves at /cacerts: "
              + Causes.describe(e),
          "join the supervisor by a name or address in its "
              + "certificate (tlsSans on the server), and make sure no proxy or load balancer ends TLS in between");
    }
  }
}
