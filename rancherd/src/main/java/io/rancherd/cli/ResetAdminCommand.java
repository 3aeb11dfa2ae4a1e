package io.rancherd.cli;

import io.rancherd.admin.AdminPassword;
import io.rancherd.admin.AdminReset;
import io.rancherd.bootstrap.Settings;
import io.rancherd.error.RancherdException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "reset-admin",
    header = "Set a new password for Rancher's default admin",
    description =
        "On a bootstrapped server node whose cluster runs Rancher, give Rancher's default admin"
            + " (user admin) a new password, or create that admin if Rancher has not, through the"
            + " runtime's admin kubeconfig. Prints Rancher's URL and the user name; without"
            + " --password-file it generates a password, prints it once (on stdout only) and"
            + " Rancher asks for a new one at the first login. Exits 3 on an agent, before the"
            + " bootstrap finished, or when the cluster has no Rancher.")
final class ResetAdminCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ResetAdminCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "Read the new password from FILE (one line; a trailing newline is dropped; at least 12"
              + " characters) instead of generating one.")
  Path passwordFile;

  @Override
  public Integer call() throws RancherdException {
    Settings settings = parent.global.settings(Optional.empty());
    SecureRandom random = new SecureRandom();
    AdminPassword password =
        passwordFile == null
            ? AdminPassword.generate(random)
            : AdminPassword.fromFile(passwordFile);
    AdminReset.Outcome outcome = new AdminReset(settings.state(), random).run(password);
    LOG.info(
        "Rancher's default admin {} ({}): {}{}",
        outcome.admin().created() ? "created" : "has a new password",
        outcome.admin().userName(),
        password.generated() ? "generated password" : "password from " + passwordFile,
        outcome.admin().mustChangePassword() ? ", to be changed at the first login" : "");
    if (outcome.rancherUrl().isEmpty()) {
      LOG.warn(
          "Rancher's URL is unknown: its server-url setting is empty and its deployment has no"
              + " hostPort; reach Rancher as your ingress or load balancer exposes it");
    }
    PrintWriter out = spec.commandLine().getOut();
    outcome.rancherUrl().ifPresent(url -> out.println("Rancher URL: " + url));
    out.println("Username:    " + outcome.admin().username());
    if (password.generated()) {
      out.println("Password:    " + password.value().reveal());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
