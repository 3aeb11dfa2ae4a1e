package io.rancherd.token;

import io.rancherd.config.ConfigSources;
import io.rancherd.config.InstallConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What a joining node needs, as rancherd's config file or as complete cloud-init user-data: its
 * role, this server's URL, the secure token (which pins the cluster CA), the Kubernetes version (so
 * it picks the same runtime and version), and where this node installed the runtime from (air-gap
 * artifacts, install script, registries) and its proxy, when set. The user-data is schema-clean: a
 * {@code write_files} entry writes {@code /etc/rancher/rancherd/config.yaml} 0600 and {@code
 * runcmd} runs {@code rancherd bootstrap}.
 *
 * @param proxy this node's proxy variables ({@code HTTPS_PROXY=...} lines of {@link
 *     ServiceProxy#FILE}), empty when it uses none
 */
public record JoinConfig(
    ServerToken token,
    String role,
    String serverUrl,
    String kubernetesVersion,
    InstallConfig install,
    List<String> proxy) {

  public JoinConfig {
    proxy = List.copyOf(proxy);
  }

  /** The joining node's {@code /etc/rancher/rancherd/config.yaml}. */
  public String configYaml() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("role", role);
    config.put("server", serverUrl);
    config.put("token", token.token().reveal());
    config.put("kubernetesVersion", kubernetesVersion);
    if (install.installSource() != InstallConfig.Source.AUTO) {
      config.put("installSource", install.installSource().key());
    }
    install.installScriptUrl().ifPresent(url -> config.put("installScriptUrl", url));
    install.runtimeInstallerImage().ifPresent(image -> config.put("runtimeInstallerImage", image));
    install.airgapArtifactsDir().ifPresent(dir -> config.put("airgapArtifactsDir", dir));
    install.systemDefaultRegistry().ifPresent(r -> config.put("systemDefaultRegistry", r));
    if (!install.registries().isEmpty()) {
      config.put("registries", install.registries());
    }
    return yaml().dump(config);
  }

  /** Complete user-data for the joining node: pasted unchanged, it joins. */
  public String cloudConfig() {
    StringBuilder text = new StringBuilder("#cloud-config\n");
    text.append("# A node with this user-data joins the ")
        .append(token.runtime())
        .append(" cluster at ")
        .append(serverUrl)
        .append(" as ")
        .append(role)
        .append(".\n# It holds the cluster token: keep it secret.\n");
    if (install.airgapArtifactsDir().isPresent()) {
      text.append("# The node needs the air-gap artifacts in ")
          .append(install.airgapArtifactsDir().get())
          .append(" as this node has them.\n");
    }
    text.append(
        "# rancherd must be installed on the node first (its .deb, or install.sh from the"
            + " release\n# tarball, e.g. in the node image); runcmd runs its bootstrap.\n");
    text.append("write_files:\n");
    entry(text, ConfigSources.MAIN_FILE, configYaml());
    if (!proxy.isEmpty()) {
      entry(text, ServiceProxy.FILE, String.join("\n", proxy) + "\n");
    }
    text.append("runcmd:\n");
    if (proxy.isEmpty()) {
      text.append("  - [rancherd, bootstrap]\n");
    } else {
      // runcmd does not read the unit's environment file: give bootstrap the same proxy.
      text.append("  - [sh, -c, 'set -a && . ")
          .append(ServiceProxy.FILE)
          .append(" && exec rancherd bootstrap']\n");
    }
    return text.toString();
  }

  private static void entry(StringBuilder text, String path, String content) {
    text.append("  - path: ")
        .append(path)
        .append("\n    owner: root:root\n    permissions: '0600'\n    content: |\n");
    content.lines().forEach(line -> text.append("      ").append(line).append('\n'));
  }

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setSplitLines(false);
    return new Yaml(options);
  }
}
