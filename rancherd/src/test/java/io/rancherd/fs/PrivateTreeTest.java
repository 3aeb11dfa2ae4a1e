package io.rancherd.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data dir's guarantees: real directories 0700, files 0600, no link followed, no temp left. */
class PrivateTreeTest {

  /** Above any Linux pid_max: no process has it. */
  static final long GONE_PID = 999_999_999L;

  @TempDir Path tmp;

  Path data() {
    return tmp.resolve("var/lib/rancher/rancherd");
  }

  PrivateTree tree() {
    return new PrivateTree(data());
  }

  static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void directories_areCreatedPrivate_andExistingOnesTightened_ancestorsPublic() throws Exception {
    Files.createDirectories(data().resolve("rancher"));
    Files.setPosixFilePermissions(
        data().resolve("rancher"), PosixFilePermissions.fromString("rwxr-xr-x"));

    tree().directory(data().resolve("plan/output"));
    tree().directory(data().resolve("rancher"));

    assertEquals("rwx------", mode(data()));
    assertEquals("rwx------", mode(data().resolve("plan")));
    assertEquals("rwx------", mode(data().resolve("plan/output")));
    assertEquals("rwx------", mode(data().resolve("rancher")), "a 0755 directory is tightened");
  }

  @Test
  void aLinkedDirectory_isRefusedNamingItAndTheFix_andItsTargetStaysUntouched() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createDirectories(data());
    Files.createSymbolicLink(data().resolve("plan"), elsewhere);

    UnsafePathException e =
        assertThrows(
            UnsafePathException.class,
            () -> tree().write(data().resolve("plan/plan.json"), "{}".getBytes()));

    assertEquals(
        data().resolve("plan")
            + ": is a symbolic link, and rancherd follows none in its data dir: remove it (to"
            + " keep the data elsewhere, point --data-dir at the real directory)",
        e.getMessage());
    assertEquals(List.of(), Files.list(elsewhere).toList());
  }

  @Test
  void aLinkedDataDir_isRefusedToo_butLinkedAncestorsAreFollowed() throws Exception {
    Path disk = Files.createDirectories(tmp.resolve("disk"));
    Files.createDirectories(tmp.resolve("var/lib"));
    Files.createSymbolicLink(tmp.resolve("var/lib/rancher"), disk);

    tree().write(data().resolve("working"), "{}".getBytes());

    assertTrue(Files.isRegularFile(disk.resolve("rancherd/working")), "an ancestor may be a link");

    Path other = Files.createDirectories(tmp.resolve("other"));
    PrivateTree linked = new PrivateTree(tmp.resolve("linked-data"));
    Files.createSymbolicLink(linked.dir(), other);
    assertThrows(
        UnsafePathException.class, () -> linked.write(linked.dir().resolve("x"), new byte[0]));
    assertEquals(List.of(), Files.list(other).toList());
  }

  @Test
  void open_refusesALinkedFile_andCreatesPrivateFiles() throws Exception {
    Path target = Files.writeString(tmp.resolve("target"), "outside\n");
    Files.createDirectories(data());
    Files.createSymbolicLink(data().resolve("bootstrap.lock"), target);

    UnsafePathException e =
        assertThrows(
            UnsafePathException.class,
            () ->
                tree()
                    .open(
                        data().resolve("bootstrap.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE));

    assertTrue(
        e.getMessage().startsWith(data().resolve("bootstrap.lock") + ": is a symbolic link"));
    assertEquals("outside\n", Files.readString(target));

    Path log = tree().appendable(data().resolve("services/k3s.log"));
    assertEquals("rw-------", mode(log));
    try (FileChannel channel = tree().open(log, StandardOpenOption.READ)) {
      assertEquals(0, channel.size());
    }
  }

  @Test
  void removeStaleTemps_removesWhatKilledWritersLeft_andKeepsLiveWritersFiles() throws Exception {
    Path stale = plant("plan/.plan.json.tmp-" + GONE_PID);
    Path reused = plant("plan/.journal.json.tmp-1");
    Files.setLastModifiedTime(
        reused, FileTime.from(Instant.now().minusSeconds(10 * 365 * 24 * 3600L)));
    Path mine = plant(".working.tmp-" + ProcessHandle.current().pid());
    Path parent = plant(".token.tmp-" + ProcessHandle.current().parent().orElseThrow().pid());
    Path notATemp = plant("plan/output/install.tmp-12.log");

    List<Path> removed = tree().removeStaleTemps();

    assertEquals(
        List.of(stale, reused).stream().sorted().toList(), removed.stream().sorted().toList());
    assertFalse(Files.exists(stale));
    assertFalse(Files.exists(reused), "pid 1 started after that write: another process");
    assertTrue(Files.exists(mine) && Files.exists(parent) && Files.exists(notATemp));
  }

  @Test
  void anAtomicWrite_removesTheStaleTempsOfItsTarget() throws Exception {
    Path stale = plant("rancher/.values.yaml.tmp-" + GONE_PID);

    AtomicFiles.write(
        data().resolve("rancher/values.yaml"),
        "a: 1\n".getBytes(),
        AtomicFiles.PRIVATE,
        AtomicFiles.PRIVATE_DIR);

    assertFalse(Files.exists(stale));
    assertEquals(List.of("values.yaml"), names(data().resolve("rancher")));
  }

  private Path plant(String relative) throws Exception {
    Path file = data().resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "token: secret\n", StandardCharsets.UTF_8);
  }

  private static List<String> names(Path dir) throws Exception {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
