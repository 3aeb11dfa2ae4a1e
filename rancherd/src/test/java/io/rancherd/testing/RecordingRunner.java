package io.rancherd.testing;

import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.ProcessSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Records every process it is asked to run and answers from a script (default: success). */
public final class RecordingRunner implements ProcessRunner {
  public final List<ProcessSpec> ran = new ArrayList<>();
  public final Deque<ProcessResult> answers = new ArrayDeque<>();

  @Override
  public ProcessResult run(ProcessSpec spec) {
    ran.add(spec);
    return answers.isEmpty() ? new ProcessResult(0, false, List.of()) : answers.removeFirst();
  }

  public List<String> names() {
    return ran.stream().map(ProcessSpec::logPrefix).toList();
  }
}
