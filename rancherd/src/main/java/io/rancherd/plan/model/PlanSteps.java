package io.rancherd.plan.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps a plan is applied in, by name: {@value #FILES}, which writes the plan's files, then one
 * step per instruction, named after it ({@code <name>-<n>} when a name comes again). The executor
 * runs them in this order and its journal records them under these names.
 */
public final class PlanSteps {

  /** The step that writes the plan's files. */
  public static final String FILES = "files";

  private PlanSteps() {}

  public static List<String> names(Plan plan) {
    List<String> names = new ArrayList<>();
    names.add(FILES);
    for (PlanInstruction instruction : plan.instructions()) {
      String name = instruction.name();
      names.add(names.contains(name) ? name + "-" + names.size() : name);
    }
    return names;
  }
}
