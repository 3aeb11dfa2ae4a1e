package io.rancherd.doctor;

import java.util.List;

/**
 * One check of {@code rancherd doctor}. A check reads (the machine, the network) and changes
 * nothing; it sends no credential to a server it has not verified. It turns every problem it finds
 * into its finding instead of throwing.
 */
interface Check {

  /** The name shown on its line: {@code tcp}, {@code clock}. */
  String name();

  /**
   * Runs the check.
   *
   * @param earlier the findings of the checks before this one, and what they learned
   */
  Finding run(DoctorContext context, Findings earlier) throws InterruptedException;

  /**
   * Runs the check when it may find several things (one finding per image, say); by default its one
   * finding.
   */
  default List<Finding> runAll(DoctorContext context, Findings earlier)
      throws InterruptedException {
    return List.of(run(context, earlier));
  }
}
