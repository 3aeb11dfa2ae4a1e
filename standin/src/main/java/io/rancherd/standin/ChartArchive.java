package io.rancherd.standin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A HelmChart's {@code spec.chartContent} as helm-controller reads it (docs/runtimes.md §6): the
 * base64 of a chart {@code .tgz}, whose {@code <chart>/Chart.yaml} gives the chart's name and
 * version. Anything else is not a chart, and helm-controller's install job fails.
 */
final class ChartArchive {

  private static final int BLOCK = 512;

  /** The chart's {@code Chart.yaml} name and version. */
  record Metadata(String name, String version) {}

  private ChartArchive() {}

  /** The metadata of the chart in {@code chartContent}; the message says why it is not a chart. */
  static Metadata fromContent(String chartContent) throws IOException {
    byte[] tgz;
    try {
      tgz = Base64.getMimeDecoder().decode(chartContent);
    } catch (IllegalArgumentException e) {
      throw new IOException("chartContent is not base64");
    }
    byte[] chartYaml = null;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
      while (chartYaml == null) {
        byte[] header = in.readNBytes(BLOCK);
        if (header.length < BLOCK || allZero(header)) {
          break;
        }
        String name = text(header, 0, 100);
        if (text(header, 257, 5).equals("ustar") && !text(header, 345, 155).isEmpty()) {
          name = text(header, 345, 155) + "/" + name;
        }
        long size =
            Long.parseLong(
                text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
        byte[] content = in.readNBytes((int) size);
        in.readNBytes((int) ((BLOCK - size % BLOCK) % BLOCK));
        String[] parts = name.split("/");
        if (parts.length == 2 && parts[1].equals("Chart.yaml")) {
          chartYaml = content;
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new IOException("chartContent is not a gzip tar archive: " + e.getMessage());
    }
    if (chartYaml == null) {
      throw new IOException("chartContent holds no <chart>/Chart.yaml");
    }
    Object doc;
    try {
      doc =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(new String(chartYaml, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IOException("Chart.yaml in chartContent is not YAML");
    }
    if (!(doc instanceof Map<?, ?> map) || map.get("name") == null || map.get("version") == null) {
      throw new IOException("Chart.yaml in chartContent has no name and version");
    }
    return new Metadata(String.valueOf(map.get("name")), String.valueOf(map.get("version")));
  }

  private static String text(byte[] data, int offset, int length) {
    int end = offset;
    while (end < offset + length && data[end] != 0) {
      end++;
    }
    return new String(data, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
