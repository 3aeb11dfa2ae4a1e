package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "apply-manifest",
    hidden = true,
    header = "Copy a manifest where the runtime applies it (a plan step)",
    description =
        "Copy a manifest into the runtime's auto-deploy manifests directory (the plan's"
            + " resources step).")
final class ApplyManifestCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ApplyManifestCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "The manifest (a machine path under --root).")
  String file;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FILE",
      description = "Where the runtime picks it up (under --root).")
  String target;

  @Override
  public Integer call() throws RancherdException {
    Settings settings = parent.global.settings(Optional.empty());
    Path source = settings.root().path(file);
    Path destination = settings.root().path(target);
    try {
      AtomicFiles.write(
          destination, Files.readAllBytes(source), AtomicFiles.PRIVATE, AtomicFiles.PUBLIC_DIR);
    } catch (IOException e) {
      throw new UnexpectedStateException(
          "deploying " + file + " to " + target + ": " + e.getMessage());
    }
    LOG.info("Wrote {}; the runtime applies it", target);
    return ExitCodes.OK;
  }
}
