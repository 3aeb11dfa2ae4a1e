package io.rancherd.install;

import io.rancherd.download.Fetcher;
import io.rancherd.download.Messages;
import io.rancherd.error.Causes;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Downloads the runtime's install script (docs/runtimes.md §1.1, §1.2) over verified HTTPS only:
 * the URL and every redirect must be https, the body must be a script ({@code #!}) of at most
 * {@link #MAX_BYTES}, and it is written atomically with mode 0700. Nothing is written when any
 * check fails.
 */
final class InstallScripts {

  public static final long MAX_BYTES = 2L * 1024 * 1024;

  private final Fetcher fetcher;

  /** {@code client} from {@link DownloadClient#client}. */
  public InstallScripts(OkHttpClient client) {
    this.fetcher = new Fetcher(client);
  }

  /** The script URL for {@code runtime}, or {@code override} (config {@code installScriptUrl}). */
  public static String url(Runtime runtime, Optional<String> override) {
    return override.map(String::trim).filter(s -> !s.isEmpty()).orElse(runtime.installScriptUrl());
  }

  /**
   * Downloads the install script for {@code runtime} (or from {@code urlOverride}) to {@code
   * destination}.
   *
   * @throws InvalidInputException when the URL is not an https URL
   * @throws DownloadException when the download fails or the answer is not a shell script
   * @throws RancherdException when the file cannot be written
   */
  public DownloadedScript download(Runtime runtime, Optional<String> urlOverride, Path destination)
      throws RancherdException {
    String text = url(runtime, urlOverride);
    HttpUrl url = HttpUrl.parse(text);
    if (url == null || !url.isHttps()) {
      throw new InvalidInputException(
          "installScriptUrl \""
              + text
              + "\" must be an https:// URL: the install"
              + " script runs as root, so rancherd downloads it only over verified TLS");
    }
    Fetcher.Attempt attempt =
        new Fetcher.Attempt(
            "downloading the " + runtime + " install script from " + url,
            "set installScriptUrl to a reachable https mirror, or install from airgapArtifactsDir");
    Fetcher.Answer answer = fetcher.get(url, Fetcher.Redirects.HTTPS_ONLY, MAX_BYTES, attempt);
    if (answer.code() < 200 || answer.code() >= 300) {
      throw attempt.badAnswer(
          "answered "
              + answer.status(url)
              + (answer.code() == 404 ? "; check installScriptUrl" : ""));
    }
    byte[] body = answer.body();
    if (body.length < 2 || body[0] != '#' || body[1] != '!') {
      String start =
          body.length == 0
              ? "with an empty body"
              : "something that is not a shell script (starts with '"
                  + Messages.firstWord(body)
                  + "')";
      String from = answer.url().equals(url) ? "" : " (after a redirect to " + answer.url() + ")";
      throw attempt.badAnswer(
          "the server answered " + start + from + ": a captive portal or proxy error page?");
    }
    try {
      AtomicFiles.write(destination, body, "rwx------", AtomicFiles.PRIVATE_DIR);
    } catch (IOException e) {
      throw new RancherdException(
          "writing the "
              + runtime
              + " install script to "
              + destination
              + ": "
              + Causes.describe(e),
          e);
    }
    return new DownloadedScript(answer.url().toString(), destination, body.length, sha256(body));
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
