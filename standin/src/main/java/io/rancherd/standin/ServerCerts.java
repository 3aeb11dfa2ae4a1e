package io.rancherd.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The server's {@code server/tls} directory (runtimes.md §5): the CAs and client certificates are
 * created once and reused on restart; the serving certificate is made again at every start so that
 * it always carries the current {@code tls-san} values.
 */
record ServerCerts(
    Path dir,
    Pki.Issued serverCa,
    Pki.Issued clientCa,
    Pki.Issued admin,
    Pki.Issued apiserver,
    Pki.Issued serving) {

  static ServerCerts loadOrCreate(Program program, Path tlsDir, List<String> tlsSans) {
    long now = Instant.now().getEpochSecond();
    Pki.Issued serverCa =
        loadOrCreate(tlsDir, "server-ca", () -> Pki.newCa(program.id() + "-server-ca@" + now));
    Pki.Issued clientCa =
        loadOrCreate(tlsDir, "client-ca", () -> Pki.newCa(program.id() + "-client-ca@" + now));
    Pki.Issued admin =
        loadOrCreate(
            tlsDir, "client-admin", () -> Pki.client(clientCa, "system:admin", "system:masters"));
    Pki.Issued apiserver =
        loadOrCreate(
            tlsDir,
            "client-kube-apiserver",
            () -> Pki.client(clientCa, "system:apiserver", "system:masters"));
    Pki.Issued serving = servingCertificate(serverCa, tlsSans);
    store(tlsDir, "serving-kube-apiserver", serving);
    return new ServerCerts(tlsDir, serverCa, clientCa, admin, apiserver, serving);
  }

  /**
   * The exact bytes of {@code server-ca.crt}: what {@code /cacerts} serves and the token hashes.
   */
  byte[] serverCaBytes() {
    try {
      return Files.readAllBytes(dir.resolve("server-ca.crt"));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + dir.resolve("server-ca.crt"), e);
    }
  }

  private static Pki.Issued servingCertificate(Pki.Issued serverCa, List<String> tlsSans) {
    Set<String> dns =
        new LinkedHashSet<>(
            List.of(
                "localhost",
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local"));
    Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
    for (String san : tlsSans) {
      (isIpAddress(san) ? ips : dns).add(san);
    }
    return Pki.server(serverCa, "kube-apiserver", new ArrayList<>(dns), new ArrayList<>(ips));
  }

  private static boolean isIpAddress(String value) {
    return value.matches("[0-9.]+") || value.contains(":");
  }

  private static Pki.Issued loadOrCreate(Path dir, String name, Supplier<Pki.Issued> create) {
    Path cert = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
      return new Pki.Issued(
          Pki.parseCertificate(SecureFiles.read(cert)), Pki.parsePrivateKey(SecureFiles.read(key)));
    }
    Pki.Issued issued = create.get();
    store(dir, name, issued);
    Log.info("wrote " + cert + " and " + key.getFileName());
    return issued;
  }

  private static void store(Path dir, String name, Pki.Issued issued) {
    SecureFiles.write(dir.resolve(name + ".key"), issued.keyPem(), SecureFiles.PRIVATE);
    SecureFiles.write(dir.resolve(name + ".crt"), issued.certificatePem(), SecureFiles.PUBLIC);
  }
}
