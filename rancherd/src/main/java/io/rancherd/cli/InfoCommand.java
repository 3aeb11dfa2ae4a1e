package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.fs.Root;
import io.rancherd.runtime.Runtime;
import io.rancherd.state.Installed;
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
        "Print rancherd's version, which runtime is installed on this node, and the"
            + " Kubernetes and Rancher versions rancherd installed.")
final class InfoCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Settings settings = parent.global.settings(Optional.empty());
    Root root = settings.root();
    var out = spec.commandLine().getOut();
    out.println("version:  " + VersionProvider.line());
    for (Runtime runtime : Runtime.values()) {
      out.println(
          String.format(Locale.ROOT, "%-10s", runtime + ":") + installed(root, runtime.binaries()));
    }
    Optional<Installed> recorded = settings.state().installed();
    out.println(
        "kubernetes: "
            + recorded.map(Installed::kubernetesVersion).orElse("not installed by rancherd"));
    out.println(
        "rancher:  "
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
