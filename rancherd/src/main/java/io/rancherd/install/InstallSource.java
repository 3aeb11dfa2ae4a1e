package io.rancherd.install;

import io.rancherd.error.RancherdException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the install of a runtime comes from. Each source ends in the runtime's own install script
 * (docs/runtimes.md §1.1, §1.2) and gives it what it needs: an online source downloads the script
 * and pins a channel to an exact version, an air-gap source stages a local artifacts directory.
 * {@link InstallSources#choose} picks the source of a request.
 */
interface InstallSource {

  /**
   * What the install script gets.
   *
   * @param script the install script to run
   * @param variables the install variables the source sets (over those already in the environment)
   * @param version the exact version installed, or empty when the artifacts decide it
   */
  record Prepared(Path script, Map<String, String> variables, Optional<String> version) {

    public Prepared {
      variables = Map.copyOf(variables);
    }
  }

  /**
   * Makes the install script and its inputs ready.
   *
   * @param pinned the exact version the plan asks for ({@code INSTALL_<RT>_VERSION}), if any
   */
  Prepared prepare(InstallRequest request, Optional<String> pinned)
      throws RancherdException, InterruptedException;
}
