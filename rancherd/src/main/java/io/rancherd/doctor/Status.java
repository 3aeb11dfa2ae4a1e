package io.rancherd.doctor;

/** The outcome of one check. */
enum Status {
  /** The check found nothing wrong. */
  PASS,
  /** Something may go wrong; bootstrap can still work. */
  WARN,
  /** This stops bootstrap or the cluster from working; the finding says how to fix it. */
  FAIL,
  /** The check does not apply now; the finding says why. */
  SKIP
}
