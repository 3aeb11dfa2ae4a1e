package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.error.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

  private static String norm(String name) throws InvalidInputException {
    return ImageReference.parse(name).toString();
  }

  @Test
  void namesAreNormalizedAsContainerdDoes() throws InvalidInputException {
    assertEquals("docker.io/library/busybox:latest", norm("busybox"));
    assertEquals(
        "docker.io/rancher/system-agent-installer-k3s:v1.30.2-k3s1",
        norm("rancher/system-agent-installer-k3s:v1.30.2-k3s1"));
    assertEquals("docker.io/library/busybox:1", norm("index.docker.io/busybox:1"));
    assertEquals("localhost:5000/a/b:latest", norm("localhost:5000/a/b"));
    assertEquals("localhost/a:latest", norm("localhost/a"));
    assertEquals("reg.example.com/a:t", norm("reg.example.com/a:t"));
    String digest = "sha256:" + "a".repeat(64);
    ImageReference pinned = ImageReference.parse("reg:5000/a/b:t@" + digest);
    assertEquals("reg:5000", pinned.registry());
    assertEquals(digest, pinned.reference());
  }

  @Test
  void aNameWithoutRegistry_usesSystemDefaultRegistry() throws InvalidInputException {
    ImageReference ref =
        ImageReference.parse("rancher/installer:v1", Optional.of("registry.local:5000"));

    assertEquals("registry.local:5000/rancher/installer:v1", ref.toString());
  }

  @Test
  void badNames_areRefusedWithTheExpectedForm() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageReference.parse("Upper/Case"));
    assertEquals(
        "image \"Upper/Case\": the repository \"Upper/Case\" is not a valid repository name;"
            + " expected [registry/]repository[:tag][@digest]",
        e.getMessage());
    assertThrows(InvalidInputException.class, () -> ImageReference.parse("a@sha256:12"));
  }
}
