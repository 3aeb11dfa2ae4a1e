package io.rancherd.service;

import io.rancherd.error.RancherdException;

/**
 * Starts the runtime's service and reports on it. In production this is systemd; on hosts without a
 * service manager (containers, tests) the {@link DirectServiceManager} runs the unit's {@code
 * ExecStart} itself.
 */
public interface ServiceManager {

  /**
   * Enables {@code unit} (a name such as {@code k3s} or {@code rke2-server}) and starts it unless
   * it runs already; returns without waiting for the service to be ready (the plan's probes do
   * that).
   */
  void enableAndStart(String unit) throws RancherdException, InterruptedException;

  /**
   * Stops {@code unit} and disables it, when it is installed; nothing when it does not run. Waits
   * until it has stopped.
   */
  void stop(String unit) throws RancherdException, InterruptedException;

  /** Whether the service runs now. */
  boolean isActive(String unit) throws RancherdException, InterruptedException;

  /**
   * Whether {@code unit} is installed and runs, with the last lines of its log; reads only. A
   * service manager that cannot be asked gives {@link ServiceStatus.State#UNKNOWN}.
   */
  ServiceStatus status(String unit) throws InterruptedException;

  /**
   * Whether an enabled service starts again when the machine boots (systemd), so that a started
   * service stays started; the direct manager's services do not.
   */
  boolean restartsAtBoot();

  /** The name shown in logs and --help ("systemd", "direct"). */
  String name();
}
