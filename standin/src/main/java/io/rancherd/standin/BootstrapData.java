package io.rancherd.standin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code /v1-<prog>/server-bootstrap}: like k3s's, a JSON object whose keys name the
 * cluster's bootstrap files and whose values are {@code {"Timestamp": ..., "Content": <base64>}}.
 * The stand-in shares only the two CAs (cert and key): enough for a joining server to issue its own
 * certificates from the same cluster CA, so its token carries the same hash.
 */
final class BootstrapData {

  /** Bootstrap key and file name in {@code server/tls}. */
  private static final Map<String, String> FILES =
      Map.of(
          "ServerCA",
          "server-ca.crt",
          "ServerCAKey",
          "server-ca.key",
          "ClientCA",
          "client-ca.crt",
          "ClientCAKey",
          "client-ca.key");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One bootstrap file. Jackson writes {@code content} as base64, as Go does with {@code []byte}.
   */
  record File(
      @JsonProperty("Timestamp") String timestamp, @JsonProperty("Content") byte[] content) {}

  private BootstrapData() {}

  /** The JSON the existing server answers with, from its {@code server/tls} directory. */
  static byte[] read(Path tlsDir) {
    Map<String, File> files = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> entry : FILES.entrySet()) {
        Path file = tlsDir.resolve(entry.getValue());
        files.put(
            entry.getKey(),
            new File(
                Files.getLastModifiedTime(file).toInstant().toString(), Files.readAllBytes(file)));
      }
      return JSON.writeValueAsBytes(files);
    } catch (IOException e) {
      throw new UncheckedIOException("reading bootstrap data from " + tlsDir, e);
    }
  }

  /**
   * Writes the CAs in {@code json} into the joining server's {@code server/tls} directory.
   *
   * @throws FatalException when a file is missing from the data, or the directory already holds a
   *     different CA (this data directory belongs to another cluster)
   */
  static void write(byte[] json, Path tlsDir) throws FatalException {
    Map<String, File> files = parse(json);
    for (Map.Entry<String, String> entry : FILES.entrySet()) {
      File file = files.get(entry.getKey());
      if (file == null || file.content() == null) {
        throw new FatalException("bootstrap data from the server has no " + entry.getKey());
      }
      Path target = tlsDir.resolve(entry.getValue());
      if (Files.exists(target) && !Arrays.equals(bytes(target), file.content())) {
        throw new FatalException(
            target
                + " differs from the cluster's "
                + entry.getKey()
                + ": this data directory belongs to another cluster");
      }
    }
    for (Map.Entry<String, String> entry : FILES.entrySet()) {
      String mode = entry.getValue().endsWith(".key") ? SecureFiles.PRIVATE : SecureFiles.PUBLIC;
      SecureFiles.write(
          tlsDir.resolve(entry.getValue()), files.get(entry.getKey()).content(), mode);
    }
  }

  private static Map<String, File> parse(byte[] json) throws FatalException {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, File>>() {});
    } catch (IOException e) {
      throw new FatalException("unreadable bootstrap data from the server: " + e.getMessage());
    }
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
