package io.rancherd.plan;

import io.rancherd.config.RancherdConfig;
import io.rancherd.plan.model.PlanFile;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.rancher.RancherChart;
import io.rancherd.rancher.ResourcesManifest;
import io.rancherd.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster-init node's Rancher and resources steps. Rancher: the Helm values (rancherd's
 * defaults, then systemDefaultRegistry, then rancherValues) are a plan file; {@code
 * install-rancher} takes the chart from the source {@link InstallSourceChoice#rancher} chooses (an
 * installer image or the air-gap directory: the chart goes into the HelmChart as {@code
 * chartContent}; else a chart repository, the version resolved) and writes the HelmChart into the
 * runtime's auto-deploy manifests directory; {@code wait-rancher} waits for deployment
 * cattle-system/rancher. Resources are deployed after Rancher, whose CRDs they may use. With {@code
 * installRancher: false} only the resources are.
 */
final class RancherSteps {

  private RancherSteps() {}

  static void add(
      Runtime runtime,
      RancherdConfig config,
      PlanSettings settings,
      List<PlanFile> files,
      List<PlanInstruction> instructions) {
    if (config.rancher().installRancher()) {
      files.add(
          PlanFile.text(
              settings.rancherValuesFile(),
              RancherChart.valuesYaml(
                  config.install().systemDefaultRegistry(), config.rancher().rancherValues()),
              "0600"));
      List<String> args =
          new ArrayList<>(
              List.of(
                  Planner.INSTALL_RANCHER,
                  "--version",
                  InstallSourceChoice.rancherVersion(config),
                  "--values",
                  settings.rancherValuesFile(),
                  "--to",
                  runtime.manifestsDir() + "/" + RancherChart.FILE_NAME));
      InstallSourceChoice source = InstallSourceChoice.rancher(config);
      switch (source.kind()) {
        case IMAGE -> {
          args.addAll(List.of("--image", source.value().orElseThrow(), "--runtime", runtime.id()));
          config
              .install()
              .systemDefaultRegistry()
              .ifPresent(registry -> args.addAll(List.of("--default-registry", registry)));
        }
        case AIRGAP -> args.addAll(List.of("--airgap", source.value().orElseThrow()));
        case ONLINE -> source.value().ifPresent(repo -> args.addAll(List.of("--repository", repo)));
      }
      instructions.add(
          Planner.self(Planner.INSTALL_RANCHER, settings, args.toArray(String[]::new)));
      instructions.add(
          Planner.self("wait-rancher", settings, "wait", "rancher", "--runtime", runtime.id()));
    }
    ResourcesManifest.yaml(config.resources().all())
        .ifPresent(
            yaml -> {
              files.add(PlanFile.text(settings.resourcesFile(), yaml, "0600"));
              instructions.add(
                  Planner.self(
                      "resources",
                      settings,
                      "apply-manifest",
                      "--file",
                      settings.resourcesFile(),
                      "--to",
                      runtime.manifestsDir() + "/" + ResourcesManifest.FILE_NAME));
            });
  }
}
