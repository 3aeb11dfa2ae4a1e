package io.rancherd.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Writes an OCI image layout (oci-layout, index.json, blobs) for tests to push with skopeo. */
public final class OciLayout {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A manifest written into the layout: its descriptor. */
  public record Descriptor(
      String mediaType, String digest, long size, Map<String, Object> platform) {
    Map<String, Object> json() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("mediaType", mediaType);
      d.put("digest", digest);
      d.put("size", size);
      if (platform != null) {
        d.put("platform", platform);
      }
      return d;
    }
  }

  private final Path dir;

  public OciLayout(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  /** An image manifest of gzip layers for linux/{@code arch}. */
  public Descriptor image(String arch, byte[]... gzipLayers) {
    List<Object> layers = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (byte[] layer : gzipLayers) {
      layers.add(
          Map.of(
              "mediaType",
              "application/vnd.oci.image.layer.v1.tar+gzip",
              "digest",
              blob(layer),
              "size",
              layer.length));
      diffIds.add(digest(gunzip(layer)));
    }
    byte[] config =
        json(
            Map.of(
                "architecture",
                arch,
                "os",
                "linux",
                "rootfs",
                Map.of("type", "layers", "diff_ids", diffIds)));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", Manifests.OCI_MANIFEST);
    manifest.put(
        "config",
        Map.of(
            "mediaType",
            "application/vnd.oci.image.config.v1+json",
            "digest",
            blob(config),
            "size",
            config.length));
    manifest.put("layers", layers);
    byte[] bytes = json(manifest);
    return new Descriptor(
        Manifests.OCI_MANIFEST,
        blob(bytes),
        bytes.length,
        Map.of("os", "linux", "architecture", arch));
  }

  /** An image index of {@code manifests}. */
  public Descriptor index(Descriptor... manifests) {
    List<Object> list = new ArrayList<>();
    for (Descriptor m : manifests) {
      list.add(m.json());
    }
    byte[] bytes =
        json(Map.of("schemaVersion", 2, "mediaType", Manifests.OCI_INDEX, "manifests", list));
    return new Descriptor(Manifests.OCI_INDEX, blob(bytes), bytes.length, null);
  }

  /** Tags {@code top} in index.json. */
  public void tag(String tag, Descriptor top) {
    Map<String, Object> entry = new LinkedHashMap<>(top.json());
    entry.remove("platform");
    entry.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
    write(dir.resolve("index.json"), json(Map.of("schemaVersion", 2, "manifests", List.of(entry))));
  }

  String blob(byte[] bytes) {
    String digest = digest(bytes);
    write(dir.resolve("blobs/sha256/" + digest.substring(7)), bytes);
    return digest;
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
