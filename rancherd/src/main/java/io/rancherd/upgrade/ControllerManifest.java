package io.rancherd.upgrade;

import io.rancherd.download.Fetcher;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.upgrade.UpgradeChanges.Write;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The system-upgrade-controller's manifest, as the user gives it: a URL (such as the controller's
 * release asset {@code
 * https://github.com/rancher/system-upgrade-controller/releases/latest/download/system-upgrade-controller.yaml},
 * which the k3s and RKE2 docs apply), a local file, or {@link #AIRGAP_FILE} in {@code
 * airgapArtifactsDir}. It must hold the controller's Deployment ({@code system-upgrade-controller}
 * in {@code system-upgrade}); rancherd writes it into the runtime's manifests directory, whose
 * deploy controller applies it as {@code kubectl apply} would.
 *
 * @param source where it came from, for messages
 * @param text the manifest
 */
record ControllerManifest(String source, String text) {

  static final String DEPLOYMENT = "system-upgrade-controller";
  static final String AIRGAP_FILE = "system-upgrade-controller.yaml";

  /**
   * The Plan CRD, which newer controller releases ship as a separate release asset {@code crd.yaml}
   * beside {@link #AIRGAP_FILE}; taken from {@code airgapArtifactsDir} too when it is there.
   */
  static final String AIRGAP_CRD_FILE = "crd.yaml";

  static final String CRD_URL =
      "https://github.com/rancher/system-upgrade-controller/releases/latest/download/crd.yaml";
  static final String DOCS_URL =
      "https://github.com/rancher/system-upgrade-controller/releases/latest/download/system-upgrade-controller.yaml";
  private static final long MAX_BYTES = 4L * 1024 * 1024;

  /**
   * The controller's manifest to write at {@code path}, when the controller is neither deployed nor
   * written there: from the manifests {@code given}, else from {@code airgapArtifactsDir}; refused,
   * with the fix, when there is none.
   */
  static Optional<Write> toInstall(
      Root root,
      String path,
      List<String> given,
      ClusterView cluster,
      OkHttpClient downloads,
      ClusterUpgrade.AirgapDir airgap)
      throws RancherdException {
    if (Files.isRegularFile(root.path(path)) || cluster.controllerDeployed()) {
      return Optional.empty();
    }
    List<ControllerManifest> manifests = new ArrayList<>();
    for (String each : given) {
      manifests.add(load(each, downloads));
    }
    if (manifests.isEmpty()) {
      Optional<String> dir = airgap.get();
      if (dir.isPresent()) {
        String base = dir.get().replaceAll("/+$", "") + "/";
        String file = base + AIRGAP_FILE;
        if (Files.isRegularFile(root.path(file))) {
          String crd = base + AIRGAP_CRD_FILE;
          if (Files.isRegularFile(root.path(crd))) {
            manifests.add(new ControllerManifest(crd, readText(root.path(crd), crd)));
          }
          manifests.add(readFile(root.path(file), file));
        }
      }
    }
    if (manifests.isEmpty()) {
      throw new InvalidInputException(
          "upgrade --kubernetes-version: the system-upgrade-controller is not in the cluster (no"
              + " deployment "
              + UpgradePlans.NAMESPACE
              + "/"
              + DEPLOYMENT
              + ") and no manifest to install it from"
              + RancherdException.FIX
              + "give --controller-manifest with its release manifest ("
              + DOCS_URL
              + ", and --controller-manifest "
              + CRD_URL
              + " for releases that ship the Plan CRD apart) as URLs or files, or put "
              + AIRGAP_FILE
              + " (and "
              + AIRGAP_CRD_FILE
              + ") in airgapArtifactsDir");
    }
    requireController(manifests);
    StringBuilder text = new StringBuilder();
    for (ControllerManifest manifest : manifests) {
      text.append(text.length() == 0 ? "" : "---\n").append(manifest.text().strip()).append('\n');
    }
    return Optional.of(
        new Write(
            path,
            text.toString(),
            "installs the system-upgrade-controller from "
                + String.join(", ", manifests.stream().map(ControllerManifest::source).toList())));
  }

  /** Reads {@code given}: an http(s) URL, else a file path (read as given). */
  static ControllerManifest load(String given, OkHttpClient client) throws RancherdException {
    if (given.startsWith("http://") || given.startsWith("https://")) {
      HttpUrl url = HttpUrl.parse(given);
      if (url == null) {
        throw new InvalidInputException(
            "--controller-manifest "
                + given.replaceFirst("//[^/@]*@", "//")
                + " is not a valid URL");
      }
      // never the URL's user info (a token in https://user:token@host/...) in a message
      HttpUrl shown = url.newBuilder().username("").password("").build();
      Fetcher.Attempt attempt =
          new Fetcher.Attempt(
              "downloading the system-upgrade-controller manifest " + shown,
              "download it elsewhere and give it as a file (--controller-manifest FILE), or put it"
                  + " in airgapArtifactsDir as "
                  + AIRGAP_FILE);
      Fetcher.Answer answer =
          new Fetcher(client).get(url, Fetcher.Redirects.HTTPS_ONLY, MAX_BYTES, attempt);
      if (answer.code() < 200 || answer.code() >= 300) {
        throw attempt.badAnswer("answered " + answer.status(shown));
      }
      return checked(shown.toString(), new String(answer.body(), StandardCharsets.UTF_8));
    }
    Path file = Path.of(given);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "--controller-manifest "
              + given
              + ": no such file"
              + RancherdException.FIX
              + "give the path of system-upgrade-controller.yaml, or its URL");
    }
    return readFile(file, given);
  }

  /** Reads the file {@code file}, named {@code shown} in messages. */
  static ControllerManifest readFile(Path file, String shown) throws RancherdException {
    return checked(shown, readText(file, shown));
  }

  private static String readText(Path file, String shown) throws RancherdException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UnexpectedStateException("reading " + shown + ": " + e.getMessage());
    }
  }

  private static ControllerManifest checked(String source, String text)
      throws InvalidInputException {
    documents(source, text);
    return new ControllerManifest(source, text);
  }

  private static List<Object> documents(String source, String text) throws InvalidInputException {
    try {
      return ManifestFiles.documents(text, source);
    } catch (UnexpectedStateException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  /** Whether this manifest holds the controller's Deployment. */
  boolean hasController() throws InvalidInputException {
    return ManifestFiles.find(documents(source, text), "Deployment", DEPLOYMENT)
        .map(d -> d.get("metadata"))
        .flatMap(m -> ManifestFiles.text(m, "namespace"))
        .filter(UpgradePlans.NAMESPACE::equals)
        .isPresent();
  }

  /** Refuses manifests none of which holds the controller's Deployment. */
  static void requireController(List<ControllerManifest> manifests) throws InvalidInputException {
    for (ControllerManifest manifest : manifests) {
      if (manifest.hasController()) {
        return;
      }
    }
    throw new InvalidInputException(
        String.join(", ", manifests.stream().map(ControllerManifest::source).toList())
            + ": no Deployment "
            + DEPLOYMENT
            + " in namespace "
            + UpgradePlans.NAMESPACE
            + " in it"
            + RancherdException.FIX
            + "give the controller's release manifest ("
            + DOCS_URL
            + ")");
  }
}
