package io.rancherd.registry;

import io.rancherd.error.InvalidInputException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image name normalized as containerd does: a first path component with a dot or a colon, or
 * {@code localhost}, is the registry, otherwise the registry is the default one ({@code docker.io},
 * or {@code systemDefaultRegistry}); a one-component repository on Docker Hub gets {@code
 * library/}; no tag and no digest means {@code latest}.
 *
 * @param registry the registry's host[:port], {@code docker.io} for Docker Hub
 * @param repository the repository path, {@code rancher/system-agent-installer-k3s}
 * @param tag the tag, empty when only a digest is given
 * @param digest {@code sha256:<hex>} when the name pins one
 */
public record ImageReference(
    String registry, String repository, Optional<String> tag, Optional<String> digest) {

  public static final String DOCKER_HUB = "docker.io";

  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

  /** Parses {@code name} with Docker Hub as the default registry. */
  public static ImageReference parse(String name) throws InvalidInputException {
    return parse(name, Optional.empty());
  }

  /**
   * Parses {@code name}; a name without a registry is pulled from {@code defaultRegistry} when
   * given (the original's {@code systemDefaultRegistry}), else from Docker Hub.
   */
  public static ImageReference parse(String name, Optional<String> defaultRegistry)
      throws InvalidInputException {
    String rest = name == null ? "" : name.trim();
    if (rest.isEmpty()) {
      throw invalid(name, "the name is empty");
    }
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      String d = rest.substring(at + 1);
      if (!DIGEST.matcher(d).matches()) {
        throw invalid(name, "the digest must be sha256:<64 lowercase hex digits>");
      }
      digest = Optional.of(d);
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      String t = rest.substring(colon + 1);
      if (!TAG.matcher(t).matches()) {
        throw invalid(name, "the tag \"" + t + "\" is not a valid tag");
      }
      tag = Optional.of(t);
      rest = rest.substring(0, colon);
    }
    String registry;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? "" : rest.substring(0, slash);
    if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      registry = first;
      rest = rest.substring(slash + 1);
    } else {
      registry = defaultRegistry.map(String::trim).filter(r -> !r.isEmpty()).orElse(DOCKER_HUB);
    }
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (!REPOSITORY.matcher(rest).matches()) {
      throw invalid(name, "the repository \"" + rest + "\" is not a valid repository name");
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of("latest");
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /** The digest when pinned, else the tag: what the manifest URL names. */
  public String reference() {
    return digest.orElseGet(tag::orElseThrow);
  }

  /** The same image in another repository (a mirror's rewrite). */
  public ImageReference withRepository(String newRepository) {
    return new ImageReference(registry, newRepository, tag, digest);
  }

  /** The full normalized name: {@code docker.io/library/busybox:latest}. */
  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + tag.map(t -> ":" + t).orElse("")
        + digest.map(d -> "@" + d).orElse("");
  }

  private static InvalidInputException invalid(String name, String problem) {
    return new InvalidInputException(
        "image \"" + name + "\": " + problem + "; expected [registry/]repository[:tag][@digest]");
  }
}
