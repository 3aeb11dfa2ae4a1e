package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The YAML layer: the tag rule, Unicode, the limits, and messages that never quote the text. */
class YamlParserTest {

  private static final String SECRET = "s3cr3t-VALUE-9d1e";
  private static final String FILE = "config.yaml";

  private static Object plain(String yaml) throws ConfigException {
    return YamlParser.parse(yaml, FILE).toPlain();
  }

  private static ConfigException refused(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> YamlParser.parse(yaml, FILE));
    assertFalse(e.getMessage().contains(SECRET), e.getMessage().replace(SECRET, "<secret>"));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void standardTags_onValuesOfTheirType_areRead() throws ConfigException {
    assertEquals(
        Map.of(
            "version",
            "1.30",
            "count",
            3L,
            "ratio",
            3.0,
            "flag",
            true,
            "map",
            Map.of("a", "b"),
            "list",
            List.of("a")),
        plain(
            "version: !!str 1.30\ncount: !!int 3\nratio: !!float 3\nflag: !!bool true\n"
                + "map: !!map {a: b}\nlist: !!seq [a]\n"));
    assertEquals(java.util.Collections.singletonMap("none", null), plain("none: !!null ~\n"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "token: !!binary '%%%%'|token: the tag !!binary is not accepted",
        "token: !!timestamp s3cr3t-VALUE-9d1e|token: the tag !!timestamp is not accepted",
        "a: {b: !!set {x, y}}|a.b: the tag !!set is not accepted",
        "count: !!int three|count: the value is tagged !!int but is not an integer",
        "token: !!float s3cr3t-VALUE-9d1e|token: the value is tagged !!float but is not a number",
        "list: !!map [a]|list: the tag !!map is for maps, and this value is a list",
        "map: !!seq {a: b}|map: the tag !!seq is for lists, and this value is a map",
        "name: !!map node1|name: the tag !!map is for maps, and this value is a single value",
        "map: !!str {a: b}|map: the tag !!str is for single values, and this value is a map",
      })
  void otherTags_andTagsOnTheWrongValue_areRefusedNamingLineAndKey(String yaml, String says) {
    ConfigException e = refused("role: server\n" + yaml + "\n");

    assertTrue(e.getMessage().startsWith(FILE + ":2: " + says), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password: !s3cr3t-VALUE-9d1e",
        "password: !!s3cr3t-VALUE-9d1e",
        "password: !<tag:s3cr3t-VALUE-9d1e> x",
        "list: [!s3cr3t-VALUE-9d1e x]",
      })
  void aValueStartingWithBang_isATag_refusedWithoutNamingIt(String yaml) {
    ConfigException e = refused("role: server\n" + yaml + "\n");

    assertTrue(e.getMessage().startsWith(FILE + ":2: "), e.getMessage());
    assertTrue(e.getMessage().contains("put the value in quotes"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "token: *s3cr3t-VALUE-9d1e",
        "token: \"s3cr3t-VALUE-9d1e\\q\"",
        "token: \"s3cr3t-VALUE-9d1e",
        "token: s3cr3t-VALUE-9d1e: x",
        "token: [s3cr3t-VALUE-9d1e",
        "token: @s3cr3t-VALUE-9d1e",
        "token: `s3cr3t-VALUE-9d1e",
        "token: &s3cr3t-VALUE-9d1e{ x",
        "token: !s3cr3t-VALUE-9d1e{ x",
      })
  void syntaxErrors_nameTheLine_neverTheText(String yaml) {
    ConfigException e = refused(yaml + "\n");

    assertTrue(
        e.getMessage().matches("config\\.yaml:[1-9]\\d*: not valid YAML: .*"), e.getMessage());
  }

  @Test
  void anchorsAndAliases_repeatTheirValue() throws ConfigException {
    assertEquals(
        Map.of("base", Map.of("x", 1L), "copy", Map.of("x", 1L)),
        plain("base: &b {x: 1}\ncopy: *b\n"));
  }

  @Test
  void unpairedSurrogates_areRefused_pairsAreOneCharacter() throws ConfigException {
    assertTrue(
        refused("name: \"\\ud800\"\n")
            .getMessage()
            .startsWith(FILE + ":1: name: the value holds half of a UTF-16 surrogate pair"));
    assertTrue(refused("\"a\\udc00\": x\n").getMessage().contains("the key holds half"));
    assertTrue(refused("name: \"\ud800\"\n").getMessage().startsWith(FILE + ":1: holds half"));
    assertEquals(Map.of("name", "\ud83d\ude00"), plain("name: \"\\ud83d\\ude00\"\n"));
  }

  @Test
  void nul_isRefused_otherControlCharactersAsEscapesAreRead() throws ConfigException {
    assertTrue(refused("path: \"/a\\0b\"\n").getMessage().contains("path: the value holds a NUL"));
    assertEquals(Map.of("s", "a\u001bb"), plain("s: \"a\\eb\"\n"));
    assertTrue(
        refused("s: a\u0001b\n").getMessage().contains("the control character U+0001"),
        "a raw control character is not YAML");
  }

  @Test
  void nesting_upTo64Levels() throws ConfigException {
    YamlParser.parse("a: " + "[".repeat(63) + "]".repeat(63) + "\n", FILE);

    ConfigException e = refused("a: " + "[".repeat(64) + "]".repeat(64) + "\n");
    assertEquals(FILE + ":1: maps and lists are nested deeper than 64 levels", e.getMessage());
  }

  @Test
  void nestingThroughAliases_countsTheExpandedDepth() {
    String deep = "[".repeat(40) + "]".repeat(40);
    ConfigException e =
        refused("a: &d " + deep + "\nb: " + "[".repeat(30) + "*d" + "]".repeat(30) + "\n");

    assertTrue(
        e.getMessage().contains("nested deeper than 64 levels (aliases included)"), e.getMessage());
  }

  @Test
  void anAliasInsideItsOwnAnchor_isRefused() {
    ConfigException e = refused("a: &a {x: *a}\n");

    assertEquals(
        FILE + ":1: a.x: an alias repeats a map or list that contains it: the value never ends",
        e.getMessage());
  }

  @Test
  void aliasBomb_isRefusedAtTheValueLimit() {
    // 40 aliases, under SnakeYAML's limit of 50: 16 * 2^20 values
    StringBuilder bomb = new StringBuilder("a0: &a0 [" + "x,".repeat(15) + "x]\n");
    for (int i = 1; i <= 20; i++) {
      bomb.append("a" + i + ": &a" + i + " [*a" + (i - 1) + ", *a" + (i - 1) + "]\n");
    }
    assertTrue(bomb.length() < 1000, "a few hundred bytes");

    ConfigException e = refused(bomb.toString());

    assertTrue(e.getMessage().contains("holds more than 100000 keys and values"), e.getMessage());
  }

  @Test
  void values_upTo100000InAFile() throws ConfigException {
    // the top map, its key and the list: 3, then one per item
    YamlParser.parse("l:\n" + "- a\n".repeat(YamlParser.MAX_VALUES - 3), FILE);

    ConfigException e = refused("l:\n" + "- a\n".repeat(YamlParser.MAX_VALUES - 2));
    // the 100,001st: item 99,998, on line 99,999
    assertTrue(
        e.getMessage().startsWith(FILE + ":" + (YamlParser.MAX_VALUES - 1) + ": "), e.getMessage());
  }

  @Test
  void aLine_upTo256KiB() throws ConfigException {
    String key = "k: ";
    YamlParser.parse(key + "v".repeat(YamlParser.MAX_LINE_CHARS - key.length()) + "\n", FILE);

    ConfigException e =
        refused("a: b\n" + key + "v".repeat(YamlParser.MAX_LINE_CHARS - key.length() + 1) + "\n");
    assertTrue(
        e.getMessage().startsWith(FILE + ":2: the line is longer than 262144"), e.getMessage());
  }

  @Test
  void aValue_upTo256KiB() throws ConfigException {
    String line = "  " + "v".repeat(1023) + "\n";
    YamlParser.parse("k: |\n" + line.repeat(256), FILE);

    ConfigException e = refused("k: |\n" + line.repeat(257));
    assertTrue(
        e.getMessage()
            .startsWith(FILE + ":1: k: the value is 263168 characters long, longer than the limit"),
        e.getMessage());
  }

  @Test
  void read_refusesAFileOver1MiB_namingTheLineWhereItReachesTheLimit(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, ("k" + "v".repeat(1022) + "\n").repeat(1025));

    ConfigException e = assertThrows(ConfigException.class, () -> YamlParser.read(file));

    assertTrue(e.getMessage().startsWith(file + ":1025: the file is larger than 1048576 bytes"));
  }

  @Test
  void read_refusesBytesThatAreNotUtf8_namingTheLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.yaml");
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    Files.write(file, concat("a: b\nname: \"".getBytes(StandardCharsets.UTF_8), surrogate));

    ConfigException e = assertThrows(ConfigException.class, () -> YamlParser.read(file));

    assertTrue(e.getMessage().startsWith(file + ":2: not valid UTF-8"), e.getMessage());
  }

  @Test
  void read_dropsAByteOrderMark(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "\ufeff#cloud-config\nrole: server\n");

    assertEquals("#cloud-config\nrole: server\n", YamlParser.read(file));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
