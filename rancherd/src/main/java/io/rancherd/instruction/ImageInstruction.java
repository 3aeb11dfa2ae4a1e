package io.rancherd.instruction;

import io.rancherd.error.RancherdException;
import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.ProcessSpec;
import io.rancherd.registry.ImagePuller;
import io.rancherd.registry.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An instruction with an {@code image}, run by rancher/system-agent's rule: the image for this
 * node's platform is extracted into the instruction's own directory, which replaces the one of an
 * earlier run whole; then {@code command} (or, when the instruction has none, the image's {@code
 * run.sh}) runs with the instruction's arguments and environment, in that directory, with {@code
 * CATTLE_AGENT_EXECUTION_PWD} naming it and the directory appended to {@code PATH}.
 */
public final class ImageInstruction {

  /** The variable that names the directory the image was extracted into (system-agent's). */
  public static final String EXECUTION_PWD = "CATTLE_AGENT_EXECUTION_PWD";

  /** What runs when the instruction names no command. */
  public static final String RUN_SH = "run.sh";

  /**
   * One instruction.
   *
   * @param dir where the image is extracted (a real path: under --root already)
   * @param command the program to run; empty for the image's {@code run.sh}
   * @param env the whole environment of the program, before the two variables added here
   */
  public record Request(
      ImageReference image,
      Path dir,
      Optional<String> command,
      List<String> args,
      Map<String, String> env) {

    public Request {
      args = List.copyOf(args);
      env = Map.copyOf(env);
    }
  }

  private final ImagePuller puller;
  private final ProcessRunner runner;
  private final String arch;
  private final Duration timeout;

  public ImageInstruction(ImagePuller puller, ProcessRunner runner, String arch, Duration timeout) {
    this.puller = puller;
    this.runner = runner;
    this.arch = arch;
    this.timeout = timeout;
  }

  /** Pulls, extracts and runs; returns how the program ended. */
  public ProcessResult run(Request request) throws RancherdException, InterruptedException {
    puller.pullReplacing(request.image(), arch, request.dir());
    List<String> argv = new ArrayList<>();
    argv.add(program(request));
    argv.addAll(request.args());
    Map<String, String> env = environment(request.env(), request.dir());
    try {
      return runner.run(
          new ProcessSpec(
              argv, env, request.dir(), timeout, logPrefix(request.image()), Optional.empty()));
    } catch (IOException e) {
      throw new RancherdException(
          "running "
              + argv.get(0)
              + " of image "
              + request.image()
              + ": cannot start it ("
              + e.getMessage()
              + ")"
              + RancherdException.FIX
              + "check that the program exists in the image (or on PATH) and is executable",
          e);
    }
  }

  /** The instruction's environment with system-agent's two additions. */
  static Map<String, String> environment(Map<String, String> given, Path dir) {
    Map<String, String> env = new LinkedHashMap<>(given);
    env.put(EXECUTION_PWD, dir.toString());
    String path = given.get("PATH");
    env.put("PATH", (path == null || path.isEmpty() ? "" : path + ":") + dir);
    return env;
  }

  private static String program(Request request) throws RancherdException {
    if (request.command().isPresent()) {
      return request.command().get();
    }
    Path runSh = request.dir().resolve(RUN_SH);
    if (!Files.isRegularFile(runSh, LinkOption.NOFOLLOW_LINKS)) {
      throw new RancherdException(
          "running image "
              + request.image()
              + ": the instruction names no command and the image has no "
              + RUN_SH
              + " at its root"
              + RancherdException.FIX
              + "give the instruction a command, or build the image with an executable "
              + RUN_SH);
    }
    return runSh.toString();
  }

  private static String logPrefix(ImageReference image) {
    String repository = image.repository();
    return repository.substring(repository.lastIndexOf('/') + 1);
  }
}
