package io.rancherd.token;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The cloud-config a joining node needs: its role, this server's supervisor URL, the secure token
 * (which pins the cluster CA) and the Kubernetes version, so the joining node picks the same
 * runtime and version.
 */
public final class JoinConfig {

  private JoinConfig() {}

  public static String cloudConfig(
      ServerToken token, String role, String serverUrl, String kubernetesVersion) {
    Map<String, Object> rancherd = new LinkedHashMap<>();
    rancherd.put("role", role);
    rancherd.put("server", serverUrl);
    rancherd.put("token", token.token().reveal());
    rancherd.put("kubernetesVersion", kubernetesVersion);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    return "#cloud-config\n# A node with this user-data joins the "
        + token.runtime()
        + " cluster at "
        + serverUrl
        + " as "
        + role
        + ".\n# It holds the cluster token: keep it secret.\n"
        + new Yaml(options).dump(Map.of("rancherd", rancherd));
  }
}
