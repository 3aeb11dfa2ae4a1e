package io.rancherd.instruction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageInstructionTest {

  @Test
  void theProgramGetsTheWorkDirAsExecutionPwd_andAtTheEndOfPath() {
    Map<String, String> env =
        ImageInstruction.environment(
            Map.of("PATH", "/usr/bin:/bin", "GREETING", "hi"), Path.of("/data/work"));

    assertEquals("/data/work", env.get("CATTLE_AGENT_EXECUTION_PWD"));
    assertEquals("/usr/bin:/bin:/data/work", env.get("PATH"));
    assertEquals("hi", env.get("GREETING"));
  }

  @Test
  void withoutPath_theWorkDirIsThePath() {
    assertEquals("/w", ImageInstruction.environment(Map.of(), Path.of("/w")).get("PATH"));
  }
}
