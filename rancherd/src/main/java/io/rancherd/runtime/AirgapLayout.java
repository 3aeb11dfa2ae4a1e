package io.rancherd.runtime;

import java.util.List;
import java.util.Optional;

/**
 * What a runtime's air-gap artifacts directory holds for one architecture (docs/runtimes.md §1.1,
 * §1.2).
 *
 * @param files the files it must hold, the install script first
 * @param imagePattern the glob of its image archives, which are staged into the images dir
 * @param binary the binary that is staged at the runtime's first binary path before the script runs
 *     (k3s); empty when the script unpacks it itself (RKE2)
 */
public record AirgapLayout(List<String> files, String imagePattern, Optional<String> binary) {

  public AirgapLayout {
    files = List.copyOf(files);
  }
}
