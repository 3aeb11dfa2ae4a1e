package io.rancherd.kube;

import io.rancherd.fs.Root;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a kubeconfig rancherd uses: the {@code current-context}'s cluster (server, CA,
 * {@code insecure-skip-tls-verify}) and user (client certificate and key, or bearer token), as the
 * runtimes write them in their admin kubeconfig ({@code /etc/rancher/k3s/k3s.yaml}, {@code
 * /etc/rancher/rke2/rke2.yaml}). File references that are relative resolve against the kubeconfig's
 * directory, absolute ones under the root. The key and the token are never shown: not by {@link
 * #toString()}, not in an exception message.
 */
public final class Kubeconfig {

  private final String file;
  private final String server;
  private final List<X509Certificate> certificateAuthorities;
  private final boolean insecureSkipTlsVerify;
  private final List<X509Certificate> clientCertificates;
  private final PrivateKey clientKey;
  private final String token;

  Kubeconfig(
      String file,
      String server,
      List<X509Certificate> certificateAuthorities,
      boolean insecureSkipTlsVerify,
      List<X509Certificate> clientCertificates,
      PrivateKey clientKey,
      String token) {
    this.file = file;
    this.server = server;
    this.certificateAuthorities = List.copyOf(certificateAuthorities);
    this.insecureSkipTlsVerify = insecureSkipTlsVerify;
    this.clientCertificates = List.copyOf(clientCertificates);
    this.clientKey = clientKey;
    this.token = token;
  }

  /** Reads the kubeconfig at the machine path {@code machinePath} under {@code root}. */
  public static Kubeconfig load(Root root, String machinePath) throws KubeconfigException {
    Path path = root.path(machinePath);
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KubeconfigException(
          machinePath,
          "does not exist (yet); the runtime writes it once its API server has started");
    } catch (IOException e) {
      throw new KubeconfigException(machinePath, "cannot be read: " + e.getMessage());
    }
    return new KubeconfigParser(machinePath, path.getParent(), root).parse(text);
  }

  /** The machine path it was read from, for messages. */
  public String file() {
    return file;
  }

  /** The API server URL, without a trailing slash. */
  public String server() {
    return server;
  }

  /** The CA certificates the server must chain to; empty when the kubeconfig gives none. */
  public List<X509Certificate> certificateAuthorities() {
    return certificateAuthorities;
  }

  public boolean insecureSkipTlsVerify() {
    return insecureSkipTlsVerify;
  }

  /** The client certificate chain; empty when the user authenticates with a token. */
  public List<X509Certificate> clientCertificates() {
    return clientCertificates;
  }

  public Optional<PrivateKey> clientKey() {
    return Optional.ofNullable(clientKey);
  }

  /** The bearer token, for the request header only. */
  Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** How the user authenticates: "client certificate CN=..." or "bearer token". */
  public String authentication() {
    if (!clientCertificates.isEmpty()) {
      return "client certificate " + clientCertificates.get(0).getSubjectX500Principal().getName();
    }
    return "bearer token";
  }

  @Override
  public String toString() {
    return "Kubeconfig[" + file + ", server " + server + ", " + authentication() + "]";
  }
}
