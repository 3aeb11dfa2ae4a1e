package io.rancherd.token;

import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxy variables rancherd's unit runs with on this node: the {@code HTTP_PROXY}, {@code
 * HTTPS_PROXY} and {@code NO_PROXY} lines (either case) of {@code /etc/default/rancherd}, the
 * environment file of {@code rancherd.service}. A joining node behind the same proxy needs them.
 */
public final class ServiceProxy {

  public static final String FILE = "/etc/default/rancherd";

  private static final Pattern PROXY_LINE =
      Pattern.compile("(?i)^(export\\s+)?(https?|no)_proxy=.*");

  private ServiceProxy() {}

  /** The proxy lines of {@link #FILE} under {@code root} ({@code export} dropped), or none. */
  public static List<String> read(Root root) throws UnexpectedStateException {
    Path file = root.path(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(line -> PROXY_LINE.matcher(line).matches())
          .map(line -> line.replaceFirst("^export\\s+", ""))
          .toList();
    } catch (IOException e) {
      throw new UnexpectedStateException(
          "reading the proxy variables of " + FILE + ": " + e.getMessage());
    }
  }
}
