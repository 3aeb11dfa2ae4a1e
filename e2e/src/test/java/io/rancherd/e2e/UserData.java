package io.rancherd.e2e;

import java.util.List;
import java.util.stream.Collectors;

/**
 * cloud-init user-data for a node: rancherd's config under {@code rancherd:} and the {@code runcmd}
 * lines. This is the original rancherd's form, which rancherd still reads from the user-data; the
 * schema-clean recipe (write_files) is what {@link JoinConfigE2E} boots with.
 */
final class UserData {

  /** The {@code runcmd} that bootstraps the node, as the examples have it. */
  static final List<String> BOOTSTRAP = List.of("[rancherd, bootstrap]");

  private UserData() {}

  /**
   * {@code #cloud-config} with {@code rancherdYaml} (a YAML mapping) as the {@code rancherd:} key
   * and {@code runcmd}.
   */
  static String of(String rancherdYaml, List<String> runcmd) {
    String indented =
        rancherdYaml.lines().map(line -> "  " + line).collect(Collectors.joining("\n"));
    StringBuilder text =
        new StringBuilder("#cloud-config\nrancherd:\n").append(indented).append('\n');
    if (!runcmd.isEmpty()) {
      text.append("runcmd:\n");
      runcmd.forEach(command -> text.append("  - ").append(command).append('\n'));
    }
    return text.toString();
  }
}
