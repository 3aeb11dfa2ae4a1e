package io.rancherd.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h}/{@code --help} on every subcommand, the hidden ones included (the plan's steps are run
 * by hand when a bootstrap is debugged). The root command has picocli's standard help and version
 * options instead.
 */
final class HelpOption {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
