package io.rancherd.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogFormatTest {

  private static final Instant AT = Instant.parse("2026-12-04T07:40:02.123456Z");

  @Test
  void underSystemdEachLineCarriesItsSyslogPriorityForJournald() {
    LogFormat format =
        LogFormat.choose(
            Optional.empty(), Map.of("JOURNAL_STREAM", "8:12345"), Optional.of("8:12345"));

    assertEquals(LogFormat.JOURNAL, format);
    assertEquals("<4>WARN disk is full", format.line(Level.WARN, "disk is full", AT));
    assertEquals("<3>ERROR gave up", format.line(Level.ERROR, "gave up", AT));
    assertEquals("<6>INFO started", format.line(Level.INFO, "started", AT));
    assertEquals("<7>DEBUG detail", format.line(Level.DEBUG, "detail", AT));
  }

  @Test
  void elsewhereEachLineStartsWithAnIsoTime() {
    LogFormat format = LogFormat.choose(Optional.empty(), Map.of(), Optional.of("8:1"));

    assertEquals(LogFormat.TIMESTAMPED, format);
    assertEquals(
        LogFormat.TIMESTAMPED,
        LogFormat.choose(
            Optional.empty(), Map.of("JOURNAL_STREAM", "8:12345"), Optional.of("0:99")),
        "a runcmd that inherited JOURNAL_STREAM from cloud-init's unit writes to cloud-init's"
            + " log, not to the journal");
    assertEquals("2026-12-04T07:40:02.123Z INFO started", format.line(Level.INFO, "started", AT));
  }

  @Test
  void aStepsRancherdIsToldToLogPlainLinesAndThePropertyWins() {
    assertEquals(
        LogFormat.PLAIN,
        LogFormat.choose(
            Optional.empty(),
            Map.of("RANCHERD_LOG_FORMAT", "plain", "JOURNAL_STREAM", "8:1"),
            Optional.of("8:1")));
    assertEquals(
        LogFormat.JOURNAL,
        LogFormat.choose(
            Optional.of("journal"), Map.of("RANCHERD_LOG_FORMAT", "plain"), Optional.empty()));
    assertEquals("INFO started", LogFormat.PLAIN.line(Level.INFO, "started", AT));
  }

  @Test
  void aRelayedStepLineKeepsItsLevel() {
    assertEquals(Level.WARN, LogFormat.levelOf("WARN NOT VERIFIED: trusting the CA"));
    assertEquals(Level.ERROR, LogFormat.levelOf("ERROR it failed"));
    assertEquals(Level.INFO, LogFormat.levelOf("INFO Staged"));
    assertEquals(Level.INFO, LogFormat.levelOf("[install.sh] WARNING: something"));
    assertEquals(Level.ERROR, LogFormat.levelOf("rancherd: installing k3s: no such directory"));
  }

  @Test
  void aFailureIsSaidOncePerTry() {
    String relayed =
        "running step install-k3s: exit status 2; last output: rancherd: installing k3s: gone";
    assertEquals(
        "running step install-k3s: exit status 2 (the step's error is above)",
        io.rancherd.exec.ProcessResult.forLog(relayed));
    String userScript = "running step mine: exit status 1; last output: cp: cannot stat 'x'";
    assertEquals(userScript, io.rancherd.exec.ProcessResult.forLog(userScript));
  }
}
