package io.rancherd.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rancherd.fs.PrivateTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one way rancherd writes and reads its own records in the data dir: indented JSON bound to
 * records, written atomically with mode 0600 (its directory 0700). Reading never fails: a missing
 * file is empty, and so is one that cannot be parsed (a torn or foreign file); callers say what
 * that means for them.
 */
final class StateJson {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StateJson() {}

  /** Writes {@code value} to {@code file}, in the data dir {@code dataDir}. */
  static void write(Path dataDir, Path file, Object value) throws IOException {
    new PrivateTree(dataDir).write(file, JSON.writeValueAsBytes(value));
  }

  static <T> Optional<T> read(Path file, Class<T> type) {
    return read(file, JSON.constructType(type));
  }

  static <T> Optional<T> read(Path file, JavaType type) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JSON.readValue(file.toFile(), type));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code value}, a map read from an older format, bound to {@code type}. */
  static <T> T convert(Object value, Class<T> type) {
    return JSON.convertValue(value, type);
  }

  /** {@code value} as indented JSON text (records with their JSON property names). */
  static String text(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("state records always serialize", e);
    }
  }

  static JavaType listOf(Class<?> element) {
    return JSON.getTypeFactory().constructCollectionType(java.util.List.class, element);
  }
}
