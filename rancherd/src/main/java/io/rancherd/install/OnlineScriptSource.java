package io.rancherd.install;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.PrivateTree;
import io.rancherd.fs.Root;
import io.rancherd.runtime.KubernetesVersion;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs with the runtime's install script downloaded over verified HTTPS (the official URL, or
 * {@code installScriptUrl}); a channel is resolved to an exact version first, so that every node
 * that installs now gets the same one.
 */
final class OnlineScriptSource implements InstallSource {

  private static final Logger LOG = LoggerFactory.getLogger(OnlineScriptSource.class);

  private final Root root;
  private final String dataDir;
  private final ReleaseSource releases;

  OnlineScriptSource(Root root, String dataDir, ReleaseSource releases) {
    this.root = root;
    this.dataDir = dataDir;
    this.releases = releases;
  }

  @Override
  public Prepared prepare(InstallRequest request, Optional<String> pinned)
      throws RancherdException {
    Runtime runtime = request.runtime();
    Map<String, String> variables = Map.of();
    Optional<String> version = pinned;
    if (version.isEmpty()) {
      KubernetesVersion wanted = KubernetesVersion.parse(request.kubernetesVersion());
      version =
          Optional.of(
              wanted.exact()
                  ? wanted.text()
                  : releases.resolveKubernetesVersion(request.kubernetesVersion()));
      LOG.info("kubernetesVersion {} is {} now", request.kubernetesVersion(), version.get());
      variables = Map.of(runtime.installEnvPrefix() + "VERSION", version.get());
    }
    Path script = root.path(dataDir + "/installer/" + runtime.id() + "-install.sh");
    try {
      // A directory of the data dir: real, 0700, no link followed.
      new PrivateTree(root.path(dataDir)).directory(script.getParent());
    } catch (IOException e) {
      throw new RancherdException(
          "preparing the directory of the " + runtime + " install script: " + e.getMessage(), e);
    }
    String sha = releases.downloadInstallScript(request.scriptUrl(), runtime, script);
    LOG.info("Downloaded the {} install script to {} (sha256 {})", runtime, script, sha);
    return new Prepared(script, variables, version);
  }
}
