package io.rancherd.install;

import io.rancherd.channel.ChannelResolver;
import io.rancherd.download.DownloadClient;
import io.rancherd.error.RancherdException;
import io.rancherd.runtime.Runtime;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The real channel servers and install-script hosts, over verified HTTPS with the proxy from the
 * environment. The HTTP client is built on first use, so an air-gap install never needs it.
 */
final class OnlineReleases implements ReleaseSource {

  private final Map<String, String> environment;
  private OkHttpClient client;

  OnlineReleases(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String resolveKubernetesVersion(String kubernetesVersion) throws RancherdException {
    return new ChannelResolver(client()).resolve(kubernetesVersion);
  }

  @Override
  public String downloadInstallScript(Optional<String> url, Runtime runtime, Path target)
      throws RancherdException {
    DownloadedScript script = new InstallScripts(client()).download(runtime, url, target);
    return script.sha256() + " from " + script.url();
  }

  private OkHttpClient client() throws RancherdException {
    if (client == null) {
      client = DownloadClient.client(environment);
    }
    return client;
  }
}
