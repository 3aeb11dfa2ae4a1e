package io.rancherd.doctor;

import io.rancherd.join.JoinTrust;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Something a check learned that a later check uses, beyond its finding; typed by {@code T}.
 *
 * @param name for messages and debugging
 */
record Fact<T>(String name) {

  /**
   * The certificate chain the supervisor presented in the TLS handshake, leaf first, as read by the
   * {@code tls} check (not verified: it trusted anything).
   */
  public static final Fact<List<X509Certificate>> SERVER_CHAIN = new Fact<>("server-chain");

  /** The supervisor's CA as the {@code ca} check verified it, for the {@code token} check. */
  public static final Fact<JoinTrust.Trusted> TRUSTED_CA = new Fact<>("trusted-ca");
}
