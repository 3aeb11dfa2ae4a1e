package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.TestRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path tmp;
  TestRoot machine;

  @BeforeEach
  void setUp() {
    machine = new TestRoot(tmp);
  }

  @Test
  void load_laterSourcesWinInRancherdsOrder() throws Exception {
    machine.write(
        "/usr/share/oem/rancher/rancherd/config.yaml",
        "nodeName: oem\nkubernetesVersion: v1.29.1+k3s1\n");
    machine.write("/usr/share/rancher/rancherd/config.yaml", "nodeName: share\n");
    machine.write("/oem/userdata", "#cloud-config\nrancherd:\n  nodeName: userdata\n");
    machine.write("/oem/99_custom.yaml", "rancherd:\n  rancherVersion: v2.8.5\n");
    machine.write(
        "/var/lib/cloud/instance/user-data.txt",
        "#cloud-config\nrancherd:\n  nodeName: cloudinit\n");
    machine.write("/etc/rancher/rancherd/config.yaml", "nodeName: etc\n");
    Path explicit = machine.write("/work/explicit.yaml", "role: cluster-init\n");

    RancherdConfig config = machine.load(explicit).config();

    assertEquals(
        "etc", config.node().nodeName().orElseThrow(), "/etc file comes after the implicit files");
    assertEquals(
        "v1.29.1+k3s1",
        config.install().kubernetesVersion().orElseThrow(),
        "earliest file still contributes");
    assertEquals("v2.8.5", config.rancher().rancherVersion().orElseThrow());
    assertEquals("cluster-init", config.cluster().role().orElseThrow(), "--config comes last");
  }

  @Test
  void load_configFileBeatsEtcFile() throws Exception {
    machine.write("/etc/rancher/rancherd/config.yaml", "nodeName: etc\nrole: agent\n");
    Path explicit = machine.write("/work/explicit.yaml", "nodeName: explicit\n");

    RancherdConfig config = machine.load(explicit).config();

    assertEquals("explicit", config.node().nodeName().orElseThrow());
    assertEquals("agent", config.cluster().role().orElseThrow());
  }

  @Test
  void load_dropInsMergeAfterTheirFileInNameOrder() throws Exception {
    machine.write("/etc/rancher/rancherd/config.yaml", "nodeName: base\nrole: server\n");
    machine.write("/etc/rancher/rancherd/config.yaml.d/20-b.yaml", "nodeName: from-20\n");
    machine.write(
        "/etc/rancher/rancherd/config.yaml.d/10-a.yml",
        "nodeName: from-10\nrancherVersion: v2.8.1\n");
    machine.write("/etc/rancher/rancherd/config.yaml.d/30-ignored.txt", "nodeName: not-yaml\n");
    machine.write(
        "/usr/share/rancher/rancherd/config.yaml.d/50-early.yaml",
        "rancherVersion: v2.7.0\ntlsSans: [early]\n");

    RancherdConfig config = machine.load().config();

    assertEquals(
        "from-20", config.node().nodeName().orElseThrow(), "20-b after 10-a; .txt ignored");
    assertEquals(
        "v2.8.1",
        config.rancher().rancherVersion().orElseThrow(),
        "drop-in of a later file wins over earlier ones");
    assertEquals(List.of("early"), config.node().tlsSans());
  }

  @Test
  void load_dropInsWorkWithoutTheirMainFile() throws Exception {
    machine.write("/etc/rancher/rancherd/config.yaml.d/10.yaml", "role: cluster-init\n");

    assertEquals("cluster-init", machine.load().config().cluster().role().orElseThrow());
  }

  @Test
  void load_topLevelListsConcatenateAcrossFiles() throws Exception {
    machine.write("/oem/99_custom.yaml", "tlsSans: [a.example.com]\nlabels: [tier=edge]\n");
    machine.write(
        "/etc/rancher/rancherd/config.yaml", "tlsSans: [b.example.com]\nlabels: [zone=one]\n");
    machine.write("/etc/rancher/rancherd/config.yaml.d/10.yaml", "tlsSans: [c.example.com]\n");

    RancherdConfig config = machine.load().config();

    assertEquals(
        List.of("a.example.com", "b.example.com", "c.example.com"), config.node().tlsSans());
    assertEquals(List.of("tier=edge", "zone=one"), config.node().labels());
  }

  @Test
  void load_mapsMergeDeeplyAndNestedListsAreReplaced() throws Exception {
    machine.write(
        "/oem/99_custom.yaml",
        "rancherValues:\n  hostPort: 8443\n  ingress: {enabled: false}\n  extra: [a, b]\n");
    machine.write(
        "/etc/rancher/rancherd/config.yaml",
        "rancherValues:\n  ingress: {className: nginx}\n  extra: [c]\n");

    Map<String, Object> values = machine.load().config().rancher().rancherValues();

    assertEquals(8443L, values.get("hostPort"));
    assertEquals(Map.of("enabled", false, "className", "nginx"), values.get("ingress"));
    assertEquals(
        List.of("c"),
        values.get("extra"),
        "lists below the top level are replaced, as in rancherd");
  }

  @Test
  void load_unwrapsRancherdKeyAndIgnoresCloudInitKeysSilently() throws Exception {
    machine.write(
        "/var/lib/cloud/instance/user-data.txt",
        """
        #cloud-config
        hostname: node1
        users:
          - name: ops
        runcmd:
          - [rancherd, bootstrap]
        write_files:
          - path: /etc/motd
            content: hi
        rancherd:
          role: cluster-init
          nodeName: node1
        """);

    LoadedConfig loaded = machine.load();

    assertEquals("cluster-init", loaded.config().cluster().role().orElseThrow());
    assertEquals("node1", loaded.config().node().nodeName().orElseThrow());
    assertEquals(List.of(), loaded.warnings());
  }

  @Test
  void load_cloudConfigWithoutRancherdKeyContributesOnlyRancherdKeys() throws Exception {
    machine.write(
        "/var/lib/cloud/instance/user-data.txt",
        "#cloud-config\nhostname: node1\npackages: [curl]\nrole: cluster-init\n");

    LoadedConfig loaded = machine.load();

    assertEquals("cluster-init", loaded.config().cluster().role().orElseThrow());
    assertEquals(List.of(), loaded.warnings(), "cloud-init's keys are not warned about");
  }

  private static final String RECIPE =
      """
      #cloud-config
      write_files:
        - path: /etc/rancher/rancherd/config.yaml
          permissions: '0600'
          content: |
            role: agent
            labels: [zone=a]
      %s
      runcmd:
        - rancherd bootstrap
      """;

  @Test
  void load_configRecipeContributesTheFileItsWriteFilesWritesAndOnlyAsConfig() throws Exception {
    Path recipe = machine.write("/work/user-data.yaml", RECIPE.formatted(""));
    machine.write("/var/lib/cloud/instance/user-data.txt", RECIPE.formatted(""));

    LoadedConfig asConfig = machine.load(recipe);
    LoadedConfig onTheNode = machine.load();

    assertEquals("agent", asConfig.config().cluster().role().orElseThrow());
    assertEquals(List.of("zone=a"), asConfig.config().node().labels(), "read once");
    assertEquals(List.of(), asConfig.warnings());
    assertEquals(
        java.util.Optional.empty(),
        onTheNode.config().cluster().role(),
        "the implicit user-data is not read for its write_files: cloud-init wrote that file");
  }

  @Test
  void load_configRecipeErrorNamesTheLineOfTheUserData() throws Exception {
    Path recipe =
        machine.write(
            "/work/user-data.yaml",
            RECIPE.formatted("").replace("labels: [zone=a]", "labels: {zone: a}"));

    ConfigException e = assertThrows(ConfigException.class, () -> machine.load(recipe));

    assertEquals(7, e.location().line(), e.getMessage());
    assertTrue(e.getMessage().contains("user-data.yaml"), e.getMessage());
  }

  @Test
  void load_plainRancherdFileWarnsAboutUnknownKeysWithSuggestion() throws Exception {
    Path file =
        machine.write(
            "/etc/rancher/rancherd/config.yaml", "role: server\ntlsSan:\n  - a.example.com\n");

    LoadedConfig loaded = machine.load();

    assertEquals(
        List.of(file + ":2: unknown key 'tlsSan' is ignored (did you mean 'tlsSans'?)"),
        loaded.warnings());
    assertEquals(List.of(), loaded.config().node().tlsSans());
  }

  @Test
  void load_unknownKeyInsideSectionIsWarnedWithItsPath() throws Exception {
    Path file =
        machine.write(
            "/etc/rancher/rancherd/config.yaml",
            "role: server\ntoken: t\ndiscovery:\n  expectedServer: 3\n");

    LoadedConfig loaded = machine.load();

    assertEquals(
        List.of(
            file
                + ":4: unknown key 'discovery.expectedServer' is ignored (did you mean 'expectedServers'?)"),
        loaded.warnings());
  }

  @Test
  void load_keysDifferingOnlyInCaseAreReadWithAWarning() throws Exception {
    Path file =
        machine.write("/etc/rancher/rancherd/config.yaml", "role: cluster-init\nnodename: node7\n");

    LoadedConfig loaded = machine.load();

    assertEquals("node7", loaded.config().node().nodeName().orElseThrow());
    assertEquals(
        List.of(file + ":2: key 'nodename' is read as 'nodeName'; write it as 'nodeName'"),
        loaded.warnings());
  }

  @Test
  void load_brokenImplicitFileIsSkippedWithWarningNamingFileAndLine() throws Exception {
    Path broken =
        machine.write("/oem/99_custom.yaml", "rancherd:\n  role: server\n   nodeName: [\n");
    machine.write("/etc/rancher/rancherd/config.yaml", "role: cluster-init\n");

    LoadedConfig loaded = machine.load();

    assertEquals("cluster-init", loaded.config().cluster().role().orElseThrow());
    assertEquals(1, loaded.warnings().size());
    assertTrue(
        loaded.warnings().get(0).startsWith(broken + ":3: not valid YAML"),
        loaded.warnings().get(0));
    assertTrue(
        loaded
            .sources()
            .contains(
                new ConfigSource(
                    broken,
                    ConfigSource.State.SKIPPED,
                    loaded.sources().stream()
                        .filter(s -> s.path().equals(broken))
                        .findFirst()
                        .orElseThrow()
                        .detail())));
  }

  @Test
  void load_brokenEtcFileIsAnError() {
    Path broken = machine.write("/etc/rancher/rancherd/config.yaml", "role: server\n  bad: [\n");

    ConfigException e = assertThrows(ConfigException.class, () -> machine.load());

    assertEquals(new Location(broken.toString(), 2), e.location());
    assertTrue(e.getMessage().startsWith(broken + ":2: not valid YAML"), e.getMessage());
  }

  @Test
  void load_brokenConfigFileIsAnError() {
    Path broken = machine.write("/work/c.yaml", "role: [cluster-init\n");

    ConfigException e = assertThrows(ConfigException.class, () -> machine.load(broken));

    assertEquals(broken.toString(), e.location().file());
  }

  @Test
  void load_missingConfigFileIsAnError() {
    Path missing = tmp.resolve("nope.yaml");

    ConfigException e = assertThrows(ConfigException.class, () -> machine.load(missing));

    assertTrue(
        e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such file"),
        e.getMessage());
  }

  @Test
  void load_missingImplicitFilesAreSkippedSilently() throws Exception {
    LoadedConfig loaded = machine.load();

    assertTrue(loaded.config().cluster().role().isEmpty());
    assertEquals(List.of(), loaded.warnings());
    assertTrue(loaded.sources().stream().allMatch(s -> s.state() == ConfigSource.State.MISSING));
  }

  @Test
  void load_shellScriptUserDataIsNotConfig() throws Exception {
    machine.write("/var/lib/cloud/instance/user-data.txt", "#!/bin/sh\necho hello: world\n");

    LoadedConfig loaded = machine.load();

    assertEquals(List.of(), loaded.warnings());
    assertTrue(loaded.config().cluster().role().isEmpty());
  }

  @Test
  void load_implicitPathThatIsADirectoryContributesItsYamlFiles() throws Exception {
    machine.write("/oem/userdata/10-first.yaml", "nodeName: first\n");
    machine.write("/oem/userdata/20-second.yaml", "nodeName: second\nrole: agent\n");

    RancherdConfig config = machine.load().config();

    assertEquals("second", config.node().nodeName().orElseThrow());
    assertEquals("agent", config.cluster().role().orElseThrow());
  }

  @Test
  void load_resourcesComeFromConfigAndManifestDirectories() throws Exception {
    machine.write(
        "/etc/rancher/rancherd/config.yaml",
        """
        resources:
          - {apiVersion: v1, kind: Namespace, metadata: {name: one}}
        bootstrapResources:
          - {apiVersion: v1, kind: Namespace, metadata: {name: two}}
        """);
    machine.write(
        "/etc/rancher/rancherd/manifests/sub/apps.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: three}
        ---
        just: a map without kind
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: four}
        """);
    Path broken = machine.write("/usr/share/rancher/rancherd/manifests/broken.yaml", "kind: [\n");

    LoadedConfig loaded = machine.load();

    List<String> names =
        loaded.config().resources().all().stream()
            .map(r -> (String) ((Map<?, ?>) r.get("metadata")).get("name"))
            .toList();
    assertEquals(List.of("one", "three", "four", "two"), names);
    assertEquals(1, loaded.warnings().size());
    assertTrue(loaded.warnings().get(0).startsWith(broken.toString()), loaded.warnings().get(0));
  }

  @Test
  void load_readsOnlyRancherdsPartOfACloudConfig_cloudInitsTagsAreNotItsToJudge() throws Exception {
    // cloud-init documents !!binary for write_files content; rancherd's section is all it checks
    Path userData =
        machine.write(
            "/work/user-data.yaml",
            """
            #cloud-config
            write_files:
              - path: /usr/local/bin/tool
                content: !!binary |
                  f0VMRgIBAQ==
            bootcmd: [!custom x]
            rancherd:
              role: cluster-init
            """);

    LoadedConfig loaded = machine.load(userData);

    assertEquals("cluster-init", loaded.config().cluster().role().orElseThrow());
    assertEquals(List.of(), loaded.warnings());
  }

  @Test
  void load_aTagInRancherdsSectionOfAnImplicitSource_skipsItWithAWarningWithoutTheValue()
      throws Exception {
    Path userData =
        machine.write(
            "/var/lib/cloud/instance/user-data.txt",
            "#cloud-config\nrancherd:\n  role: server\n  token: !secret-value-7f3a\n");
    machine.write("/etc/rancher/rancherd/config.yaml", "role: cluster-init\n");

    LoadedConfig loaded = machine.load();

    assertEquals("cluster-init", loaded.config().cluster().role().orElseThrow());
    assertEquals(1, loaded.warnings().size(), loaded.warnings()::toString);
    String warning = loaded.warnings().get(0);
    assertTrue(warning.startsWith(userData + ":4: rancherd.token: "), warning);
    assertFalse(warning.contains("secret-value"), "the value stays out of the warning");
  }

  @Test
  void load_readsNothingOutsideTheRoot() throws Exception {
    machine.load();

    try (var files = Files.walk(tmp)) {
      assertEquals(List.of(tmp), files.toList(), "loading writes nothing");
    }
    assertFalse(Files.exists(tmp.resolve("etc")));
  }
}
