package io.rancherd.state;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.PrivateTree;
import io.rancherd.fs.Root;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.runtime.Runtime;
import io.rancherd.secret.Secret;
import io.rancherd.wait.Sleeper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything rancherd keeps on disk about this node, in its data dir (a machine path, placed under
 * the root): the {@code working} and {@code bootstrapped} stamps, the plan and its step journal,
 * {@code installed.json}, {@code discovery.json}, the generated cluster token and {@code
 * bootstrap.lock}. Every other package reads and writes node state through here; the files' names
 * and format are known nowhere else. Records are JSON (0600), written atomically; the data dir and
 * its directories are real directories with mode 0700 (a {@link PrivateTree}).
 */
public final class NodeState {

  public static final String DEFAULT_DATA_DIR = "/var/lib/rancher/rancherd";

  /**
   * The generated cluster token, relative to the data dir: the token alone, as the runtimes keep
   * theirs.
   */
  public static final String TOKEN_FILE = "token";

  private static final String PLAN_DIR = "plan";
  private static final String WORK_DIR = "work";
  private static final String OUTPUT_DIR = "output";

  private final Root root;
  private final String dataDir;

  /**
   * @param dataDir the data dir as a machine path (without the root)
   */
  public NodeState(Root root, String dataDir) {
    this.root = root;
    this.dataDir = dataDir;
  }

  public Root root() {
    return root;
  }

  /** The data dir as a machine path, for messages and for the plan. */
  public String dataDir() {
    return dataDir;
  }

  /** The data dir on this machine (under the root). */
  public Path dir() {
    return root.path(dataDir);
  }

  /** The data dir as the tree of private directories and files it is. */
  public PrivateTree tree() {
    return new PrivateTree(dir());
  }

  /** {@code <machine path of the data dir>/<relative>}, for messages. */
  public String shown(String relative) {
    return dataDir + "/" + relative;
  }

  public Stamps stamps() {
    return new Stamps(dir());
  }

  /** Where the plan's file, journal, work dirs and saved outputs live (on this machine). */
  public Path planDir() {
    return dir().resolve(PLAN_DIR);
  }

  /** The plan file as a machine path: the plan the bootstrap applies, with its secrets (0600). */
  public String planFile() {
    return shown(PLAN_DIR + "/plan.json");
  }

  /** The saved output of step {@code step}, as a machine path. */
  public String stepOutput(String step) {
    return shown(PLAN_DIR + "/" + OUTPUT_DIR + "/" + step + ".log");
  }

  /** The work dir of step {@code step} in the plan state dir {@code planDir}. */
  public static Path stepWorkDir(Path planDir, String step) {
    return planDir.resolve(WORK_DIR).resolve(step);
  }

  /** Where the output of step {@code step} is saved in the plan state dir {@code planDir}. */
  public static Path stepOutputFile(Path planDir, String step) {
    return planDir.resolve(OUTPUT_DIR).resolve(step + ".log");
  }

  public StepJournal journal() {
    return StepJournal.in(planDir());
  }

  public void writePlan(Plan plan) throws IOException {
    tree().write(root.path(planFile()), PlanJson.canonical(plan));
  }

  public boolean planWritten() {
    return Files.isRegularFile(root.path(planFile()));
  }

  /** The plan written last; empty when none was written or it cannot be read. */
  public Optional<Plan> plan() {
    try {
      return planWritten()
          ? Optional.of(PlanJson.read(Files.readAllBytes(root.path(planFile()))))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Where the direct service manager keeps its services' pid files and logs. */
  public Path servicesDir() {
    return dir().resolve("services");
  }

  public Optional<Installed> installed() {
    return Installed.read(dir());
  }

  /** What {@code upgrade} wrote on this node, when it has. */
  public Optional<UpgradeRecord> upgrade() {
    return UpgradeRecord.read(dir());
  }

  /** Adds {@code record} to what {@code upgrade} wrote (the files of every upgrade are kept). */
  public void recordUpgrade(UpgradeRecord record) throws IOException {
    upgrade().map(old -> old.then(record)).orElse(record).write(dir());
  }

  /**
   * The runtime on this node: the one rancherd recorded, else the one the recorded plan configures,
   * else one whose binary is installed (for info and reset, which must work on a half-done node).
   */
  public Optional<Runtime> runtime() {
    Optional<Runtime> recorded =
        installed()
            .map(Installed::runtime)
            .flatMap(
                id -> Arrays.stream(Runtime.values()).filter(r -> r.id().equals(id)).findFirst());
    if (recorded.isPresent()) {
      return recorded;
    }
    Optional<Runtime> planned =
        plan().stream()
            .flatMap(p -> p.files().stream())
            .flatMap(
                f -> Arrays.stream(Runtime.values()).filter(r -> f.path().equals(r.configDropIn())))
            .findFirst();
    return planned.or(
        () ->
            Arrays.stream(Runtime.values())
                .filter(r -> r.binaries().stream().anyMatch(b -> Files.isExecutable(root.path(b))))
                .findFirst());
  }

  /**
   * Records the runtime and the Kubernetes version installed, keeping what is recorded of Rancher.
   */
  public void recordRuntime(String runtime, String kubernetesVersion) throws IOException {
    installed().orElse(Installed.none()).withRuntime(runtime, kubernetesVersion).write(dir());
  }

  /** Records Rancher's chart version and repository, keeping what is recorded of the runtime. */
  public void recordRancher(String version, String repository) throws IOException {
    installed().orElse(Installed.none()).withRancher(version, repository).write(dir());
  }

  public Optional<DiscoveryRecord> discovery() {
    return DiscoveryRecord.read(dir());
  }

  public void saveDiscovery(DiscoveryRecord record) throws IOException {
    record.write(dir());
  }

  /** The cluster token rancherd generated and kept here, if any. */
  public Optional<Secret> generatedToken() throws IOException {
    Path file = dir().resolve(TOKEN_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
    return kept.isEmpty() ? Optional.empty() : Optional.of(new Secret(kept));
  }

  public void keepGeneratedToken(Secret token) throws IOException {
    tree()
        .write(dir().resolve(TOKEN_FILE), (token.reveal() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Takes the bootstrap lock, waiting while another bootstrap holds it (see {@link BootstrapLock}),
   * then removes the temporary files that writers killed in the middle left in the data dir (a
   * {@code .plan.json.tmp-<pid>} holds the token).
   */
  public BootstrapLock lock(Clock clock, Sleeper sleeper, Consumer<String> progress)
      throws RancherdException, InterruptedException {
    BootstrapLock lock = BootstrapLock.acquire(dir(), clock, sleeper, progress);
    try {
      for (Path removed : tree().removeStaleTemps()) {
        progress.accept("Removed " + removed + ", left by a write that was killed");
      }
      return lock;
    } catch (IOException e) {
      try {
        lock.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new RancherdException(
          "removing the temporary files killed writes left in "
              + dir()
              + ": "
              + e.getMessage()
              + "; remove the .*.tmp-* files there",
          e);
    }
  }

  /** "pid N" while another process runs a bootstrap on this node; never creates the lock file. */
  public Optional<String> bootstrapRunning() {
    return BootstrapLock.holder(dir());
  }
}
