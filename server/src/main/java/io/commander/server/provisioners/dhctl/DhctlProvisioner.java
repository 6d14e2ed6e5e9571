package io.commander.server.provisioners.dhctl;

import io.commander.server.provisioners.Drift;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.Provisioner;
import io.commander.server.provisioners.ProvisionerException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a cluster with the DKP installer, {@code dhctl}, run as a local process per call.
 *
 * <h2>Commands</h2>
 * Every call gets a private directory ({@code 0700}, removed when the call ends, whatever the
 * outcome) holding {@code config.yaml}, {@code resources.yaml} and {@code connection.yaml}
 * ({@code 0600}; see {@link DhctlInputs} for what goes where) and dhctl's {@code --tmp-dir}. Every
 * command gets {@code --connection-config=connection.yaml} (SSHConfig + SSHHost, the cluster's
 * private key inline; dhctl refuses other SSH flags next to it) and {@code --tmp-dir}.
 * <table>
 *   <caption>What each method runs</caption>
 *   <tr><th>method</th><th>dhctl command</th></tr>
 *   <tr><td>{@link #apply}, not {@link Job#created() created}</td>
 *       <td>{@code bootstrap --config=config.yaml [--resources=resources.yaml] [--resources-timeout=…]}</td></tr>
 *   <tr><td>{@link #apply}, not created, attempt &gt; 1</td>
 *       <td>first {@code terraform check --output=json --config=config.yaml}: when it succeeds an
 *       earlier attempt already bootstrapped the cluster, so it is converged instead; when it fails
 *       transiently (unreachable, locked) the call fails {@code TRANSIENT} rather than risk a second
 *       cluster; any other failure means there is no cluster yet, and bootstrap runs</td></tr>
 *   <tr><td>{@link #apply}, created</td><td>{@code converge --config=config.yaml}</td></tr>
 *   <tr><td>{@link #plan}, {@link #check}</td>
 *       <td>{@code terraform check --output=json --config=config.yaml}, whose JSON report
 *       ({@link CheckReport}) gives the changes; destructive are re-created infrastructure and
 *       abandoned nodes. Before the cluster is created nothing runs: the plan is its bootstrap,
 *       the drift says it does not exist yet</td></tr>
 *   <tr><td>{@link #destroy}</td>
 *       <td>{@code destroy --yes-i-am-sane-and-i-understand-what-i-am-doing}, also for a cluster
 *       whose bootstrap failed (it may have left infrastructure behind)</td></tr>
 * </table>
 * dhctl's CLI reads the configuration of {@code converge} and {@code terraform check} from the
 * cluster; Commander passes the rendered one with {@code --config}, as the commander mode of
 * dhctl takes it. A dhctl whose CLI lacks that flag fails the call with its own
 * {@code unknown long flag} error rather than silently converging to the old configuration.
 *
 * <h2>Settings ({@link Job#settings()})</h2>
 * <ul>
 *   <li>{@code dhctl.binary}, {@code dhctl.binary.<version>}, {@code dhctl.version}: which binary
 *       runs, see {@link DhctlBinaries}; they add to (and override) the binaries this provisioner
 *       was built with;</li>
 *   <li>{@code dhctl.env.<NAME>}: passed to dhctl as environment variable {@code NAME} (e.g.
 *       {@code HTTPS_PROXY}); otherwise dhctl sees only {@code PATH} (the server's),
 *       {@code HOME} and {@code TMPDIR} (the private directory) and {@code LANG=C};</li>
 *   <li>{@code dhctl.external-modules}: modules whose ModuleConfigs stay in resources.yaml;</li>
 *   <li>{@code dhctl.resources-timeout}: passed to bootstrap as {@code --resources-timeout};</li>
 *   <li>{@code dhctl.kill-grace}: ISO-8601 time between SIGTERM and SIGKILL when a run is stopped
 *       (default {@code PT10S});</li>
 *   <li>{@code dhctl.work-dir}: where the private directories are made (default {@code java.io.tmpdir}).</li>
 * </ul>
 *
 * <h2>Output, cancel, timeout, failures</h2>
 * stdout and stderr reach {@link Job#log()} line by line as they come (streams {@code stdout} and
 * {@code stderr}), with the cluster's secrets masked. A cancel or the call's timeout stops dhctl and
 * everything it started (SIGTERM, then SIGKILL after the grace period) and fails the call with
 * {@code CANCELED} or {@code TIMEOUT}. A non-zero exit fails it with a message naming the command,
 * the exit code and the cause (dhctl's last error lines), {@code TRANSIENT} when the cause is a
 * network, availability or lock problem and {@code PERMANENT} otherwise; see {@link FailureCause}.
 *
 * <p>Methods block for as long as dhctl runs; call them on a worker pool.
 */
public final class DhctlProvisioner implements Provisioner {

  /** The provisioner name clusters use. */
  public static final String NAME = "dhctl";
  /** Prefix of the settings passed to dhctl as environment variables. */
  public static final String ENV_PREFIX = "dhctl.env.";
  /** Passed to bootstrap as {@code --resources-timeout}. */
  public static final String RESOURCES_TIMEOUT = "dhctl.resources-timeout";
  /** Time between SIGTERM and SIGKILL when a run is stopped. */
  public static final String KILL_GRACE = "dhctl.kill-grace";
  /** Where the private directories are made. */
  public static final String WORK_DIR = "dhctl.work-dir";

  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);
  private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final String SANITY_FLAG = "--yes-i-am-sane-and-i-understand-what-i-am-doing";
  private static final Logger LOG = LoggerFactory.getLogger(DhctlProvisioner.class);

  private final DhctlBinaries binaries;

  /** A provisioner whose binaries all come from the jobs' settings. */
  public DhctlProvisioner() {
    this(DhctlBinaries.none());
  }

  /** A provisioner with configured binaries, which a job's own {@code dhctl.binary*} settings override. */
  public DhctlProvisioner(final DhctlBinaries binaries) {
    this.binaries = binaries;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * What converge would change, from {@code dhctl terraform check}.
   *
   * @return the changes, destructive ones flagged; before the cluster exists, its bootstrap
   * @throws ProvisionerException {@code TRANSIENT} when dhctl could not check part of the cluster,
   *     and as described for the class otherwise
   */
  @Override
  public Plan plan(final Job job) {
    if (!job.created()) {
      resolve(job);
      return new Plan(List.of("bootstrap cluster " + job.clusterName() + " (it does not exist yet)"), List.of());
    }
    return call(job, "plan", run -> {
      final CheckReport report = run.check();
      if (!report.errors().isEmpty()) {
        throw new ProvisionerException(ProvisionerException.Reason.TRANSIENT,
            "dhctl terraform check could not check " + String.join(", ", report.errors()));
      }
      return report.plan();
    });
  }

  /**
   * Bootstraps the cluster, or converges it when it was created (or an earlier attempt created it).
   *
   * @throws ProvisionerException as described for the class
   */
  @Override
  public void apply(final Job job) {
    call(job, "apply", run -> {
      if (job.created()) {
        run.converge();
      } else if (job.attempt() > 1 && run.alreadyBootstrapped()) {
        run.converge();
      } else {
        run.bootstrap();
      }
      return null;
    });
  }

  /**
   * The differences {@code dhctl terraform check} reports.
   *
   * @return the differences; before the cluster exists, that it does not
   * @throws ProvisionerException as described for the class
   */
  @Override
  public Drift check(final Job job) {
    if (!job.created()) {
      resolve(job);
      return new Drift(List.of("cluster " + job.clusterName() + " is not bootstrapped yet"));
    }
    return call(job, "check", run -> {
      final CheckReport report = run.check();
      final List<String> differences = new ArrayList<>(report.changes());
      report.errors().forEach(part -> differences.add(part + ": could not be checked"));
      return new Drift(differences);
    });
  }

  /**
   * Destroys the cluster and its infrastructure.
   *
   * @throws ProvisionerException as described for the class
   */
  @Override
  public void destroy(final Job job) {
    call(job, "destroy", run -> {
      run.destroy();
      return null;
    });
  }

  /** Resolves the binary, prepares the private directory, runs {@code body}, and always removes the directory. */
  private <T> T call(final Job job, final String operation, final Function<Calls, T> body) {
    final Long deadline = job.timeout() == null ? null : System.nanoTime() + job.timeout().toNanos();
    job.cancellation().check();
    final Map<String, String> settings = job.settings();
    final Optional<String> version = Optional.ofNullable(settings.get(DhctlBinaries.VERSION));
    final Path binary = resolve(job);
    final Duration grace = duration(settings, KILL_GRACE, DEFAULT_KILL_GRACE);
    final DhctlInputs inputs = DhctlInputs.from(job.rendered(), job.secrets(), DhctlInputs.externalModules(settings));
    if (inputs.connection().isBlank()) {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, "the cluster's ssh section is empty: "
          + "dhctl needs an SSHConfig and an SSHHost to reach the cluster's first master");
    }
    final List<String> secrets = new ArrayList<>(inputs.secrets());
    secrets.addAll(job.secrets().values());
    job.agent().ifPresent(agent -> secrets.add(agent.token()));
    final SecretMask mask = new SecretMask(secrets);

    LOG.info("dhctl {} [task: {}, cluster: {}, attempt: {}, binary: {}]", operation, job.taskId(), job.clusterId(),
        job.attempt(), binary);
    job.log().info("dhctl " + operation + " with " + binary + version.map(v -> " (DKP " + v + ")").orElse(""));
    final Workspace workspace = Workspace.create(Path.of(settings.getOrDefault(WORK_DIR,
        System.getProperty("java.io.tmpdir"))));
    try {
      final Path config = workspace.write("config.yaml", inputs.config());
      final Path resources = inputs.resources().isBlank() ? null : workspace.write("resources.yaml", inputs.resources());
      final Path connection = workspace.write("connection.yaml", inputs.connection());
      final Path tmp = workspace.directory("tmp");
      final Map<String, String> environment = new LinkedHashMap<>();
      environment.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse(DEFAULT_PATH));
      environment.put("HOME", workspace.dir().toString());
      environment.put("TMPDIR", tmp.toString());
      environment.put("LANG", "C");
      settings.forEach((key, value) -> {
        if (key.startsWith(ENV_PREFIX) && key.length() > ENV_PREFIX.length() && value != null) {
          environment.put(key.substring(ENV_PREFIX.length()), value);
        }
      });
      final Calls calls = new Calls(job, binary, workspace.dir(), environment, deadline, grace, mask, config,
          resources, List.of("--connection-config=" + connection, "--tmp-dir=" + tmp));
      return body.apply(calls);
    } finally {
      remove(workspace, job);
    }
  }

  /** The job's binary, checked: a misconfiguration shows before anything else. */
  private Path resolve(final Job job) {
    return binaries.overriddenBy(DhctlBinaries.fromSettings(job.settings()))
        .resolve(Optional.ofNullable(job.settings().get(DhctlBinaries.VERSION)));
  }

  private static void remove(final Workspace workspace, final Job job) {
    try {
      workspace.close();
    } catch (final RuntimeException e) {
      LOG.error("could not remove dhctl's private directory [task: {}, dir: {}]", job.taskId(), workspace.dir(), e);
      job.log().line("stderr", "could not remove " + workspace.dir() + " (it holds the cluster's secrets): " + e);
    }
  }

  private static Duration duration(final Map<String, String> settings, final String key, final Duration otherwise) {
    final String value = settings.get(key);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      final Duration parsed = Duration.parse(value.trim());
      if (parsed.isNegative()) {
        throw new DateTimeParseException("negative", value, 0);
      }
      return parsed;
    } catch (final DateTimeParseException e) {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT, "setting " + key + " must be a "
          + "non-negative ISO-8601 duration such as PT10S, not " + value);
    }
  }

  /** The dhctl commands of one call, sharing its directory, environment and deadline. */
  private static final class Calls {

    private final Job job;
    private final Path binary;
    private final Path dir;
    private final Map<String, String> environment;
    private final Long deadline;
    private final Duration grace;
    private final SecretMask mask;
    private final Path config;
    private final Path resources;
    private final List<String> common;

    Calls(final Job job, final Path binary, final Path dir, final Map<String, String> environment, final Long deadline,
          final Duration grace, final SecretMask mask, final Path config, final Path resources,
          final List<String> common) {
      this.job = job;
      this.binary = binary;
      this.dir = dir;
      this.environment = environment;
      this.deadline = deadline;
      this.grace = grace;
      this.mask = mask;
      this.config = config;
      this.resources = resources;
      this.common = common;
    }

    void bootstrap() {
      final List<String> args = new ArrayList<>(List.of("bootstrap", "--config=" + config));
      if (resources != null) {
        args.add("--resources=" + resources);
      }
      final String resourcesTimeout = job.settings().get(RESOURCES_TIMEOUT);
      if (resourcesTimeout != null && !resourcesTimeout.isBlank()) {
        args.add("--resources-timeout=" + resourcesTimeout.trim());
      }
      succeed("dhctl bootstrap", args);
    }

    void converge() {
      succeed("dhctl converge", List.of("converge", "--config=" + config));
    }

    void destroy() {
      succeed("dhctl destroy", List.of("destroy", SANITY_FLAG));
    }

    CheckReport check() {
      final DhctlRun.Result result = succeed("dhctl terraform check", checkArgs());
      return CheckReport.parse(result.stdout(), "dhctl terraform check");
    }

    /**
     * Whether an earlier attempt of this install already bootstrapped the cluster.
     *
     * @throws ProvisionerException {@code TRANSIENT} when the check failed in a way that does not tell
     */
    boolean alreadyBootstrapped() {
      job.log().info("attempt " + job.attempt() + " of the install: checking whether an earlier attempt already "
          + "bootstrapped the cluster");
      final DhctlRun.Result probe = run("dhctl terraform check", checkArgs());
      if (probe.exitCode() == 0) {
        job.log().info("the cluster exists: converging it instead of bootstrapping a second one");
        return true;
      }
      final FailureCause cause = FailureCause.of(probe.output());
      if (cause.reason() == ProvisionerException.Reason.TRANSIENT) {
        throw new ProvisionerException(ProvisionerException.Reason.TRANSIENT, "could not tell whether an earlier "
            + "attempt already bootstrapped the cluster, so it is not bootstrapped again yet: dhctl terraform check "
            + "failed with exit code " + probe.exitCode() + ": " + cause.describe());
      }
      job.log().info("no bootstrapped cluster found (" + cause.describe().replace('\n', ' ') + "): bootstrapping");
      return false;
    }

    private List<String> checkArgs() {
      return List.of("terraform", "check", "--output=json", "--config=" + config);
    }

    private DhctlRun.Result succeed(final String label, final List<String> args) {
      final DhctlRun.Result result = run(label, args);
      if (result.exitCode() != 0) {
        final FailureCause cause = FailureCause.of(result.output());
        throw new ProvisionerException(cause.reason(),
            label + " failed with exit code " + result.exitCode() + ": " + cause.describe());
      }
      return result;
    }

    private DhctlRun.Result run(final String label, final List<String> args) {
      final List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(args);
      command.addAll(common);
      job.log().info("$ " + String.join(" ", command));
      final long started = System.nanoTime();
      final DhctlRun.Result result = DhctlRun.run(new DhctlRun.Spec(label, command, dir, environment, deadline,
          job.timeout(), grace, job.taskId().toString().substring(0, 8)), job.log(), job.cancellation(), mask);
      final String took = DhctlRun.human(Duration.ofMillis((System.nanoTime() - started) / 1_000_000));
      job.log().info(result.exitCode() == 0 ? label + " finished in " + took
          : label + " exited with code " + result.exitCode() + " after " + took);
      return result;
    }
  }
}
