package io.rancherd.install;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Helm chart archive as {@code helm package} writes it: a gzip tar whose {@code
 * <chart>/Chart.yaml} names the chart and its version. Only that file is read; ustar names with
 * their prefix, and GNU long names, are understood, which covers what helm writes.
 */
final class ChartArchive {

  /** Charts are small; a bigger file is not one. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private static final int BLOCK = 512;
  private static final int MAX_CHART_YAML = 1024 * 1024;

  /** What the archive's {@code Chart.yaml} says. */
  record Metadata(String name, String version) {}

  /** Thrown with a problem that reads after "the chart ..." context; no file content in it. */
  static final class NotAChart extends Exception {
    private static final long serialVersionUID = 1L;

    NotAChart(String problem) {
      super(problem);
    }
  }

  private ChartArchive() {}

  /** The metadata of the chart in {@code tgz}. */
  static Metadata read(byte[] tgz) throws NotAChart {
    Optional<byte[]> chartYaml;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
      chartYaml = chartYaml(in);
    } catch (IOException e) {
      throw new NotAChart("it is not a gzip tar archive (" + e.getMessage() + ")");
    }
    if (chartYaml.isEmpty()) {
      throw new NotAChart("it holds no <chart>/Chart.yaml, so it is not a Helm chart");
    }
    Object doc;
    try {
      doc =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(new String(chartYaml.get(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new NotAChart("its Chart.yaml is not YAML");
    }
    if (!(doc instanceof Map<?, ?> map)
        || !(map.get("name") instanceof String name)
        || map.get("version") == null) {
      throw new NotAChart("its Chart.yaml has no name and version");
    }
    return new Metadata(name, String.valueOf(map.get("version")));
  }

  private static Optional<byte[]> chartYaml(InputStream in) throws IOException {
    String longName = null;
    while (true) {
      byte[] header = in.readNBytes(BLOCK);
      if (header.length < BLOCK || isZero(header)) {
        return Optional.empty();
      }
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      String name = longName != null ? longName : name(header);
      longName = null;
      if (type == 'L') {
        longName = cString(readContent(in, size, MAX_CHART_YAML));
        continue;
      }
      boolean regular = type == '0' || type == 0;
      String path = name.startsWith("./") ? name.substring(2) : name;
      if (regular
          && path.indexOf('/') > 0
          && path.indexOf('/') == path.lastIndexOf('/')
          && path.endsWith("/Chart.yaml")) {
        if (size > MAX_CHART_YAML) {
          throw new IOException("Chart.yaml is larger than " + MAX_CHART_YAML + " bytes");
        }
        return Optional.of(readContent(in, size, MAX_CHART_YAML));
      }
      skip(in, padded(size));
    }
  }

  private static byte[] readContent(InputStream in, long size, int max) throws IOException {
    if (size > max) {
      throw new IOException("an entry header is larger than " + max + " bytes");
    }
    byte[] content = in.readNBytes((int) size);
    if (content.length < size) {
      throw new IOException("the archive ends inside an entry");
    }
    skip(in, padded(size) - size);
    return content;
  }

  private static long padded(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static void skip(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("the archive ends inside an entry");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static String name(byte[] header) {
    String name = text(header, 0, 100);
    boolean ustar = text(header, 257, 6).startsWith("ustar");
    String prefix = ustar ? text(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static long octal(byte[] header, int offset, int length) throws IOException {
    String text = text(header, offset, length).trim();
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw new IOException("a tar header has a bad size field");
    }
  }

  private static String text(byte[] data, int offset, int length) {
    int end = offset;
    while (end < offset + length && data[end] != 0) {
      end++;
    }
    return new String(data, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] data) {
    return text(data, 0, data.length);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
