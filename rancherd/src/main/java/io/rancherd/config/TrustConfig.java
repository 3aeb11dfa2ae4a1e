package io.rancherd.config;

import java.util.Optional;

/**
 * How a joining node trusts the CA of the server it joins (rancherd (Java) additions, top-level
 * keys).
 *
 * @param caChecksum the SHA-256 of the server's {@code /cacerts} as lowercase hex (the hash a
 *     {@code K10} token carries), without its optional {@code sha256:} prefix
 * @param requireVerifiedCa true refuses to join when nothing verifies the server's CA, instead of
 *     trusting it on first use with a warning
 */
public record TrustConfig(Optional<String> caChecksum, boolean requireVerifiedCa) {

  public static final TrustConfig DEFAULTS = new TrustConfig(Optional.empty(), false);
}
