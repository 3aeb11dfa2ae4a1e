package io.rancherd.plan;

import io.rancherd.config.InstallConfig;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.runtime.KubernetesVersion;
import io.rancherd.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The instructions that install and start the runtime. {@code rancherd install-runtime} runs the
 * official install script with the documented variables (docs/runtimes.md §1.1, §1.2), resolving a
 * channel or staging air-gap artifacts first; then {@code rancherd service start} enables and
 * starts the unit. rancherd starts the k3s service itself too (the script gets {@code
 * INSTALL_K3S_SKIP_START=true}): the script's own start blocks until k3s is ready, without a word
 * and without a limit, while the probes that follow report progress.
 */
final class RuntimeInstructions {

  private static final String SERVICE = "service";
  private static final String START = "start";

  private RuntimeInstructions() {}

  /** The unit {@code instruction} starts, when it is a start step made here. */
  static Optional<String> startedUnit(PlanInstruction instruction) {
    List<String> args = instruction.args();
    boolean start =
        !instruction.command().isEmpty()
            && args.size() == 3
            && args.get(0).equals(SERVICE)
            && args.get(1).equals(START);
    return start ? Optional.of(args.get(2)) : Optional.empty();
  }

  static List<PlanInstruction> installAndStart(
      Runtime runtime,
      boolean server,
      KubernetesVersion version,
      InstallConfig install,
      List<String> noProxy,
      PlanSettings settings) {
    String type = server ? "server" : "agent";
    List<String> env = new ArrayList<>();
    if (version.exact()) {
      env.add(runtime.installEnvPrefix() + "VERSION=" + version.text());
    }
    runtime.installTypeVariables(server).forEach((name, value) -> env.add(name + "=" + value));
    List<String> args =
        new ArrayList<>(
            List.of(
                "install-runtime",
                "--runtime",
                runtime.id(),
                "--type",
                type,
                "--kubernetes-version",
                version.text()));
    if (install.installSource() != InstallConfig.Source.AUTO) {
      args.addAll(List.of("--source", install.installSource().key()));
    }
    InstallSourceChoice choice = InstallSourceChoice.runtime(install);
    if (choice.kind() == InstallSourceChoice.Kind.IMAGE) {
      args.addAll(List.of("--image", choice.value().orElseThrow()));
      install
          .systemDefaultRegistry()
          .ifPresent(registry -> args.addAll(List.of("--default-registry", registry)));
    } else if (install.installSource() != InstallConfig.Source.SCRIPT) {
      install.airgapArtifactsDir().ifPresent(dir -> args.addAll(List.of("--airgap", dir)));
    }
    install.installScriptUrl().ifPresent(url -> args.addAll(List.of("--script-url", url)));
    if (runtime.proxyEnvFile(server).isPresent()) {
      args.addAll(List.of("--no-proxy", String.join(",", noProxy)));
    }
    return List.of(
        PlanInstruction.command("install-" + runtime.id(), env, settings.selfCommand(), args),
        PlanInstruction.command(
            "start-" + runtime.unit(server),
            List.of(),
            settings.selfCommand(),
            List.of(SERVICE, START, runtime.unit(server))));
  }
}
