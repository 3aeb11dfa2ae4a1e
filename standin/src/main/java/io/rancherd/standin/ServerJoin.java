package io.rancherd.standin;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A server started with {@code server} set joins that cluster before it makes its own files
 * (runtimes.md §4.3): it validates the token against {@code /cacerts} as an agent does, fetches
 * {@code /v1-<prog>/server-bootstrap} as user {@code server} until the server answers 200 (401 and
 * 403 are logged and retried), and writes the cluster CAs into its own {@code server/tls}. It then
 * starts as any server does, so its certificates come from the cluster CA and its token file
 * carries the same hash. Embedded etcd and the config comparison are not modelled.
 */
final class ServerJoin {

  private ServerJoin() {}

  static void bootstrap(
      Program program, MachineRoot root, RuntimeConfig config, NodeIdentity self, Path tlsDir)
      throws FatalException, IOException, InterruptedException {
    JoinClient join = JoinClient.connect(program, root, config, BasicAuth.SERVER);
    byte[] data =
        join.fetch(
            "/v1-" + program.id() + "/server-bootstrap",
            self,
            "failed to get bootstrap data from " + join.server());
    BootstrapData.write(data, tlsDir);
    Log.info("joined the cluster at " + join.server() + "; wrote its CA certificates to " + tlsDir);
  }
}
