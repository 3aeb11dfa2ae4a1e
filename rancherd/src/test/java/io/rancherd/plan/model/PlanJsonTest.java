package io.rancherd.plan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan JSON rancherd writes is, byte for byte, what Jackson's data binding writes from the
 * model's annotations (as rancherd did before it wrote the fields itself): a node's plan checksum,
 * kept in its journal, stays the same across that change, and the system-agent field names and
 * omissions stay as documented.
 */
public class PlanJsonTest {

  /** The data binding as rancherd configured it to write plans. */
  static final ObjectMapper BINDING =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Asserts both forms equal the data binding's, and the plan reads back to the same JSON. */
  public static void assertWrittenAsTheDataBindingWrites(Plan plan) throws Exception {
    assertEquals(
        new String(BINDING.writeValueAsBytes(plan), StandardCharsets.UTF_8),
        new String(PlanJson.canonical(plan), StandardCharsets.UTF_8),
        "canonical");
    assertEquals(
        BINDING.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plan) + "\n",
        PlanJson.pretty(plan),
        "pretty");
    // an empty text and an absent one are written alike, so compare what is read back as JSON
    assertEquals(
        new String(PlanJson.canonical(plan), StandardCharsets.UTF_8),
        new String(
            PlanJson.canonical(PlanJson.read(PlanJson.canonical(plan))), StandardCharsets.UTF_8),
        "read back");
  }

  static Stream<Plan> plans() {
    List<Plan> plans = new ArrayList<>();
    plans.add(new Plan(List.of(), List.of(), Map.of()));
    Map<String, PlanProbe> probes = new LinkedHashMap<>();
    probes.put("z-last", PlanProbe.standard("z-last", HttpGet.plain("https://127.0.0.1:6443/x")));
    probes.put(
        "a-first",
        new PlanProbe(
            "a-first",
            0,
            0,
            0,
            0,
            new HttpGet("https://127.0.0.1:10250/healthz", true, "/c.crt", "/c.key", "/ca.crt")));
    probes.put("no-get", new PlanProbe("no-get", 3, 4, 5, 6, null));
    probes.put("empty-strings", new PlanProbe("", 1, 5, 1, 2, new HttpGet("", false, "", "", "")));
    plans.add(
        new Plan(
            List.of(
                PlanFile.text("/etc/a.yaml", "a: \"quoted\" \\ \u00e9 \u2603\n\t", "0600"),
                new PlanFile("", true, 0, 0, "/var/lib/dir", "0700"),
                new PlanFile("eA==", false, 1000, 1001, "/home/u/x", null),
                new PlanFile(null, false, -1, 0, "", "")),
            List.of(
                PlanInstruction.command(
                    "install-k3s",
                    List.of("INSTALL_K3S_SKIP_START=true", "A=b c"),
                    "/usr/bin/rancherd",
                    List.of("install-runtime", "--runtime", "k3s", "", "\"x\"")),
                new PlanInstruction("image", false, "reg:5000/x:1", List.of(), List.of(), ""),
                new PlanInstruction("", false, null, null, null, null)),
            probes));
    return plans.stream();
  }

  @ParameterizedTest
  @MethodSource("plans")
  void plan_isWrittenAsTheDataBindingWritesIt(Plan plan) throws Exception {
    assertWrittenAsTheDataBindingWrites(plan);
  }
}
