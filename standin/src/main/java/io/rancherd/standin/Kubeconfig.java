package io.rancherd.standin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The admin kubeconfig k3s writes at every start ({@code /etc/rancher/<rt>/<rt>.yaml}, runtimes.md
 * §5).
 */
final class Kubeconfig {

  private Kubeconfig() {}

  /**
   * Writes the kubeconfig for the API on {@code host}: k3s always writes {@code 127.0.0.1}, which
   * is where the stand-in listens unless {@code STANDIN_BIND_ADDRESS} moves it.
   */
  static void write(Path file, String mode, String host, byte[] caBytes, Pki.Issued admin) {
    String text =
        """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: %s
            server: https://%s:%d
          name: default
        contexts:
        - context:
            cluster: default
            user: default
          name: default
        current-context: default
        kind: Config
        preferences: {}
        users:
        - name: default
          user:
            client-certificate-data: %s
            client-key-data: %s
        """
            .formatted(
                base64(caBytes),
                host.contains(":") ? "[" + host + "]" : host,
                Program.API_PORT,
                base64(admin.certificatePem()),
                base64(admin.keyPem()));
    SecureFiles.write(file, text, mode);
    Log.info("wrote kubeconfig " + file);
  }

  /** {@code "0644"} as a POSIX permission string; 0600 when unset. */
  static String mode(String octal) {
    int bits = octal == null ? 0600 : Integer.parseInt(octal, 8);
    StringBuilder text = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int part = bits >> shift;
      text.append((part & 4) != 0 ? 'r' : '-')
          .append((part & 2) != 0 ? 'w' : '-')
          .append((part & 1) != 0 ? 'x' : '-');
    }
    return text.toString();
  }

  private static String base64(String text) {
    return base64(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
