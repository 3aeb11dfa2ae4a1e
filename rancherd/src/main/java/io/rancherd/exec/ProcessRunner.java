package io.rancherd.exec;

import java.io.IOException;

/** Runs external processes; the seam that tests replace. */
public interface ProcessRunner {

  ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException;
}
