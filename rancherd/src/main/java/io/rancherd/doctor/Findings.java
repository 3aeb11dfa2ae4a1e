package io.rancherd.doctor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The findings of the checks run so far, in order, and the facts they learned: what a check reads
 * when it depends on an earlier one (tls runs only when tcp passed; token only when ca passed).
 */
final class Findings {

  private final List<Finding> all = new ArrayList<>();
  private final Map<Fact<?>, Object> facts = new HashMap<>();

  /** A copy that later findings can be added to without changing this one. */
  Findings copy() {
    Findings copy = new Findings();
    copy.all.addAll(all);
    copy.facts.putAll(facts);
    return copy;
  }

  void add(Finding finding) {
    all.add(finding);
  }

  public List<Finding> all() {
    return List.copyOf(all);
  }

  /** The finding of the check named {@code check}, if it ran. */
  public Optional<Finding> of(String check) {
    return all.stream().filter(f -> f.check().equals(check)).findFirst();
  }

  /** Whether the check named {@code check} ran and passed, possibly with a warning. */
  public boolean ok(String check) {
    return of(check).map(f -> f.status() == Status.PASS || f.status() == Status.WARN).orElse(false);
  }

  /** Records what a check learned for the checks after it. */
  public <T> void learn(Fact<T> fact, T value) {
    facts.put(fact, value);
  }

  /** What an earlier check learned, if it did. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> fact(Fact<T> fact) {
    return Optional.ofNullable((T) facts.get(fact));
  }
}
