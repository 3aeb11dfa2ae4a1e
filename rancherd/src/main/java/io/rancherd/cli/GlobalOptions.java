package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.fs.Root;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes; they may be given before or after the command name. */
public final class GlobalOptions {

  @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR", defaultValue = "/",
      description = "Prefix for every absolute path rancherd reads or writes (default: ${DEFAULT-VALUE}).")
  Path root;

  @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", defaultValue = Settings.DEFAULT_DATA_DIR,
      description = "rancherd's state directory, under --root (default: ${DEFAULT-VALUE}).")
  String dataDir;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Log debug messages and print stack traces of errors.")
  boolean debug;

  Settings settings(Optional<Path> configFile) {
    String dir = dataDir.startsWith("/") ? dataDir : Path.of(dataDir).toAbsolutePath().toString();
    return new Settings(new Root(root), dir, configFile, selfCommand());
  }

  static String selfCommand() {
    return System.getProperty("rancherd.self", "/usr/bin/rancherd");
  }
}
