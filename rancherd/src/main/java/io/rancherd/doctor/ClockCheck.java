package io.rancherd.doctor;

import io.rancherd.tls.TlsClients;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * This node's clock against the server's: the {@code Date} header of the supervisor's {@code /ping}
 * (no credentials; the certificate is not verified, the answer is not trusted for anything but the
 * time). Certificates the server issues start at its own "now", so a node whose clock is behind
 * sees them as not valid yet, and TLS and etcd fail.
 */
final class ClockCheck implements Check {

  static final String NAME = "clock";
  static final Duration WARN_ABOVE = Duration.ofSeconds(5);
  static final Duration FAIL_ABOVE = Duration.ofSeconds(60);
  static final String FIX =
      "enable time synchronisation on every node: timedatectl set-ntp true, or chrony";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    if (context.supervisorUrl().isEmpty()) {
      return Finding.skip(
          NAME, context.whyNotJoining() + "; its clock is the one the others must follow");
    }
    if (!earlier.ok(TlsCheck.NAME)) {
      return Finding.skip(NAME, "no TLS connection to the supervisor");
    }
    String url = context.supervisorUrl().get() + "/ping";
    Optional<Instant> serverTime;
    try {
      serverTime = serverTime(url, context);
    } catch (IOException e) {
      return Finding.skip(NAME, "GET " + url + " failed: " + Endpoint.cause(e, context.timeout()));
    }
    if (serverTime.isEmpty()) {
      return Finding.skip(NAME, "GET " + url + " answered without a Date header");
    }
    return judge(Duration.between(context.clock().instant(), serverTime.get()), url);
  }

  /**
   * @param skew the server's time minus this node's
   */
  static Finding judge(Duration skew, String url) {
    long seconds = Math.abs(skew.toSeconds());
    String direction = skew.isNegative() ? "ahead of" : "behind";
    String measured =
        "this node's clock is "
            + seconds
            + " s "
            + direction
            + " the server's (Date of "
            + url
            + ")";
    if (seconds > FAIL_ABOVE.toSeconds()) {
      return Finding.fail(
          NAME,
          measured
              + "; certificates the server issues start at its own time, so above "
              + FAIL_ABOVE.toSeconds()
              + " s TLS and etcd break",
          FIX);
    }
    if (seconds > WARN_ABOVE.toSeconds()) {
      return Finding.warn(NAME, measured + "; above " + WARN_ABOVE.toSeconds() + " s", FIX);
    }
    return Finding.pass(
        NAME, "this node's clock is within " + WARN_ABOVE.toSeconds() + " s of the server's");
  }

  private static Optional<Instant> serverTime(String url, DoctorContext context)
      throws IOException {
    OkHttpClient client =
        TlsClients.insecureForHealthChecks(context.timeout())
            .newBuilder()
            .dns(context.resolver()::resolve)
            .build();
    try (Response response =
        client.newCall(new Request.Builder().url(url).get().build()).execute()) {
      Date date = response.headers().getDate("Date");
      return Optional.ofNullable(date).map(Date::toInstant);
    }
  }
}
