package io.rancherd.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What this node installed ({@code <data-dir>/installed.json}): the runtime, the Kubernetes version
 * it got (exact, or as written for air-gap artifacts), and Rancher's chart version and repository.
 * {@code info} shows it; {@code get-token --join-config} gives joining nodes the same version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Installed(
    @JsonProperty("runtime") String runtime,
    @JsonProperty("kubernetesVersion") String kubernetesVersion,
    @JsonProperty("rancherVersion") String rancherVersion,
    @JsonProperty("rancherChartRepository") String rancherChartRepository) {

  public static final String FILE = "installed.json";

  static Optional<Installed> read(Path dataDir) {
    return StateJson.read(dataDir.resolve(FILE), Installed.class);
  }

  public Installed withRuntime(String newRuntime, String version) {
    return new Installed(newRuntime, version, rancherVersion, rancherChartRepository);
  }

  public Installed withRancher(String version, String repository) {
    return new Installed(runtime, kubernetesVersion, version, repository);
  }

  void write(Path dataDir) throws IOException {
    StateJson.write(dataDir, dataDir.resolve(FILE), this);
  }

  public static Installed none() {
    return new Installed(null, null, null, null);
  }
}
