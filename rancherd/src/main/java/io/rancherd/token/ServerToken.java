package io.rancherd.token;

import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.runtime.Runtime;
import io.rancherd.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads the secure join token of a server node from the runtime's token file ({@code
 * /var/lib/rancher/<rt>/server/token}, {@code K10<ca-hash>::server:<password>}), which pins the
 * cluster CA for joining nodes (docs/runtimes.md §3).
 */
public record ServerToken(Runtime runtime, Secret token) {

  public static ServerToken read(Root root) throws UnexpectedStateException {
    for (Runtime runtime : Runtime.values()) {
      Path file = root.path(runtime.serverTokenFile());
      if (Files.isRegularFile(file)) {
        try {
          String token = Files.readString(file, StandardCharsets.UTF_8).trim();
          if (!token.isEmpty()) {
            return new ServerToken(runtime, new Secret(token));
          }
        } catch (IOException e) {
          throw new UnexpectedStateException(
              "reading the server token " + runtime.serverTokenFile() + ": " + e.getMessage());
        }
      }
    }
    for (Runtime runtime : Runtime.values()) {
      if (Files.isDirectory(root.path(runtime.dataDir() + "/agent"))
          && !Files.isDirectory(root.path(runtime.dataDir() + "/server"))) {
        throw new UnexpectedStateException(
            "reading the server token: this node runs the "
                + runtime
                + " agent; get-token works on server nodes");
      }
    }
    throw new UnexpectedStateException(
        "reading the server token: neither "
            + Arrays.stream(Runtime.values())
                .map(Runtime::serverTokenFile)
                .collect(Collectors.joining(" nor "))
            + " exists: this is not a server node, or its runtime is not "
            + "installed and started yet (see `rancherd status`)");
  }
}
