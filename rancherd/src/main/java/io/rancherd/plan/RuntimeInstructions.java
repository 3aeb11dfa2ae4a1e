package io.rancherd.plan;

import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.runtime.KubernetesVersion;
import io.rancherd.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;

/**
 * The instructions that install and start the runtime with its official install script and the
 * documented variables (reference/runtimes.md §1.1, §1.2). The k3s script enables and starts its
 * service; the RKE2 script does not, so rancherd enables and starts {@code rke2-server} or
 * {@code rke2-agent} itself.
 */
final class RuntimeInstructions {

  private RuntimeInstructions() {}

  static List<PlanInstruction> install(Runtime runtime, boolean server, KubernetesVersion version, PlanSettings settings) {
    String prefix = runtime.installEnvPrefix();
    List<String> env = new ArrayList<>();
    if (version.exact()) {
      env.add(prefix + "VERSION=" + version.text());
    } else {
      env.add(prefix + "CHANNEL=" + version.channel());
    }
    String type = server ? "server" : "agent";
    env.add(runtime == Runtime.K3S ? prefix + "EXEC=" + type : prefix + "TYPE=" + type);
    List<PlanInstruction> result = new ArrayList<>();
    result.add(PlanInstruction.command("install-" + runtime.id(), env, "/bin/sh",
        List.of(settings.installerScript(runtime.id()))));
    if (runtime == Runtime.RKE2) {
      result.add(PlanInstruction.command("start-" + runtime.unit(server), List.of(), "systemctl",
          List.of("enable", "--now", runtime.unit(server) + ".service")));
    }
    return result;
  }
}
