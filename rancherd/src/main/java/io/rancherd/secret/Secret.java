package io.rancherd.secret;

import java.util.Collection;
import java.util.Objects;

/**
 * A secret string (a cluster token). Its {@link #toString()} is redacted so that it can never leak
 * into a log line, an exception message or a printed record by accident; {@link #reveal()} is the
 * only way to read it.
 */
public final class Secret {

  public static final String REDACTED = "--redacted--";

  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** {@code text} with every occurrence of every non-empty secret replaced by {@link #REDACTED}. */
  public static String redactIn(String text, Collection<Secret> secrets) {
    String result = text;
    for (Secret secret : secrets) {
      if (!secret.value.isEmpty()) {
        result = result.replace(secret.value, REDACTED);
      }
    }
    return result;
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return REDACTED;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
