package io.rancherd.plan;

import io.rancherd.config.InstallConfig;
import io.rancherd.config.InstructionConfig;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;

/**
 * The instructions of {@code preInstructions} and {@code postInstructions}. One with a {@code
 * command} only runs as written. One with an {@code image} becomes a {@code rancherd run-image}
 * step: it pulls the image with the {@code registries} settings (the runtime's {@code
 * registries.yaml}, which the plan's files step writes first) and {@code systemDefaultRegistry},
 * extracts it into the instruction's own directory under the data dir and runs the command, or the
 * image's {@code run.sh} when there is none, with the instruction's arguments and environment
 * (rancher/system-agent's rule). Every user instruction gets the admin kubeconfig as {@code
 * KUBECONFIG}.
 */
final class UserInstructions {

  private final Runtime runtime;
  private final InstallConfig install;
  private final PlanSettings settings;
  private final String kubeconfig;

  UserInstructions(
      Runtime runtime, InstallConfig install, PlanSettings settings, String kubeconfig) {
    this.runtime = runtime;
    this.install = install;
    this.settings = settings;
    this.kubeconfig = kubeconfig;
  }

  /** The plan's instructions for {@code configured}; {@code kind} is "pre" or "post". */
  List<PlanInstruction> of(String kind, List<InstructionConfig> configured) {
    List<PlanInstruction> out = new ArrayList<>();
    for (int i = 0; i < configured.size(); i++) {
      out.add(of(configured.get(i), imageDir(kind, i, configured.get(i).name())));
    }
    return out;
  }

  private PlanInstruction of(InstructionConfig i, String imageDir) {
    List<String> env = new ArrayList<>(i.env());
    env.add(kubeconfig);
    if (i.image().isEmpty()) {
      return new PlanInstruction(
          i.name(), i.saveOutput(), "", env, i.args(), i.command().orElse(""));
    }
    List<String> args =
        new ArrayList<>(List.of("run-image", "--image", i.image().get(), "--dir", imageDir));
    install
        .systemDefaultRegistry()
        .ifPresent(registry -> args.addAll(List.of("--default-registry", registry)));
    if (!install.registries().isEmpty()) {
      args.addAll(List.of("--registries", runtime.registriesFile()));
    }
    i.command().ifPresent(command -> args.addAll(List.of("--command", command)));
    args.add("--");
    args.addAll(i.args());
    return new PlanInstruction(i.name(), i.saveOutput(), "", env, args, settings.selfCommand());
  }

  /**
   * The directory an instruction's image is extracted into: {@code
   * <dataDir>/instruction-image/<pre|post><index>-<name>}, the name reduced to letters, digits,
   * dot, dash and underscore.
   */
  private String imageDir(String kind, int index, String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return settings.dataDir() + "/instruction-image/" + kind + index + "-" + safe;
  }
}
