package io.rancherd.channel;

import io.rancherd.download.DownloadException;
import io.rancherd.download.Fetcher;
import io.rancherd.download.Messages;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.runtime.KubernetesVersion;
import io.rancherd.runtime.Runtime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Turns a {@code kubernetesVersion} into an exact version, as rancherd does (docs/runtimes.md
 * §7.1): exact versions are returned as written; a channel name ({@code stable}, {@code
 * stable:rke2}) or a channel URL is asked for its release with a GET that does not follow the
 * redirect, and the version is the last path segment of the {@code Location}. Answers are kept for
 * the life of the resolver, so one run asks each channel once.
 */
public final class ChannelResolver {

  private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern VERSION =
      Pattern.compile("v\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]*)?");

  private final Fetcher fetcher;
  private final Map<HttpUrl, String> resolved = new ConcurrentHashMap<>();

  /** {@code client} from {@link DownloadClient#client}. */
  public ChannelResolver(OkHttpClient client) {
    this.fetcher = new Fetcher(client);
  }

  /**
   * The exact Kubernetes version for {@code kubernetesVersion} (empty or null means {@code stable}
   * k3s).
   *
   * @throws InvalidInputException when the input is neither a version, a channel name nor a URL
   * @throws DownloadException when the channel server cannot be asked or answers unusably
   */
  public String resolve(String kubernetesVersion) throws RancherdException {
    String input = kubernetesVersion == null ? "" : kubernetesVersion.trim();
    Optional<HttpUrl> channel = channelUrl(input);
    if (channel.isEmpty()) {
      return withoutRuntimeSuffix(input);
    }
    String cached = resolved.get(channel.get());
    if (cached != null) {
      return cached;
    }
    String version =
        ask(input.isEmpty() ? KubernetesVersion.DEFAULT_CHANNEL : input, channel.get());
    resolved.put(channel.get(), version);
    return version;
  }

  /**
   * The channel URL to ask for {@code input}, or empty when {@code input} is an exact version to
   * use as written.
   */
  static Optional<HttpUrl> channelUrl(String input) throws InvalidInputException {
    if (input.startsWith("http://") || input.startsWith("https://")) {
      HttpUrl url = HttpUrl.parse(input);
      if (url == null) {
        throw new InvalidInputException(
            "kubernetesVersion \"" + input + "\" is not a valid channel URL");
      }
      return Optional.of(url);
    }
    String value = withoutRuntimeSuffix(input);
    if (value.isEmpty()) {
      value = KubernetesVersion.DEFAULT_CHANNEL;
    }
    if (KubernetesVersion.parse(value).exact()) {
      return Optional.empty();
    }
    if (!CHANNEL_NAME.matcher(value).matches()) {
      throw new InvalidInputException(
          "kubernetesVersion \""
              + input
              + "\" is neither an exact version such as"
              + " v1.30.2+k3s1 nor a channel such as stable, latest, v1.30 or stable:rke2");
    }
    return Optional.of(
        HttpUrl.get(Runtime.bySuffix(input).orElse(Runtime.DEFAULT).channelServer() + value));
  }

  /** The version named by a redirect's {@code Location}: its last path segment, percent-decoded. */
  static Optional<String> versionFromLocation(HttpUrl requested, String location) {
    HttpUrl target = location == null ? null : requested.resolve(location.trim());
    if (target == null) {
      return Optional.empty();
    }
    List<String> segments = target.pathSegments();
    for (int i = segments.size() - 1; i >= 0; i--) {
      if (!segments.get(i).isEmpty()) {
        return Optional.of(segments.get(i));
      }
    }
    return Optional.empty();
  }

  static boolean looksLikeVersion(String segment) {
    return VERSION.matcher(segment).matches();
  }

  private String ask(String input, HttpUrl channel) throws DownloadException {
    Runtime runtime = Runtime.bySuffix(input).orElseGet(() -> Runtime.forVersion(channel.host()));
    String example = runtime.exampleVersion();
    String action =
        input.equals(channel.toString()) || input.startsWith("http")
            ? "resolving the kubernetesVersion channel " + channel
            : "resolving kubernetesVersion \"" + input + "\" through " + channel;
    Fetcher.Attempt attempt =
        new Fetcher.Attempt(
            action,
            "set kubernetesVersion to an exact version such as "
                + example
                + ", or install from airgapArtifactsDir");
    Fetcher.Answer answer = fetcher.get(channel, Fetcher.Redirects.NONE, 0, attempt);
    int code = answer.code();
    if (code == 404) {
      String name = channel.pathSegments().get(channel.pathSize() - 1);
      throw attempt.badAnswer(
          "answered 404: no channel named \""
              + name
              + "\"; channels are stable, latest,"
              + " testing or v1.<minor> (such as v1.30)");
    }
    if (code >= 200 && code < 300) {
      throw attempt.badAnswer(
          "answered "
              + answer.status()
              + " without a redirect to a release;"
              + " is the channel name right?");
    }
    if (code < 300 || code >= 400) {
      throw attempt.badAnswer(
          "answered " + answer.status() + "; try again later, or " + attempt.offlineFix());
    }
    String location = answer.headers().get("Location");
    if (location == null) {
      throw attempt.badAnswer(
          "answered " + answer.status() + " without a Location header; is this a channel server?");
    }
    Optional<String> version = versionFromLocation(channel, location);
    if (version.isEmpty() || !looksLikeVersion(version.get())) {
      throw attempt.badAnswer(
          "redirected to "
              + Messages.quoted(location)
              + ", whose last path segment "
              + Messages.quoted(version.orElse(""))
              + " is not a version such as "
              + example);
    }
    return version.get();
  }

  private static String withoutRuntimeSuffix(String input) {
    return Runtime.bySuffix(input)
        .map(r -> input.substring(0, input.length() - r.suffix().length()))
        .orElse(input);
  }
}
