package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {

  @TempDir Path root;

  private void apply(TestTar tar) throws IOException {
    new LayerExtractor(root).apply(new ByteArrayInputStream(tar.tar()));
  }

  @Test
  void files_directoriesAndLinks_areExtractedWithTheirModes() throws IOException {
    apply(
        new TestTar()
            .dir("bin/")
            .file("bin/k3s", "binary", 0755)
            .file("./run.sh", "#!/bin/sh\n", 0700)
            .symlink("bin/link", "k3s")
            .hardlink("bin/copy", "bin/k3s")
            .file("a/" + "x".repeat(150), "long", 0644));

    assertEquals("binary", Files.readString(root.resolve("bin/k3s")));
    assertEquals(
        "rwxr-xr-x",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/k3s"))));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("run.sh"))));
    assertEquals(Path.of("k3s"), Files.readSymbolicLink(root.resolve("bin/link")));
    assertEquals("binary", Files.readString(root.resolve("bin/copy")));
    assertEquals("long", Files.readString(root.resolve("a/" + "x".repeat(150))));
  }

  @Test
  void whiteouts_removeLowerLayersFiles_andOpaqueDirectoriesAreEmptied() throws IOException {
    apply(
        new TestTar()
            .file("etc/a", "a", 0644)
            .file("etc/b", "b", 0644)
            .file("opt/x/old", "o", 0644));
    apply(
        new TestTar()
            .file("etc/.wh.a", "", 0644)
            .file("opt/x/new", "n", 0644)
            .file("opt/x/.wh..wh..opq", "", 0644));

    assertFalse(Files.exists(root.resolve("etc/a")));
    assertTrue(Files.exists(root.resolve("etc/b")));
    assertFalse(Files.exists(root.resolve("opt/x/old")));
    assertEquals("n", Files.readString(root.resolve("opt/x/new")));
  }

  @Test
  void anEntryThroughASymlinkOutOfTheImage_isRefused(@TempDir Path outside) throws IOException {
    apply(new TestTar().symlink("escape", outside.toString()));

    IOException e =
        assertThrows(IOException.class, () -> apply(new TestTar().file("escape/owned", "x", 0644)));
    assertTrue(e.getMessage().contains("escape/owned"), e.getMessage());
    assertFalse(Files.exists(outside.resolve("owned")));
  }

  @Test
  void aDeepEntryThroughASymlink_createsNothingOutsideTheImage(@TempDir Path outside)
      throws IOException {
    apply(new TestTar().symlink("escape", outside.toString()));

    assertThrows(IOException.class, () -> apply(new TestTar().file("escape/opt/x/f", "x", 0644)));
    assertFalse(Files.exists(outside.resolve("opt")), "a directory was made outside the image");
  }

  @Test
  void aWhiteoutOfDotDot_isRefusedAndDeletesNothing() throws IOException {
    apply(new TestTar().file("etc/keep", "k", 0644));

    assertThrows(IOException.class, () -> apply(new TestTar().file("etc/.wh..", "", 0644)));
    assertEquals("k", Files.readString(root.resolve("etc/keep")));
  }

  @Test
  void dotDotNames_stayInsideTheImage() throws IOException {
    apply(new TestTar().file("../../etc/passwd", "x", 0644));

    assertEquals("x", Files.readString(root.resolve("etc/passwd")));
  }
}
