package io.rancherd.channel;

import io.rancherd.download.DownloadException;
import io.rancherd.download.Fetcher;
import io.rancherd.download.Messages;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns a {@code rancherVersion} into a chart version and repository (docs/rancher-and-join.md
 * §2.1, §2.6 item 5). An exact version ({@code v2.8.5}, {@code 2.9.0-rc1}) is used without asking
 * anyone. A channel ({@code stable}, the default, {@code latest}, {@code alpha}, {@code prime}) is
 * resolved from the repository's {@code index.yaml}: the highest semantic version among the {@code
 * rancher} entries, pre-releases only for {@code alpha}. rancherd took the first entry, which
 * relies on newest-first order.
 */
public final class RancherVersionResolver {

  public static final String DEFAULT_CHANNEL = "stable";
  static final long MAX_INDEX_BYTES = 16L * 1024 * 1024;

  private static final Map<String, String> REPOSITORIES =
      Map.of(
          "stable", "https://releases.rancher.com/server-charts/stable",
          "latest", "https://releases.rancher.com/server-charts/latest",
          "alpha", "https://releases.rancher.com/server-charts/alpha",
          "prime", "https://charts.rancher.com/server-charts/prime");

  private final Fetcher fetcher;

  /** Whether {@code url} is the repository of one of Rancher's channels (not a mirror). */
  public static boolean channelRepository(String url) {
    return REPOSITORIES.containsValue(url == null ? "" : withoutTrailingSlash(url.trim()));
  }

  /** {@code client} from {@link DownloadClient#client}. */
  public RancherVersionResolver(OkHttpClient client) {
    this.fetcher = new Fetcher(client);
  }

  /**
   * The chart for {@code rancherVersion} (empty or null means {@code stable}); {@code
   * repositoryOverride} (config {@code rancherChartRepository}) replaces the channel's repository
   * URL.
   *
   * @throws InvalidInputException when the version or the repository URL is not valid
   * @throws DownloadException when the index cannot be fetched or lists no usable version
   */
  public RancherRelease resolve(String rancherVersion, Optional<String> repositoryOverride)
      throws RancherdException {
    String input =
        rancherVersion == null || rancherVersion.isBlank()
            ? DEFAULT_CHANNEL
            : rancherVersion.trim();
    Optional<String> override =
        repositoryOverride
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(RancherVersionResolver::withoutTrailingSlash);
    Optional<SemanticVersion> exact = SemanticVersion.parse(input);
    if (exact.isPresent()) {
      return new RancherRelease(
          override.orElse(REPOSITORIES.get(DEFAULT_CHANNEL)), exact.get().withoutV());
    }
    String defaultRepository = REPOSITORIES.get(input);
    if (defaultRepository == null) {
      throw new InvalidInputException(
          "rancherVersion \""
              + input
              + "\" is neither an exact version such as"
              + " v2.8.5 nor a channel (stable, latest, alpha, prime)");
    }
    String repository = override.orElse(defaultRepository);
    HttpUrl index = HttpUrl.parse(repository + "/index.yaml");
    if (index == null) {
      throw new InvalidInputException(
          "rancherChartRepository \"" + repository + "\" is not an http(s) URL");
    }
    Fetcher.Attempt attempt =
        new Fetcher.Attempt(
            "resolving rancherVersion \"" + input + "\" through " + index,
            "set rancherVersion to an exact version such as v2.8.5");
    Fetcher.Answer answer =
        fetcher.get(index, Fetcher.Redirects.NO_DOWNGRADE, MAX_INDEX_BYTES, attempt);
    if (answer.code() == 404) {
      throw attempt.badAnswer(
          "answered "
              + answer.status(index)
              + ": there is no Helm repository index there;"
              + (override.isPresent()
                  ? " check rancherChartRepository"
                  : " is the channel right?"));
    }
    if (answer.code() < 200 || answer.code() >= 300) {
      throw attempt.badAnswer(
          "answered " + answer.status(index) + "; try again later, or " + attempt.offlineFix());
    }
    List<String> versions =
        rancherVersions(new String(answer.body(), StandardCharsets.UTF_8), attempt);
    return new RancherRelease(repository, choose(versions, input.equals("alpha"), attempt));
  }

  /** The {@code version} of each {@code entries.rancher[]} item, in index order. */
  static List<String> rancherVersions(String indexYaml, Fetcher.Attempt attempt)
      throws DownloadException {
    Object root;
    try {
      root = newYaml().load(indexYaml);
    } catch (MarkedYAMLException e) {
      String problem = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
      String line =
          e.getProblemMark() != null ? " at line " + (e.getProblemMark().getLine() + 1) : "";
      throw attempt.badAnswer(
          "the answer is not valid YAML ("
              + Messages.oneLine(problem)
              + line
              + "); is this a Helm repository?");
    } catch (YAMLException e) {
      throw attempt.badAnswer(
          "the answer is not valid YAML ("
              + Messages.oneLine(firstLine(e.getMessage()))
              + "); is this a Helm repository?");
    }
    Object entries = root instanceof Map<?, ?> map ? map.get("entries") : null;
    if (!(entries instanceof Map<?, ?> charts)) {
      throw attempt.badAnswer("the answer is not a Helm repository index (no \"entries\" map)");
    }
    Object rancher = charts.get("rancher");
    List<String> versions = new ArrayList<>();
    if (rancher instanceof List<?> items) {
      for (Object item : items) {
        Object version = item instanceof Map<?, ?> chart ? chart.get("version") : null;
        if (version != null) {
          versions.add(String.valueOf(version));
        }
      }
    }
    if (versions.isEmpty()) {
      throw attempt.badAnswer(
          "the index lists no rancher chart versions; is this the Rancher server-charts repository?");
    }
    return versions;
  }

  /** The highest version, skipping pre-releases unless {@code preReleases}. */
  static String choose(List<String> versions, boolean preReleases, Fetcher.Attempt attempt)
      throws DownloadException {
    List<SemanticVersion> parsed =
        versions.stream()
            .map(SemanticVersion::parse)
            .flatMap(Optional::stream)
            .collect(Collectors.toList());
    Optional<SemanticVersion> best =
        parsed.stream()
            .filter(v -> preReleases || !v.isPreRelease())
            .max(Comparator.naturalOrder());
    if (best.isPresent()) {
      return best.get().withoutV();
    }
    if (!parsed.isEmpty()) {
      throw attempt.badAnswer(
          "the index lists only pre-releases of rancher (such as "
              + parsed.get(0).withoutV()
              + "); use the alpha channel or set rancherVersion to an exact version");
    }
    throw attempt.badAnswer(
        "the index lists no rancher version that is a semantic version (such as "
            + Messages.quoted(versions.get(0))
            + "); set rancherVersion to an exact version such as v2.8.5");
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setNestingDepthLimit(64);
    options.setCodePointLimit((int) MAX_INDEX_BYTES);
    return new Yaml(new SafeConstructor(options));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
