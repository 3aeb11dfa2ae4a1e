package io.rancherd.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.Commands;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The .deb: its control data, its files with their modes, and what lintian says. */
class DebIT {

  /** {@code dpkg-deb --contents} lines: mode, owner, size, date, time, path[ -> target]. */
  private static final Pattern ENTRY =
      Pattern.compile("(\\S+) (\\S+)\\s+\\d+ \\S+ \\S+ \\./(\\S*?)/?(?: -> (\\S+))?");

  private record Entry(String mode, String owner, String target) {}

  @Test
  void info_namesThePackageArchitectureAndNativeDependenciesOnly(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
    Commands.Output out = Built.run(List.of("dpkg-deb", "--info", Built.deb().toString()));

    assertEquals(0, out.exitCode(), out::stderr);
    String info = out.stdout();
    assertTrue(info.contains(" Package: rancherd\n"), info);
    String arch = Built.name().replaceFirst(".*-linux-", "");
    assertTrue(info.contains(" Architecture: " + arch + "\n"), info);
    String depends = info.lines().filter(l -> l.startsWith(" Depends: ")).findFirst().orElse("");
    assertTrue(depends.contains("libc6") && depends.contains("zlib1g"), depends);
    String glibc =
        Built.read(
                Built.extract(java.nio.file.Files.createDirectory(tmp.resolve("tree")))
                    .resolve("lib/glibc-required"))
            .trim();
    assertTrue(
        depends.contains("libc6 (>= " + glibc + ")"),
        "the .deb depends on the glibc its runtime needs (" + glibc + "): " + depends);
    assertFalse(
        depends.contains("java") || depends.contains("jre") || depends.contains("jdk"),
        "the package brings its own runtime: " + depends);
    assertTrue(info.contains(" postinst ") && info.contains(" postrm "), info);
  }

  /** The .deb leaves enabling to cloud-init's runcmd or to the image build. */
  @Test
  void postinst_makesTheArchiveAndReloadsSystemd_butNeverEnablesOrStartsTheUnit() {
    Commands.Output out =
        Built.run(List.of("dpkg-deb", "--info", Built.deb().toString(), "postinst"));

    assertEquals(0, out.exitCode(), out::stderr);
    List<String> code =
        out.stdout().lines().map(String::strip).filter(l -> !l.startsWith("#")).toList();
    assertTrue(code.stream().anyMatch(l -> l.contains("daemon-reload")), out.stdout());
    assertTrue(
        code.stream().anyMatch(l -> l.startsWith("/usr/lib/rancherd/lib/cds-archive.sh")),
        "the class-data archive is made where the tree is installed: " + out.stdout());
    assertFalse(
        code.stream().anyMatch(l -> l.matches(".*\\b(enable|start|restart)\\b.*")), out.stdout());
  }

  @Test
  void contents_holdTheTreeTheLinkTheUnitTheDocsTheManualAndTheCompletion() {
    Commands.Output out = Built.run(List.of("dpkg-deb", "--contents", Built.deb().toString()));
    assertEquals(0, out.exitCode(), out::stderr);
    Map<String, Entry> entries =
        out.stdout()
            .lines()
            .map(ENTRY::matcher)
            .filter(Matcher::matches)
            .collect(
                Collectors.toMap(
                    m -> "/" + m.group(3),
                    m -> new Entry(m.group(1), m.group(2), m.group(4) == null ? "" : m.group(4)),
                    (a, b) -> a));

    assertEntry(entries, "/usr/lib/rancherd/bin/rancherd", "-rwxr-xr-x");
    assertEntry(entries, "/usr/lib/rancherd/runtime/bin/java", "-rwxr-xr-x");
    assertEntry(entries, "/usr/lib/rancherd/runtime/lib/jspawnhelper", "-rwxr-xr-x");
    assertEntry(entries, "/usr/lib/rancherd/lib/rancherd.classlist", "-rw-r--r--");
    assertEntry(entries, "/usr/lib/rancherd/lib/cds-archive.sh", "-rwxr-xr-x");
    assertEntry(entries, "/usr/lib/rancherd/lib/classpath", "-rw-r--r--");
    assertEntry(entries, "/lib/systemd/system/rancherd.service", "-rw-r--r--");
    assertEntry(entries, "/usr/share/doc/rancherd/copyright", "-rw-r--r--");
    assertEntry(entries, "/usr/share/doc/rancherd/changelog.gz", "-rw-r--r--");
    assertEntry(entries, "/usr/share/doc/rancherd/README", "-rw-r--r--");
    assertEntry(entries, "/usr/share/man/man8/rancherd.8.gz", "-rw-r--r--");
    assertEntry(entries, "/usr/share/man/man8/rancherd-bootstrap.8.gz", "-rw-r--r--");
    assertEntry(entries, "/usr/share/bash-completion/completions/rancherd", "-rw-r--r--");
    assertEntry(entries, "/usr/share/zsh/vendor-completions/_rancherd", "-rw-r--r--");
    assertEntry(entries, "/usr/bin/rancherd", "lrwxrwxrwx");
    assertEquals("../lib/rancherd/bin/rancherd", entries.get("/usr/bin/rancherd").target());
    assertTrue(
        entries.keySet().stream()
            .anyMatch(p -> p.matches("/usr/lib/rancherd/lib/rancherd-.*\\.jar")),
        "the rancherd jar");
    assertFalse(
        entries.containsKey("/usr/lib/rancherd/install.sh"),
        "install.sh is for tarball installs only");
    assertFalse(
        entries.keySet().stream().anyMatch(p -> p.contains("multi-user.target.wants")),
        "not enabled");
    assertTrue(
        entries.values().stream().allMatch(e -> e.owner().matches("(root|0)/(root|0)")),
        "everything owned by root");
  }

  /** lintian's no-manual-page was the one warning about rancherd itself. */
  @Test
  void lintian_reportsNoErrors_andFindsTheManualPage() {
    Built.requireTool("lintian", "lintian");

    Commands.Output out = Built.run(List.of("lintian", Built.deb().toString()));

    List<String> errors = out.stdout().lines().filter(l -> l.startsWith("E:")).toList();
    assertEquals(List.of(), errors, out.stdout() + out.stderr());
    assertFalse(out.stdout().contains("no-manual-page"), out.stdout());
    assertFalse(out.stdout().contains("bash-completion-with-hashbang"), out.stdout());
    assertEquals(0, out.exitCode(), () -> out.stdout() + out.stderr());
  }

  private static void assertEntry(Map<String, Entry> entries, String path, String mode) {
    Entry entry = entries.get(path);
    assertTrue(entry != null, () -> path + " is not in the package");
    assertEquals(mode, entry.mode(), path);
  }
}
