package io.rancherd.doctor;

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
}
