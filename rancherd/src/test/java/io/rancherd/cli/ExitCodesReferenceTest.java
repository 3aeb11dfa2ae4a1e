package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/reference/exit-codes.md has a row for every exit code rancherd uses, and no other. */
class ExitCodesReferenceTest {

  private static final Path DOC = Path.of("..", "docs", "reference", "exit-codes.md");

  @Test
  void everyExitCode_hasARow() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    List<Integer> codes = new ArrayList<>();
    for (Field field : ExitCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        codes.add(field.getInt(null));
      }
    }
    assertTrue(codes.size() >= 4, () -> "the exit codes: " + codes);

    for (int code : codes) {
      assertTrue(
          doc.contains("\n| " + code + " | "), () -> "exit code " + code + " has no row in " + DOC);
    }
    List<Integer> rows = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| ").matcher(doc);
    while (row.find()) {
      rows.add(Integer.parseInt(row.group(1)));
    }
    assertEquals(codes.stream().sorted().toList(), rows, DOC + " lists exactly the exit codes");
  }
}
