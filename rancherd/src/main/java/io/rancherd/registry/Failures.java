package io.rancherd.registry;

import io.rancherd.error.Causes;
import io.rancherd.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;

/**
 * The one-line failures of one pull: "pulling IMAGE: REGISTRY answered/cannot ...: CAUSE; fix:
 * FIX". Messages name hosts and statuses, never a credential, a token or a query string.
 */
final class Failures {

  private final String action;
  private final String image;

  Failures(String image) {
    this(image, "pulling");
  }

  /** The failures of {@code verb} (pulling, checking) {@code image}. */
  Failures(String image, String verb) {
    this.image = image;
    this.action = verb + " " + image;
  }

  String action() {
    return action;
  }

  RegistryException transport(Endpoint endpoint, HttpUrl url, IOException e) {
    String where = "registry " + endpoint.host() + sameOr(endpoint, url);
    if (e instanceof SSLPeerUnverifiedException || untrusted(e)) {
      return new RegistryException(
          Kind.TLS,
          action,
          where + " presented a certificate that is not trusted (" + Causes.describe(e) + ")",
          "set registries.configs.\""
              + endpoint.host()
              + "\".tls.ca_file to the CA that signed it (insecure_skip_verify only for tests)",
          e);
    }
    if (e instanceof SSLException) {
      return new RegistryException(
          Kind.TLS,
          action,
          "the TLS handshake with " + where + " failed (" + Causes.describe(e) + ")",
          "check that " + endpoint.base() + " speaks TLS, or name it with http:// if it does not",
          e);
    }
    Kind kind =
        e instanceof UnknownHostException
                || e instanceof InterruptedIOException
                || e instanceof ConnectException
                || e instanceof NoRouteToHostException
                || e instanceof SocketException
            ? Kind.OFFLINE
            : Kind.BAD_ANSWER;
    return new RegistryException(
        kind,
        action,
        "cannot reach " + where + " (" + Causes.describe(e) + ")",
        "check the endpoint and the network, or add a reachable mirror under registries.mirrors",
        e);
  }

  RegistryException forStatus(Endpoint endpoint, int code, String status, boolean authenticated) {
    String where = "registry " + endpoint.host();
    if (code == 401 || code == 403) {
      return authenticated ? credentialsRejected(endpoint, status) : credentialsMissing(endpoint);
    }
    if (code == 404) {
      return new RegistryException(
          Kind.NOT_FOUND,
          action,
          where + " has no " + endpoint.image() + " (" + status + ")",
          "check the image name and tag, or push the image to " + endpoint.host());
    }
    Kind kind = code >= 500 || code == 429 ? Kind.UNAVAILABLE : Kind.BAD_ANSWER;
    return new RegistryException(
        kind, action, where + " answered " + status, "try again later, or add a mirror");
  }

  RegistryException credentialsMissing(Endpoint endpoint) {
    return new RegistryException(
        Kind.AUTH,
        action,
        "registry " + endpoint.host() + " requires credentials and none are configured",
        "set registries.configs.\"" + endpoint.host() + "\".auth.username and password");
  }

  RegistryException credentialsRejected(Endpoint endpoint, String status) {
    return new RegistryException(
        Kind.AUTH,
        action,
        "registry " + endpoint.host() + " rejected the configured credentials (" + status + ")",
        "correct registries.configs.\""
            + endpoint.host()
            + "\".auth, and check that the account may pull "
            + endpoint.image().repository());
  }

  RegistryException badAnswer(Endpoint endpoint, String problem) {
    return new RegistryException(
        Kind.BAD_ANSWER,
        action,
        "registry " + endpoint.host() + ": " + problem,
        "check that " + endpoint.base() + " is a registry (distribution API v2)");
  }

  RegistryException digestMismatch(Endpoint endpoint, String what, String expected, String got) {
    return new RegistryException(
        Kind.DIGEST,
        action,
        "registry "
            + endpoint.host()
            + " sent "
            + what
            + " whose digest is "
            + got
            + ", not "
            + expected
            + "; nothing was extracted",
        "the registry's storage is damaged or the answer was altered in transit: repair or re-push "
            + image);
  }

  RegistryException unsupported(Endpoint endpoint, String problem, String fix) {
    return new RegistryException(
        Kind.BAD_ANSWER, action, "registry " + endpoint.host() + ": " + problem, fix);
  }

  RegistryException local(String problem, IOException e) {
    return new RegistryException(
        Kind.LOCAL,
        action,
        problem + " (" + Causes.describe(e) + ")",
        "check the free space and permissions of the target directory",
        e);
  }

  private static String sameOr(Endpoint endpoint, HttpUrl url) {
    return url.host().equals(endpoint.base().host()) ? "" : " (via " + url.host() + ")";
  }

  private static boolean untrusted(IOException e) {
    if (!(e instanceof SSLHandshakeException)) {
      return false;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof CertificateException
          || t instanceof java.security.cert.CertPathValidatorException
          || t instanceof java.security.cert.CertPathBuilderException) {
        return true;
      }
    }
    return false;
  }
}
