package io.rancherd.channel;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version ({@code 2.8.5}, {@code v2.9.0-rc1}, {@code 2.8.5+build.1}) ordered by SemVer
 * 2.0 precedence: major, minor and patch numerically; a pre-release sorts before its release;
 * pre-release identifiers compare numerically when both are numbers, otherwise as text, numbers
 * first; build metadata is ignored. Numbers of any length compare without overflow.
 *
 * <p>One deliberate difference from strict SemVer: identifiers that are letters followed by a
 * number ({@code rc2}, {@code rc10}, {@code alpha9}) compare by the letters, then by the number, so
 * {@code rc10} comes after {@code rc2} as people read it (strict SemVer compares them as text).
 */
record SemanticVersion(
    String text, String major, String minor, String patch, List<String> preRelease)
    implements Comparable<SemanticVersion> {

  private static final Pattern FORMAT =
      Pattern.compile(
          "v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

  private static final Pattern NUMBERED = Pattern.compile("([A-Za-z-]+)(\\d+)");

  static Optional<SemanticVersion> parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
    return Optional.of(new SemanticVersion(text.trim(), m.group(1), m.group(2), m.group(3), pre));
  }

  boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /** The text without a leading {@code v}: how Helm charts write versions. */
  String withoutV() {
    return text.startsWith("v") ? text.substring(1) : text;
  }

  @Override
  public int compareTo(SemanticVersion other) {
    int c = compareNumbers(major, other.major);
    if (c == 0) {
      c = compareNumbers(minor, other.minor);
    }
    if (c == 0) {
      c = compareNumbers(patch, other.patch);
    }
    if (c == 0) {
      c = comparePreRelease(preRelease, other.preRelease);
    }
    return c;
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      boolean xNumber = x.chars().allMatch(Character::isDigit);
      boolean yNumber = y.chars().allMatch(Character::isDigit);
      int c;
      if (xNumber && yNumber) {
        c = compareNumbers(x, y);
      } else if (xNumber != yNumber) {
        c = xNumber ? -1 : 1;
      } else {
        c = compareText(x, y);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareText(String a, String b) {
    Matcher x = NUMBERED.matcher(a);
    Matcher y = NUMBERED.matcher(b);
    if (x.matches() && y.matches() && x.group(1).equals(y.group(1))) {
      return compareNumbers(x.group(2), y.group(2));
    }
    return a.compareTo(b);
  }

  private static int compareNumbers(String a, String b) {
    String x = a.replaceFirst("^0+(?=.)", "");
    String y = b.replaceFirst("^0+(?=.)", "");
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
  }
}
