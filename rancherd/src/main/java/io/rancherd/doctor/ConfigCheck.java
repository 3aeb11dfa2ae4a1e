package io.rancherd.doctor;

import io.rancherd.config.ConfigSource;
import io.rancherd.config.ConfigSources;
import io.rancherd.config.LoadedConfig;
import java.util.List;
import java.util.stream.Collectors;

/** The config sources that exist, and whether they parse and validate. */
final class ConfigCheck implements Check {

  static final String NAME = "config";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    if (context.configError().isPresent()) {
      return Finding.fail(
          NAME,
          "cannot load the config: " + context.configError().get().getMessage(),
          "correct that file, then run rancherd doctor again");
    }
    LoadedConfig loaded = context.config().orElseThrow();
    List<ConfigSource> present =
        loaded.sources().stream().filter(s -> s.state() != ConfigSource.State.MISSING).toList();
    if (present.isEmpty()) {
      return Finding.warn(
          NAME,
          "no config source found: rancherd has nothing to do on this node",
          "write rancherd's settings to "
              + ConfigSources.MAIN_FILE
              + ", or to cloud-config user-data under rancherd:");
    }
    String parsed =
        present.size()
            + (present.size() == 1 ? " source" : " sources")
            + " parsed: "
            + describe(present);
    List<String> warnings = loaded.warnings();
    if (!warnings.isEmpty()) {
      return Finding.warn(
          NAME,
          parsed
              + "; "
              + warnings.size()
              + (warnings.size() == 1 ? " warning: " : " warnings: ")
              + String.join(Finding.LINE_JOIN, warnings),
          "correct what each warning names, then run rancherd doctor again");
    }
    return Finding.pass(NAME, parsed);
  }

  private static String describe(List<ConfigSource> sources) {
    return sources.stream()
        .map(
            s ->
                s.state() == ConfigSource.State.LOADED || s.detail().isEmpty()
                    ? s.path().toString()
                    : s.path() + " (" + s.detail() + ")")
        .collect(Collectors.joining(", "));
  }
}
