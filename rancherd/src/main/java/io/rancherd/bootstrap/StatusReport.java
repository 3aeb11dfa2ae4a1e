package io.rancherd.bootstrap;

import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the bootstrap of this node stands, as lines for people: stamps and the recorded plan. */
public final class StatusReport {

  private StatusReport() {}

  public static List<String> lines(Settings settings) {
    List<String> lines = new ArrayList<>();
    Stamps stamps = new Stamps(settings.dataPath());
    lines.add("data dir:     " + settings.dataDir());
    lines.add("bootstrapped: " + stampLine(stamps, Stamps.BOOTSTRAPPED));
    lines.add("working:      " + stampLine(stamps, Stamps.WORKING));
    Path planFile = settings.root().path(settings.planSettings().planFile());
    lines.add("plan:         " + planLine(planFile, settings.planSettings().planFile()));
    return lines;
  }

  private static String stampLine(Stamps stamps, String stamp) {
    Optional<Map<String, Object>> fields = stamps.read(stamp);
    if (fields.isEmpty()) {
      return "no";
    }
    Map<String, Object> f = fields.get();
    return "yes, " + f.getOrDefault("time", "?") + " (role " + f.getOrDefault("role", "?") + ", runtime "
        + f.getOrDefault("runtime", "?") + ", plan " + f.getOrDefault("planChecksum", "?") + ")";
  }

  private static String planLine(Path file, String shown) {
    if (!Files.isRegularFile(file)) {
      return "none written yet";
    }
    try {
      Plan plan = PlanJson.read(Files.readAllBytes(file));
      return shown + " (" + plan.files().size() + " files, " + plan.instructions().size() + " instructions, "
          + plan.probes().size() + " probes)";
    } catch (IOException e) {
      return shown + " (unreadable: " + e.getMessage() + ")";
    }
  }
}
