package io.rancherd.e2e;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An image tag made from the image's inputs: the same inputs give the same tag, so a built image is
 * reused.
 */
final class ImageHash {

  private final MessageDigest digest;

  ImageHash() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  ImageHash add(String name, byte[] content) {
    digest.update(name.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(content);
    return this;
  }

  ImageHash add(String name, String content) {
    return add(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** The first 16 hex digits of the SHA-256 of everything added. */
  String tag() {
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }
}
