package io.rancherd.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeNameTest {

  @TempDir Path dir;

  Root root() {
    return new Root(dir);
  }

  void hostname(String text) throws IOException {
    Path file = root().path(NodeName.HOSTNAME_FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  static final NodeName.HostnameFallback NO_FALLBACK =
      () -> {
        throw new IOException("no fallback in this test");
      };

  @Test
  void resolve_configuredNameLowerCased() throws Exception {
    hostname("ignored\n");

    assertEquals("node-a", NodeName.resolve(Optional.of("Node-A"), Map.of(), root(), NO_FALLBACK));
  }

  @Test
  void resolve_extraConfigNodeNameWinsAsInTheRuntimeDropIn() throws Exception {
    assertEquals(
        "from-extra",
        NodeName.resolve(
            Optional.of("node-a"), Map.of("node-name", "From-Extra"), root(), NO_FALLBACK));
  }

  @Test
  void resolve_kernelHostnameLowerCasedAndTrimmed() throws Exception {
    hostname("Server-1.Example.COM\n");

    assertEquals(
        "server-1.example.com", NodeName.resolve(Optional.empty(), Map.of(), root(), NO_FALLBACK));
  }

  @Test
  void resolve_fallsBackWhenTheKernelFileIsMissing() throws Exception {
    assertEquals("laptop", NodeName.resolve(Optional.of(" "), Map.of(), root(), () -> "LAPTOP"));
  }

  @Test
  void resolve_noNameAtAllIsAnUnexpectedState() {
    UnexpectedStateException e =
        assertThrows(
            UnexpectedStateException.class,
            () -> NodeName.resolve(Optional.empty(), Map.of(), root(), NO_FALLBACK));

    assertEquals(
        "finding the node name: no nodeName is configured and the hostname is unknown: no fallback in this test",
        e.getMessage());
  }
}
