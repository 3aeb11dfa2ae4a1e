package io.rancherd.config;

/** Where a configuration value was written: a file and a 1-based line number. */
public record Location(String file, int line) {

  /** A location for values that come from no file (defaults). */
  public static final Location NONE = new Location("", 0);

  @Override
  public String toString() {
    if (file.isEmpty()) {
      return "(default)";
    }
    return line > 0 ? file + ":" + line : file;
  }
}
