package io.rancherd.standin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code k3s agent} / {@code rke2 agent}, minimal (runtimes.md §4.3): validates the token against
 * the server's {@code /cacerts}, waits for the supervisor to accept {@code node:<password>},
 * registers by fetching its kubelet certificates with its node name and node password (a 403 is
 * logged and retried, as k3s does), writes them under {@code <data-dir>/agent/}, then serves
 * kubelet's healthz.
 */
final class StandInAgent {

  private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

  private final Program program;
  private final RuntimeConfig config;
  private final MachineRoot root;

  StandInAgent(Program program, MachineRoot root, RuntimeConfig config) {
    this.program = program;
    this.root = root;
    this.config = config;
  }

  AutoCloseable start() throws FatalException, IOException, InterruptedException {
    JoinClient join = JoinClient.connect(program, root, config, BasicAuth.NODE);
    join.awaitReady();
    NodeIdentity node = NodeIdentity.of(program, root, config, false);
    Path agentDir = root.resolve(program.dataDir()).resolve("agent");
    SecureFiles.write(agentDir.resolve("server-ca.crt"), join.caBytes(), SecureFiles.PUBLIC);
    for (String name : new String[] {"serving-kubelet", "client-kubelet"}) {
      byte[] body =
          join.fetch(
              "/v1-" + program.id() + "/" + name + ".crt",
              node,
              "Failed to retrieve agent configuration");
      writeCertificateAndKey(agentDir, name, new String(body, StandardCharsets.US_ASCII));
    }
    Listeners listeners = new Listeners();
    try {
      listeners.http("kubelet", Program.KUBELET_PORT, Listeners.healthz());
    } catch (IOException e) {
      listeners.close();
      throw e;
    }
    Log.info(
        program.id()
            + " agent is up and running; node "
            + node.info().name()
            + " registered with "
            + join.server());
    return listeners;
  }

  /**
   * Splits the supervisor's answer (certificate chain, then key) into {@code <name>.crt} and {@code
   * <name>.key}.
   */
  private static void writeCertificateAndKey(Path dir, String name, String pem)
      throws FatalException {
    Matcher key = PRIVATE_KEY.matcher(pem);
    if (!key.find()) {
      throw new FatalException("the server sent " + name + ".crt without a private key");
    }
    SecureFiles.write(
        dir.resolve(name + ".crt"), pem.substring(0, key.start()), SecureFiles.PUBLIC);
    SecureFiles.write(dir.resolve(name + ".key"), pem.substring(key.start()), SecureFiles.PRIVATE);
  }
}
