package io.rancherd.config;

import io.rancherd.error.InvalidInputException;

/**
 * A configuration problem: names the file and line, the key path, and what was expected and found.
 */
public class ConfigException extends InvalidInputException {

  private final Location location;
  private final String keyPath;
  private final String problem;

  public ConfigException(Location location, String keyPath, String problem) {
    super(format(location, keyPath, problem));
    this.location = location;
    this.keyPath = keyPath;
    this.problem = problem;
  }

  private static String format(Location location, String keyPath, String problem) {
    StringBuilder sb = new StringBuilder();
    if (location != null && location != Location.NONE) {
      sb.append(location).append(": ");
    }
    if (keyPath != null && !keyPath.isEmpty()) {
      sb.append(keyPath).append(": ");
    }
    return sb.append(problem).toString();
  }

  public Location location() {
    return location;
  }

  public String keyPath() {
    return keyPath;
  }

  public String problem() {
    return problem;
  }
}
