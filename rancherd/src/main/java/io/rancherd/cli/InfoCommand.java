package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.error.Causes;
import io.rancherd.error.RancherdException;
import io.rancherd.fs.Root;
import io.rancherd.kube.LiveVersions;
import io.rancherd.runtime.Runtime;
import io.rancherd.state.Installed;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "info",
    header = "Show the versions of rancherd, the runtime and Rancher",
    description =
        "Print rancherd's version, which runtime is installed on this node, and the Kubernetes"
            + " and Rancher versions: asked of the live cluster when its API answers (each node's"
            + " kubelet, the Rancher deployment), else what rancherd recorded when it installed"
            + " them. The source line says which.")
final class InfoCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Settings settings = parent.global.settings(Optional.empty());
    Root root = settings.root();
    PrintWriter out = spec.commandLine().getOut();
    out.println("version:    " + VersionProvider.line());
    for (Runtime runtime : Runtime.values()) {
      out.println(
          String.format(Locale.ROOT, "%-12s", runtime + ":") + installed(root, runtime.binaries()));
    }
    Optional<Installed> recorded = settings.state().installed();
    Optional<Runtime> runtime = settings.state().runtime();
    Optional<LiveVersions> live = Optional.empty();
    String why = "no runtime is installed";
    if (runtime.isPresent()) {
      try {
        live = Optional.of(LiveVersions.read(root, runtime.get()));
      } catch (RancherdException e) {
        why = "the cluster does not answer: " + Causes.describe(e);
      }
    }
    if (live.isPresent()) {
      out.println("source:     the live cluster (" + live.get().server() + ")");
      out.println("nodes:      " + String.join(", ", live.get().nodes()));
      out.println(
          "rancher:    "
              + live.get()
                  .rancher()
                  .map(v -> v + " (deployment cattle-system/rancher)")
                  .orElse("not deployed"));
      return ExitCodes.OK;
    }
    out.println("source:     what rancherd recorded (" + why + ")");
    out.println(
        "kubernetes: "
            + recorded.map(Installed::kubernetesVersion).orElse("not installed by rancherd"));
    out.println(
        "rancher:    "
            + recorded
                .map(Installed::rancherVersion)
                .map(v -> v + " from " + recorded.get().rancherChartRepository())
                .orElse("not installed by rancherd"));
    return ExitCodes.OK;
  }

  private static String installed(Root root, List<String> candidates) {
    return candidates.stream()
        .filter(p -> Files.isExecutable(root.path(p)))
        .findFirst()
        .map(p -> "installed at " + p)
        .orElse("not installed");
  }
}
