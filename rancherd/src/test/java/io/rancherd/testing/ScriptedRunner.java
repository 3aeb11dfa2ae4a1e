package io.rancherd.testing;

import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.ProcessSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers each command (argv[0]) with its scripted result and records the argv. */
public final class ScriptedRunner implements ProcessRunner {
  public final Map<String, ProcessResult> answers = new LinkedHashMap<>();
  public final List<List<String>> calls = new ArrayList<>();

  @Override
  public ProcessResult run(ProcessSpec spec) throws IOException {
    calls.add(spec.argv());
    ProcessResult answer = answers.get(spec.argv().get(0));
    if (answer == null) {
      throw new IOException(
          "Cannot run program \"" + spec.argv().get(0) + "\": error=2, No such file or directory");
    }
    return answer;
  }
}
