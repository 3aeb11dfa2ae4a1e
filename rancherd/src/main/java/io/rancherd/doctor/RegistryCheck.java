package io.rancherd.doctor;

import io.rancherd.config.InstallConfig;
import io.rancherd.config.InstructionConfig;
import io.rancherd.config.RancherdConfig;
import io.rancherd.download.DownloadClient;
import io.rancherd.error.InvalidInputException;
import io.rancherd.install.Arch;
import io.rancherd.plan.InstallSourceChoice;
import io.rancherd.registry.ImagePuller;
import io.rancherd.registry.ImageReference;
import io.rancherd.registry.Registries;
import io.rancherd.registry.RegistryException;
import io.rancherd.registry.Retries;
import io.rancherd.runtime.InstallerImageNames;
import io.rancherd.wait.Backoff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;

/**
 * Whether every image the configuration would pull can be pulled: {@code runtimeInstallerImage},
 * {@code rancherInstallerImage} (when Rancher is installed), the default installer images that
 * {@code installSource: image} names in their place, and each instruction's {@code image}, named
 * under {@code systemDefaultRegistry}, with the {@code registries} settings. For each image the
 * registry (or a mirror) must answer over trusted TLS ({@code ca_file}, {@code
 * insecure_skip_verify}), accept the credentials and have the manifest for this node's platform; no
 * layer is downloaded. One finding per image, each failure with its fix; never a credential.
 */
final class RegistryCheck implements Check {

  static final String NAME = "registry";

  private final String arch;

  RegistryCheck() {
    this(Arch.current());
  }

  RegistryCheck(String arch) {
    this.arch = arch;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) throws InterruptedException {
    return runAll(context, earlier).get(0);
  }

  @Override
  public List<Finding> runAll(DoctorContext context, Findings earlier) throws InterruptedException {
    if (context.config().isEmpty()) {
      return List.of(Finding.skip(NAME, "the config did not load"));
    }
    RancherdConfig config = context.config().get().config();
    Map<String, String> images = images(config);
    if (images.isEmpty()) {
      return List.of(Finding.skip(NAME, "the config names no image to pull"));
    }
    Registries registries;
    OkHttpClient http;
    try {
      registries = Registries.from(config.install().registries());
      http =
          DownloadClient.client(context.environment())
              .newBuilder()
              .connectTimeout(context.timeout())
              .build();
    } catch (InvalidInputException e) {
      return List.of(
          Finding.fail(NAME, e.getMessage(), "correct the registries key or the proxy variables"));
    }
    ImagePuller puller =
        new ImagePuller(
            registries, context.state().root(), http, ONE_ATTEMPT, java.time.Clock.systemUTC());
    Optional<String> defaultRegistry = config.install().systemDefaultRegistry();
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, String> image : images.entrySet()) {
      findings.add(check(puller, image.getValue(), image.getKey(), defaultRegistry));
    }
    return findings;
  }

  private Finding check(
      ImagePuller puller, String name, String key, Optional<String> defaultRegistry)
      throws InterruptedException {
    ImageReference image;
    try {
      image = ImageReference.parse(name, defaultRegistry);
    } catch (InvalidInputException e) {
      return Finding.fail(NAME, key + ": " + e.getMessage(), "correct " + key);
    }
    try {
      ImagePuller.Pulled found = puller.check(image, arch);
      return Finding.pass(
          NAME,
          key
              + " "
              + image
              + ": linux/"
              + arch
              + " image at "
              + found.endpoint()
              + " ("
              + found.layers()
              + " layers, "
              + found.bytes()
              + " bytes)");
    } catch (RegistryException e) {
      return Finding.fail(NAME, key + " " + image + ": " + e.problem(), e.fix());
    } catch (InvalidInputException e) {
      return Finding.fail(NAME, key + " " + image + ": " + e.getMessage(), "correct " + key);
    }
  }

  /** Each image the configuration pulls, by the key that names it. */
  static Map<String, String> images(RancherdConfig config) {
    Map<String, String> images = new LinkedHashMap<>();
    InstallConfig install = config.install();
    boolean byDefaultNames = install.installSource() == InstallConfig.Source.IMAGE;
    if (install.runtimeInstallerImage().isPresent()) {
      images.put("runtimeInstallerImage", install.runtimeInstallerImage().get());
    } else if (byDefaultNames
        && InstallerImageNames.exactVersion(install.kubernetesVersion().orElse(null))) {
      images.put(
          "installSource image (runtime)", InstallSourceChoice.runtime(install).value().get());
    }
    if (config.rancher().installRancher()) {
      if (config.rancher().rancherInstallerImage().isPresent()) {
        images.put("rancherInstallerImage", config.rancher().rancherInstallerImage().get());
      } else if (byDefaultNames
          && InstallerImageNames.exactVersion(InstallSourceChoice.rancherVersion(config))) {
        images.put(
            "installSource image (Rancher)", InstallSourceChoice.rancher(config).value().get());
      }
    }
    add(images, "preInstructions", config.instructions().preInstructions());
    add(images, "postInstructions", config.instructions().postInstructions());
    return images;
  }

  private static void add(
      Map<String, String> images, String key, List<InstructionConfig> instructions) {
    for (int i = 0; i < instructions.size(); i++) {
      int index = i;
      instructions.get(i).image().ifPresent(image -> images.put(key + "[" + index + "]", image));
    }
  }

  /** A doctor asks once: a registry that does not answer within the timeout is a finding. */
  private static final Retries ONE_ATTEMPT =
      new Retries(
          1,
          new Backoff(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)),
          RandomGenerator.getDefault(),
          pause -> {});
}
