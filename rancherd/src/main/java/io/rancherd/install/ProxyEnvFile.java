package io.rancherd.install;

import io.rancherd.config.Redaction;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.fs.Root;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The proxy variables rancherd runs with, given to a runtime whose install script does not copy
 * them (RKE2: docs/runtimes.md §11.4): written into the environment file its unit reads ({@code
 * /etc/default/rke2-server} or {@code rke2-agent}), as the original's RKE2 installer image did.
 * Other lines of an existing file are kept. {@code NO_PROXY} is extended with the cluster's pod and
 * service CIDRs and the server's host, so that traffic inside the cluster never goes to the proxy.
 * The file is 0600: a proxy URL may carry a password.
 */
public final class ProxyEnvFile {

  private static final List<String> PROXIES =
      List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy");
  private static final List<String> NO_PROXIES = List.of("NO_PROXY", "no_proxy");

  /** The line rancherd writes before its variables: what {@link #removeWritten} looks for. */
  static final String MARKER =
      "# proxy variables below: written by rancherd (rancherd reset removes them)";

  private ProxyEnvFile() {}

  /**
   * Writes the proxy variables of {@code environment} into {@code file} under {@code root}; returns
   * what it wrote for the log (passwords redacted), or empty when no proxy is set.
   */
  static Optional<String> write(
      Root root, String file, Map<String, String> environment, List<String> noProxyExtra)
      throws IOException {
    List<String> assignments = new ArrayList<>();
    for (String name : PROXIES) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        assignments.add(name + "=" + quoted(value.trim()));
      }
    }
    Path target = root.path(file);
    if (assignments.isEmpty()) {
      // no proxy now: a block an earlier run wrote goes, the user's lines stay
      removeWritten(root, file);
      return Optional.empty();
    }
    Set<String> noProxy = new LinkedHashSet<>();
    for (String name : NO_PROXIES) {
      String value = environment.getOrDefault(name, "");
      for (String entry : value.split(",")) {
        if (!entry.isBlank()) {
          noProxy.add(entry.trim());
        }
      }
    }
    noProxy.addAll(noProxyExtra);
    String joined = quoted(String.join(",", noProxy));
    assignments.add("NO_PROXY=" + joined);
    assignments.add("no_proxy=" + joined);

    // the user's own lines stay as they are (ours come later in the file, so they win)
    List<String> lines = new ArrayList<>(withoutBlock(target));
    lines.add(MARKER);
    lines.addAll(assignments);
    AtomicFiles.write(
        target,
        (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
        AtomicFiles.PRIVATE,
        AtomicFiles.PUBLIC_DIR);
    return Optional.of(Redaction.redactText(String.join(" ", assignments), List.of()));
  }

  /** A value in double quotes, as systemd's EnvironmentFile reads it ({@code \} and {@code "}). */
  static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The file's lines without the block rancherd wrote (its marker and the lines after it). */
  private static List<String> withoutBlock(Path target) throws IOException {
    if (!Files.isRegularFile(target)) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
    int marker = lines.indexOf(MARKER);
    if (marker < 0) {
      return lines;
    }
    List<String> kept = new ArrayList<>(lines.subList(0, marker));
    lines.subList(marker + 1, lines.size()).stream().filter(l -> !setsOneOf(l)).forEach(kept::add);
    return kept;
  }

  /**
   * Removes what {@link #write} wrote to {@code file} (its marker and the proxy variables after
   * it), keeping the other lines; the file goes when nothing else is left. Returns whether rancherd
   * had written there.
   */
  public static boolean removeWritten(Root root, String file) throws IOException {
    Path target = root.path(file);
    if (!writtenBy(root, file)) {
      return false;
    }
    List<String> kept = withoutBlock(target);
    if (kept.stream().allMatch(String::isBlank)) {
      Files.delete(target);
    } else {
      AtomicFiles.write(
          target,
          (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8),
          AtomicFiles.PRIVATE,
          AtomicFiles.PUBLIC_DIR);
    }
    return true;
  }

  /** Whether rancherd wrote proxy variables into {@code file}. */
  public static boolean writtenBy(Root root, String file) {
    try {
      Path target = root.path(file);
      return Files.isRegularFile(target)
          && Files.readAllLines(target, StandardCharsets.UTF_8).contains(MARKER);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean setsOneOf(String line) {
    String trimmed = line.trim();
    return PROXIES.stream().anyMatch(n -> trimmed.startsWith(n + "="))
        || NO_PROXIES.stream().anyMatch(n -> trimmed.startsWith(n + "="));
  }
}
