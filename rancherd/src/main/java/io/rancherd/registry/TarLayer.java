package io.rancherd.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream entry by entry: ustar with the GNU long-name ({@code L}, {@code K}) and pax
 * ({@code x}) extensions that image builders write. Only the header is held in memory; an entry's
 * content is read from {@link #content()} before the next call to {@link #next()}.
 */
final class TarLayer {

  /** One entry: its path inside the image, its type, mode, size and link target. */
  record Entry(String name, char type, int mode, long size, String linkName) {}

  private final InputStream in;
  private long remaining;
  private long padding;

  TarLayer(InputStream in) {
    this.in = in;
  }

  /** The next entry, or null at the end of the archive. */
  Entry next() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    String longName = null;
    String longLink = null;
    Map<String, String> pax = new HashMap<>();
    while (true) {
      byte[] header = in.readNBytes(512);
      if (header.length == 0 || isZero(header)) {
        return null;
      }
      if (header.length < 512) {
        throw new EOFException("the layer ends inside a tar header");
      }
      char type = (char) header[156];
      long size = number(header, 124, 12);
      String name = text(header, 0, 100);
      String prefix = text(header, 345, 155);
      if (!prefix.isEmpty() && text(header, 257, 6).startsWith("ustar")) {
        name = prefix + "/" + name;
      }
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        byte[] data = readBlock(size);
        if (type == 'L') {
          longName = cString(data);
        } else if (type == 'K') {
          longLink = cString(data);
        } else if (type == 'x') {
          pax.putAll(paxRecords(data));
        }
        continue;
      }
      if (pax.containsKey("size")) {
        size = Long.parseLong(pax.get("size"));
      }
      name = pax.getOrDefault("path", longName != null ? longName : name);
      String link =
          pax.getOrDefault("linkpath", longLink != null ? longLink : text(header, 157, 100));
      remaining = (type == '0' || type == '\0' || type == '7') ? size : 0;
      padding = (512 - (size % 512)) % 512;
      if (remaining == 0) {
        skip(size + padding);
        padding = 0;
      }
      return new Entry(name, type == '\0' ? '0' : type, (int) number(header, 100, 8), size, link);
    }
  }

  /** The current entry's content; reading it all is optional. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new EOFException("the layer ends inside a file");
        }
        remaining -= n;
        return n;
      }
    };
  }

  /** A normalized relative path, or null when the name leaves the image root. */
  static Path relative(String name) {
    Path path = Path.of("/", name).normalize();
    Path rel = Path.of("/").relativize(path);
    return rel.toString().isEmpty() || rel.startsWith("..") ? null : rel;
  }

  private byte[] readBlock(long size) throws IOException {
    if (size > 1024 * 1024) {
      throw new IOException("a tar extension header of " + size + " bytes is too large");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException("the layer ends inside a tar extension header");
    }
    skip((512 - (size % 512)) % 512);
    return data;
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("the layer ends inside an entry");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static Map<String, String> paxRecords(byte[] data) {
    Map<String, String> records = new HashMap<>();
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      if (space >= data.length) {
        break;
      }
      int length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.UTF_8));
      if (length <= 0 || pos + length > data.length) {
        break;
      }
      String record =
          new String(data, space + 1, length - (space - pos) - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        records.put(record.substring(0, eq), record.substring(eq + 1));
      }
      pos += length;
    }
    return records;
  }

  private static long number(byte[] header, int offset, int length) {
    if ((header[offset] & 0x80) != 0) {
      long value = header[offset] & 0x7f;
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (header[offset + i] & 0xff);
      }
      return value;
    }
    String octal = text(header, offset, length).trim();
    return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] data) {
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return new String(Arrays.copyOf(data, end), StandardCharsets.UTF_8);
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
