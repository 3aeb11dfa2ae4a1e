package io.rancherd.admin;

import io.rancherd.error.InvalidInputException;
import io.rancherd.secret.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The new password of Rancher's default admin: read from a file, or generated. Either way it is a
 * {@link Secret}: it is never logged, and only {@code reset-admin} prints a generated one, once.
 *
 * @param value the password
 * @param generated whether rancherd generated it (then Rancher asks for a new one at first login)
 */
public record AdminPassword(Secret value, boolean generated) {

  /**
   * Rancher's {@code password-min-length} default (rancher/rancher {@code pkg/settings/setting.go},
   * v2.8.0 to HEAD): its UI and API refuse shorter passwords.
   */
  public static final int MIN_LENGTH = 12;

  /** bcrypt reads at most 72 bytes; Go's {@code bcrypt.GenerateFromPassword} refuses more. */
  public static final int MAX_BYTES = 72;

  /** The length of a generated password. */
  public static final int GENERATED_LENGTH = 24;

  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  /** A password of {@value #GENERATED_LENGTH} letters and digits from {@code random}. */
  public static AdminPassword generate(SecureRandom random) {
    StringBuilder password = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return new AdminPassword(new Secret(password.toString()), true);
  }

  /**
   * The password in {@code file}: its UTF-8 text without the one trailing newline ({@code \n} or
   * {@code \r\n}) an editor or {@code echo} adds.
   *
   * @throws InvalidInputException the file cannot be read, is not UTF-8, is empty, holds more than
   *     one line, fewer than {@value #MIN_LENGTH} characters or more than {@value #MAX_BYTES}
   *     bytes; the message names the file, never its content
   */
  public static AdminPassword fromFile(Path file) throws InvalidInputException {
    String where = "--password-file " + file;
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          where + ": no such file; expected a file holding the new admin password");
    } catch (IOException e) {
      throw new InvalidInputException(
          where + ": cannot read it (" + e.getClass().getSimpleName() + "); check its permissions");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(where + ": not UTF-8 text; expected the password as text");
    }
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      throw new InvalidInputException(
          where + ": the file is empty; expected the new admin password on its first line");
    }
    if (text.contains("\n")) {
      throw new InvalidInputException(
          where + ": more than one line; expected only the password, on one line");
    }
    int length = text.codePointCount(0, text.length());
    if (length < MIN_LENGTH) {
      throw new InvalidInputException(
          where
              + ": the password has "
              + length
              + " characters; Rancher expects at least "
              + MIN_LENGTH);
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new InvalidInputException(
          where
              + ": the password is longer than "
              + MAX_BYTES
              + " bytes; bcrypt, which Rancher hashes it with, takes at most "
              + MAX_BYTES);
    }
    return new AdminPassword(new Secret(text), false);
  }

  @Override
  public String toString() {
    return "AdminPassword[" + Secret.REDACTED + ", generated=" + generated + "]";
  }
}
