package io.rancherd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version and the git commit rancherd was built from (filled in by the build). */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }

  /** {@code rancherd <version> (commit <commit>)}. */
  public static String line() {
    Properties p = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/io/rancherd/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    String version = known(p.getProperty("version"));
    String commit = known(p.getProperty("commit"));
    if ("true".equals(p.getProperty("dirty")) && !commit.equals("unknown")) {
      commit += "-dirty";
    }
    return "rancherd " + version + " (commit " + commit + ")";
  }

  private static String known(String value) {
    return value == null || value.isEmpty() || value.startsWith("${") ? "unknown" : value;
  }
}
