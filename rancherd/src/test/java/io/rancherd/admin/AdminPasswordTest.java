package io.rancherd.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.error.InvalidInputException;
import io.rancherd.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordTest {

  @TempDir Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("pw"), text, StandardCharsets.UTF_8);
  }

  @Test
  void aFileLosesOneTrailingNewlineAndNothingElse() throws Exception {
    assertEquals(
        " spaces kept here ",
        AdminPassword.fromFile(file(" spaces kept here \n")).value().reveal());
    assertEquals(
        "windows-line-end", AdminPassword.fromFile(file("windows-line-end\r\n")).value().reveal());
    assertEquals(
        "no-newline-at-all", AdminPassword.fromFile(file("no-newline-at-all")).value().reveal());
    assertFalse(AdminPassword.fromFile(file("no-newline-at-all")).generated());
  }

  @Test
  void badFilesAreOneLineNamingTheFileAndNeverTheContent() throws Exception {
    Path f = dir.resolve("pw");
    assertEquals(
        "--password-file " + f + ": no such file; expected a file holding the new admin password",
        assertThrows(InvalidInputException.class, () -> AdminPassword.fromFile(f)).getMessage());
    assertEquals(
        "--password-file "
            + f
            + ": the file is empty; expected the new admin password on its first line",
        assertThrows(InvalidInputException.class, () -> AdminPassword.fromFile(file("\n")))
            .getMessage());
    String shortOne = "short-pw";
    String message =
        assertThrows(InvalidInputException.class, () -> AdminPassword.fromFile(file(shortOne)))
            .getMessage();
    assertEquals(
        "--password-file " + f + ": the password has 8 characters; Rancher expects at least 12",
        message);
    assertTrue(
        assertThrows(
                InvalidInputException.class,
                () -> AdminPassword.fromFile(file("first-line-secret\nsecond-line-secret\n")))
            .getMessage()
            .endsWith(": more than one line; expected only the password, on one line"));
    String tooLong = "x".repeat(73);
    String longMessage =
        assertThrows(InvalidInputException.class, () -> AdminPassword.fromFile(file(tooLong)))
            .getMessage();
    assertTrue(longMessage.contains("longer than 72 bytes"), longMessage);
    assertFalse(longMessage.contains(tooLong));
  }

  @Test
  void generatedPasswordsAreLongDistinctAndMarkedGenerated() {
    SecureRandom random = new SecureRandom();
    AdminPassword one = AdminPassword.generate(random);
    AdminPassword two = AdminPassword.generate(random);
    assertTrue(one.generated());
    assertEquals(24, one.value().reveal().length());
    assertTrue(one.value().reveal().matches("[A-Za-z0-9]{24}"));
    assertNotEquals(one.value(), two.value());
    assertFalse(one.toString().contains(one.value().reveal()), "toString is redacted");
  }

  @Test
  void bcryptHashesAsGoDoesAndChecks() {
    Secret password = new Secret("correct horse battery");
    Secret hash = Bcrypt.hash(password, new SecureRandom());
    assertTrue(hash.reveal().matches("\\$2a\\$10\\$[./A-Za-z0-9]{53}"), hash.reveal());
    assertTrue(Bcrypt.matches(hash, password));
    assertFalse(Bcrypt.matches(hash, new Secret("wrong horse battery")));
    // A published $2a$ test vector (OpenWall's crypt_blowfish wrapper.c), as Go's bcrypt reads it.
    assertTrue(
        Bcrypt.matches(
            new Secret("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
            new Secret("U*U")));
  }
}
