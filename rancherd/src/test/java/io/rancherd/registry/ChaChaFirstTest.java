package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class ChaChaFirstTest {

  @Test
  void socketsOfferChaCha20First_withTheSameSuitesOtherwiseInOrder() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    String[] plain;
    try (Socket s = context.getSocketFactory().createSocket()) {
      plain = ((SSLSocket) s).getEnabledCipherSuites();
    }
    String[] ours;
    try (Socket s = new ChaChaFirst(context.getSocketFactory()).createSocket()) {
      ours = ((SSLSocket) s).getEnabledCipherSuites();
    }
    // TLS 1.3 first: the JDK lists its suites before the TLS 1.2 ones
    assertEquals("TLS_CHACHA20_POLY1305_SHA256", ours[0]);
    assertEquals(set(plain), set(ours));
    String[] others =
        Arrays.stream(ours).filter(c -> !c.contains("CHACHA20")).toArray(String[]::new);
    String[] plainOthers =
        Arrays.stream(plain).filter(c -> !c.contains("CHACHA20")).toArray(String[]::new);
    assertEquals(Arrays.asList(plainOthers), Arrays.asList(others));
  }

  private static Set<String> set(String[] suites) {
    return new TreeSet<>(Arrays.asList(suites));
  }
}
