package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {

  @Test
  void mirrorsAreTriedInOrder_thenTheDefaultEndpoint_withRewritesOnlyOnMirrors()
      throws InvalidInputException {
    Registries registries =
        Registries.from(
            Map.of(
                "mirrors",
                Map.of(
                    "docker.io",
                    Map.of(
                        "endpoint",
                        List.of("mirror.local:5000", "https://second.local/v2/"),
                        "rewrite",
                        Map.of("^rancher/(.*)", "mirrored/rancher/$1"))),
                "configs",
                Map.of(
                    "mirror.local:5000",
                    Map.of("auth", Map.of("username", "u", "password", "p")))));

    List<Endpoint> endpoints = Endpoint.forImage(ImageReference.parse("rancher/x:v1"), registries);

    assertEquals(3, endpoints.size());
    assertEquals("https://mirror.local:5000/v2", endpoints.get(0).base().toString());
    assertEquals("mirrored/rancher/x", endpoints.get(0).image().repository());
    assertTrue(endpoints.get(0).config().hasCredentials());
    assertEquals("https://second.local/v2", endpoints.get(1).base().toString());
    assertEquals("https://registry-1.docker.io/v2", endpoints.get(2).base().toString());
    assertEquals("rancher/x", endpoints.get(2).image().repository());
  }

  @Test
  void theWildcardMirror_servesRegistriesWithoutTheirOwnEntry() throws InvalidInputException {
    Registries registries =
        Registries.from(
            Map.of("mirrors", Map.of("*", Map.of("endpoint", List.of("localhost:5000")))));

    List<Endpoint> endpoints = Endpoint.forImage(ImageReference.parse("quay.io/a/b"), registries);

    assertEquals("http://localhost:5000/v2", endpoints.get(0).base().toString());
    assertEquals("https://quay.io/v2", endpoints.get(1).base().toString());
  }

  @Test
  void wrongShapes_nameTheKey() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Registries.from(
                    Map.of("configs", Map.of("r", Map.of("tls", Map.of("cert_file", "/c"))))));
    assertEquals(
        "config key registries.configs.r.tls: expected cert_file and key_file both, or neither",
        e.getMessage());
  }

  @Test
  void anAuthValueThatIsNotBase64UserPassword_isRefusedNamingTheKey() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Registries.from(
                    Map.of("configs", Map.of("r", Map.of("auth", Map.of("auth", "%%%"))))));
    assertEquals(
        "config key registries.configs.r.auth.auth: expected base64 of user:password",
        e.getMessage());
  }
}
