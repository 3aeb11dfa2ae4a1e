package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.download.DownloadClient;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.SystemProcessRunner;
import io.rancherd.install.Arch;
import io.rancherd.instruction.ImageInstruction;
import io.rancherd.registry.ImagePuller;
import io.rancherd.registry.ImageReference;
import io.rancherd.registry.Registries;
import io.rancherd.registry.Retries;
import io.rancherd.state.NodeState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "run-image",
    hidden = true,
    header = "Run an instruction from an image (the plan step of an instruction's image)",
    description =
        "Pull an image for this node's platform with the registries settings, extract it into"
            + " DIR (replacing what an earlier run left there) and run COMMAND, or the image's"
            + " run.sh, with ARGS in DIR; CATTLE_AGENT_EXECUTION_PWD names DIR, which is also"
            + " appended to PATH. Exits with the program's exit status.")
final class RunImageCommand implements Callable<Integer> {

  /** How long the program may run when rancherd is run by hand; a plan step has its own limit. */
  private static final Duration TIMEOUT = Duration.ofHours(24);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;

  @Option(
      names = "--image",
      required = true,
      paramLabel = "IMAGE",
      description = "The image: [registry/]repository[:tag][@digest].")
  String image;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "Where the image is extracted: a directory in the data dir (under --root).")
  String dir;

  @Option(
      names = "--command",
      paramLabel = "COMMAND",
      description = "The program to run (default: run.sh of the image).")
  String command;

  @Option(
      names = "--default-registry",
      paramLabel = "REGISTRY",
      description = "The registry of image names without one (systemDefaultRegistry).")
  String defaultRegistry;

  @Option(
      names = "--registries",
      paramLabel = "FILE",
      description =
          "The registries.yaml to pull with (mirrors, credentials, TLS; under --root); default:"
              + " none.")
  String registries;

  @Parameters(paramLabel = "ARGS", description = "The program's arguments (after --).")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    Settings settings = parent.global.settings(Optional.empty());
    ImageReference reference = ImageReference.parse(image, Optional.ofNullable(defaultRegistry));
    NodeState state = settings.state();
    Path target = workDir(settings, state);
    Registries settingsFile =
        registries == null ? Registries.NONE : Registries.read(settings.root(), registries);
    ImagePuller puller =
        new ImagePuller(
            settingsFile,
            settings.root(),
            DownloadClient.client(parent.environment()),
            Retries.standard(),
            Clock.systemUTC());
    ImageInstruction instruction =
        new ImageInstruction(puller, new SystemProcessRunner(), Arch.current(), TIMEOUT);
    ProcessResult result =
        instruction.run(
            new ImageInstruction.Request(
                reference, target, Optional.ofNullable(command), args, parent.environment()));
    if (result.timedOut()) {
      throw new RancherdException(
          "running image " + reference + ": it did not end within " + TIMEOUT.toHours() + " h");
    }
    return result.exitCode();
  }

  /** DIR under --root, inside the data dir (it is replaced whole), its parents made 0700. */
  private Path workDir(Settings settings, NodeState state) throws RancherdException {
    if (!dir.startsWith("/")) {
      throw new InvalidInputException("--dir: expected an absolute path, found '" + dir + "'");
    }
    Path target = settings.root().path(dir).normalize();
    if (!state.tree().contains(target) || target.equals(state.dir())) {
      throw new InvalidInputException(
          "--dir: "
              + dir
              + " is not inside the data dir "
              + settings.dataDir()
              + "; expected a directory there (it is replaced whole)");
    }
    try {
      state.tree().directory(target.getParent());
    } catch (IOException e) {
      throw new RancherdException(
          "creating "
              + target.getParent()
              + ": "
              + e.getMessage()
              + RancherdException.FIX
              + "check the permissions of the data dir",
          e);
    }
    return target;
  }
}
