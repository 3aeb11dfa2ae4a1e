package io.rancherd.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive: directories and regular files with modes; enough for the artifacts.
 */
final class TarWriter implements AutoCloseable {

  private static final int BLOCK = 512;

  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  void directory(String name, int mode) throws IOException {
    out.write(header(name.endsWith("/") ? name : name + "/", mode, 0, '5'));
  }

  void file(String name, int mode, byte[] content) throws IOException {
    out.write(header(name, mode, content.length, '0'));
    out.write(content);
    int padding = (BLOCK - content.length % BLOCK) % BLOCK;
    out.write(new byte[padding]);
  }

  /** Writes the two zero blocks that end the archive and closes the stream. */
  @Override
  public void close() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.close();
  }

  private static byte[] header(String name, int mode, long size, char type) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      throw new IllegalArgumentException("tar entry name too long: " + name);
    }
    byte[] header = new byte[BLOCK];
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, size);
    octal(header, 136, 12, System.currentTimeMillis() / 1000);
    header[156] = (byte) type;
    ascii(header, 257, "ustar\0");
    ascii(header, 263, "00");
    ascii(header, 265, "root");
    ascii(header, 297, "root");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    long checksum = 0;
    for (byte b : header) {
      checksum += b & 0xff;
    }
    ascii(header, 148, String.format("%06o", checksum) + "\0 ");
    return header;
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    ascii(header, offset, String.format("%0" + (length - 1) + "o", value) + "\0");
  }

  private static void ascii(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
