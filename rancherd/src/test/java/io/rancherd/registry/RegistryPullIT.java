package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.download.DownloadClient;
import io.rancherd.wait.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a real distribution registry on loopback (TLS from a test CA, htpasswd or Bearer
 * auth), with images the test assembles and pushes with skopeo.
 */
class RegistryPullIT {

  /** A registry name whose default endpoint is a closed loopback port: only mirrors answer. */
  private static final String UPSTREAM = "127.0.0.1:" + TestRegistry.freePort();

  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    TestRegistry.requireTools();
  }

  private static Retries quick() {
    return new Retries(
        2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), new Random(1), p -> {});
  }

  private ImagePuller puller(Map<String, Object> registries) throws Exception {
    return new ImagePuller(
        Registries.from(registries),
        new io.rancherd.fs.Root(tmp),
        DownloadClient.withEnvironment(io.rancherd.tls.TlsClients.base(), Map.of()),
        quick(),
        Clock.systemUTC());
  }

  /** The registry's CA as a machine path under the test's root ({@code tmp}). */
  private String ca(TestRegistry registry) {
    return "/" + tmp.relativize(registry.caFile());
  }

  private static Map<String, Object> mirrored(
      TestRegistry registry, Map<String, Object> auth, Map<String, Object> tls) {
    return Map.of(
        "mirrors",
        Map.of(UPSTREAM, Map.of("endpoint", List.of("https://" + registry.host()))),
        "configs",
        Map.of(registry.host(), Map.of("auth", auth, "tls", tls)));
  }

  private OciLayout installerImage() throws Exception {
    OciLayout layout = new OciLayout(tmp.resolve("layout"));
    byte[] lower =
        new TestTar()
            .file("run.sh", "#!/bin/sh\necho installing\n", 0755)
            .file("old.txt", "lower", 0644)
            .tarGz();
    byte[] upper = new TestTar().file(".wh.old.txt", "", 0644).file("k3s", "binary", 0755).tarGz();
    layout.tag("v1", layout.image("amd64", lower, upper));
    return layout;
  }

  @Test
  void pullThroughAMirrorWithBasicAuthAndCaFile_extractsTheLayersWithWhiteouts() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      registry.push(installerImage(), "v1", "rancher/installer");
      Path target = tmp.resolve("work/image");

      ImagePuller.Pulled pulled =
          puller(
                  mirrored(
                      registry,
                      Map.of("username", TestRegistry.USER, "password", TestRegistry.PASSWORD),
                      Map.of("ca_file", ca(registry))))
              .pull(ImageReference.parse(UPSTREAM + "/rancher/installer:v1"), "amd64", target);

      assertEquals(registry.host(), pulled.endpoint());
      assertEquals(2, pulled.layers());
      assertEquals("#!/bin/sh\necho installing\n", Files.readString(target.resolve("run.sh")));
      assertTrue(Files.isExecutable(target.resolve("k3s")));
      assertFalse(Files.exists(target.resolve("old.txt")));
      try (Stream<Path> left = Files.list(tmp.resolve("work"))) {
        assertEquals(List.of(target), left.toList(), "no temporary directory is left");
      }
    }
  }

  @Test
  void theBearerTokenFlow_withCredentials_pulls() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), true)) {
      registry.push(installerImage(), "v1", "rancher/installer");
      Path target = tmp.resolve("image");

      puller(
              mirrored(
                  registry,
                  Map.of("username", TestRegistry.USER, "password", TestRegistry.PASSWORD),
                  Map.of("ca_file", ca(registry))))
          .pull(ImageReference.parse(UPSTREAM + "/rancher/installer:v1"), "amd64", target);

      assertEquals("binary", Files.readString(target.resolve("k3s")));
    }
  }

  @Test
  void aWrongPassword_isOneLineNamingRegistryImageAndFix_withoutTheSecret() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      registry.push(installerImage(), "v1", "rancher/installer");
      Path target = tmp.resolve("image");

      RegistryException e =
          assertThrows(
              RegistryException.class,
              () ->
                  puller(
                          mirrored(
                              registry,
                              Map.of("username", TestRegistry.USER, "password", "wrong-Pa55word"),
                              Map.of("ca_file", ca(registry))))
                      .pull(
                          ImageReference.parse(UPSTREAM + "/rancher/installer:v1"),
                          "amd64",
                          target));

      String message = e.getMessage();
      assertEquals(RegistryException.Kind.AUTH, e.kind());
      assertFalse(message.contains("\n"), message);
      assertTrue(
          message.startsWith(
              "pulling "
                  + UPSTREAM
                  + "/rancher/installer:v1: registry "
                  + registry.host()
                  + " rejected the configured credentials"),
          message);
      assertTrue(
          message.contains("; fix: correct registries.configs.\"" + registry.host() + "\".auth"),
          message);
      assertFalse(message.contains("wrong-Pa55word"), message);
      assertFalse(Files.exists(target));
    }
  }

  @Test
  void aTamperedBlob_isRefused_andNothingIsExtracted() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      OciLayout layout = new OciLayout(tmp.resolve("layout"));
      byte[] layer = new TestTar().file("run.sh", "genuine", 0755).tarGz();
      layout.tag("v1", layout.image("amd64", layer));
      registry.push(layout, "v1", "rancher/installer");
      Path blob = registry.blobFile(OciLayout.digest(layer));
      byte[] bytes = Files.readAllBytes(blob);
      bytes[bytes.length / 2] ^= 0x55;
      Files.write(blob, bytes);
      Path target = tmp.resolve("image");

      RegistryException e =
          assertThrows(
              RegistryException.class,
              () ->
                  puller(
                          mirrored(
                              registry,
                              Map.of(
                                  "username", TestRegistry.USER, "password", TestRegistry.PASSWORD),
                              Map.of("ca_file", ca(registry))))
                      .pull(
                          ImageReference.parse(UPSTREAM + "/rancher/installer:v1"),
                          "amd64",
                          target));

      assertEquals(RegistryException.Kind.DIGEST, e.kind());
      assertTrue(e.getMessage().contains("nothing was extracted"), e.getMessage());
      assertFalse(Files.exists(target));
    }
  }

  @Test
  void aMultiArchIndex_givesThisNodesPlatform_andInsecureSkipVerifyIsHonoured() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      OciLayout layout = new OciLayout(tmp.resolve("layout"));
      layout.tag(
          "v1",
          layout.index(
              layout.image("amd64", new TestTar().file("arch", "amd64", 0644).tarGz()),
              layout.image("arm64", new TestTar().file("arch", "arm64", 0644).tarGz())));
      registry.push(layout, "v1", "rancher/multi");
      Map<String, Object> auth =
          Map.of("username", TestRegistry.USER, "password", TestRegistry.PASSWORD);
      ImageReference image = ImageReference.parse(registry.host() + "/rancher/multi:v1");

      puller(
              Map.of(
                  "configs",
                  Map.of(
                      registry.host(),
                      Map.of("auth", auth, "tls", Map.of("insecure_skip_verify", true)))))
          .pull(image, "arm64", tmp.resolve("arm"));
      RegistryException untrusted =
          assertThrows(
              RegistryException.class,
              () ->
                  puller(Map.of("configs", Map.of(registry.host(), Map.of("auth", auth))))
                      .pull(image, "amd64", tmp.resolve("amd")));

      assertEquals("arm64", Files.readString(tmp.resolve("arm/arch")));
      assertEquals(RegistryException.Kind.TLS, untrusted.kind());
      assertTrue(untrusted.getMessage().contains("tls.ca_file"), untrusted.getMessage());
      RegistryException noPlatform =
          assertThrows(
              RegistryException.class,
              () ->
                  puller(
                          Map.of(
                              "configs",
                              Map.of(
                                  registry.host(),
                                  Map.of("auth", auth, "tls", Map.of("ca_file", ca(registry))))))
                      .pull(image, "s390x", tmp.resolve("s390x")));
      assertTrue(
          noPlatform.getMessage().contains("no linux/s390x image")
              && noPlatform.getMessage().contains("linux/amd64, linux/arm64"),
          noPlatform.getMessage());
    }
  }
}
