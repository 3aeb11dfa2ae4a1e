package io.rancherd.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command of a test to its end (or its time limit) and gives back its exit code and output.
 */
public final class Commands {

  /**
   * Environment variables that make the JVM print notes on stderr or change rancherd's launcher.
   */
  public static final List<String> NOISY_ENV =
      List.of("RANCHERD_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

  /**
   * What a command gave; {@code timedOut} when it was killed at its time limit (exit code -1 then).
   */
  public record Output(int exitCode, String stdout, String stderr, boolean timedOut) {}

  private Commands() {}

  /**
   * Runs {@code command} in {@code workDir} (the current one when null) with {@code env} added and
   * the noisy variables removed, stdin closed; kills it and its descendants after {@code timeout}.
   */
  public static Output run(
      List<String> command, Path workDir, Map<String, String> env, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    NOISY_ENV.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        process.waitFor(5, TimeUnit.SECONDS);
        return new Output(
            -1, stdout.get(30, TimeUnit.SECONDS), stderr.get(30, TimeUnit.SECONDS), true);
      }
      return new Output(
          process.exitValue(),
          stdout.get(30, TimeUnit.SECONDS),
          stderr.get(30, TimeUnit.SECONDS),
          false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    } finally {
      if (process.isAlive()) {
        kill(process);
      }
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
