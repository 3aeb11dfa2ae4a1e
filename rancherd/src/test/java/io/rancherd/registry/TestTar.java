package io.rancherd.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Writes small tar archives for tests: files, directories, links, with long names as pax. */
public final class TestTar {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public TestTar file(String name, String content, int mode) {
    return entry(name, '0', mode, content.getBytes(StandardCharsets.UTF_8), "");
  }

  TestTar dir(String name) {
    return entry(name, '5', 0755, new byte[0], "");
  }

  TestTar symlink(String name, String target) {
    return entry(name, '2', 0777, new byte[0], target);
  }

  TestTar hardlink(String name, String target) {
    return entry(name, '1', 0644, new byte[0], target);
  }

  TestTar entry(String name, char type, int mode, byte[] content, String link) {
    if (name.getBytes(StandardCharsets.UTF_8).length > 99) {
      String record = "path=" + name + "\n";
      int length = record.length() + 3;
      while (String.valueOf(length).length() + 1 + record.length() != length) {
        length++;
      }
      byte[] pax = (length + " " + record).getBytes(StandardCharsets.UTF_8);
      header("PaxHeader", 'x', 0644, pax.length, "");
      write(pax);
      name = "long";
    }
    header(name, type, mode, content.length, link);
    write(content);
    return this;
  }

  byte[] tar() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  public byte[] tarGz() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
      zip.write(tar());
    }
    return gz.toByteArray();
  }

  private void write(byte[] content) {
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
  }

  private void header(String name, char type, int mode, long size, String link) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, String.format("%07o", mode));
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 157, link);
    put(h, 257, "ustar");
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    out.writeBytes(h);
  }

  private static void put(byte[] h, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, h, offset, bytes.length);
  }
}
