package io.commander.devservices;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller combined) running in this JVM on
 * loopback, its log directory kept across restarts. Formatting uses Kafka's own storage tool, as
 * {@code kafka-storage.sh format} does.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final int port;

  private EmbeddedKafkaBroker(final KafkaRaftServer server, final int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Formats the log directory if it is new, starts the broker and waits until it serves requests.
   *
   * @param dataDir the broker's log directory
   * @param port the client port; the controller listens on {@code port + 1}
   * @return the running broker
   * @throws EmbeddedServiceException if it cannot start; the message says why
   */
  public static EmbeddedKafkaBroker start(final Path dataDir, final int port) {
    for (int p : new int[] {port, port + 1}) {
      if (!EmbeddedPostgresServer.portFree(p)) {
        throw new EmbeddedServiceException("port " + p + " on 127.0.0.1 is already in use", null);
      }
    }
    final long started = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
      final Properties props = properties(dataDir, port);
      final Path propsFile = dataDir.resolveSibling(dataDir.getFileName() + ".properties");
      try (Writer w = Files.newBufferedWriter(propsFile)) {
        props.store(w, "embedded Kafka broker of Commander, written at every start");
      }
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        format(propsFile);
      }
      final KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, port);
      broker.awaitReady();
      LOG.info("embedded kafka started [bootstrap: {}, data: {}, took: {} ms]", broker.bootstrapServers(), dataDir,
          (System.nanoTime() - started) / 1_000_000);
      return broker;
    } catch (IOException | RuntimeException e) {
      throw new EmbeddedServiceException(e.getMessage() == null ? e.getClass().getName() : e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("embedded kafka stopped [bootstrap: {}]", bootstrapServers());
  }

  private static Properties properties(final Path dataDir, final int port) {
    final Properties p = new Properties();
    p.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", "1"),
        Map.entry("controller.quorum.voters", "1@127.0.0.1:" + (port + 1)),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1)),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("log.dirs", dataDir.toAbsolutePath().toString()),
        Map.entry("num.partitions", "3"),
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "3"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("log.retention.hours", "168")));
    return p;
  }

  private static void format(final Path propsFile) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final int code;
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      code = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
          "-c", propsFile.toString()}, print);
    }
    if (code != 0) {
      throw new EmbeddedServiceException("formatting the kafka log directory failed: "
          + out.toString(StandardCharsets.UTF_8).trim(), null);
    }
  }

  private void awaitReady() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      server.shutdown();
      throw new EmbeddedServiceException("kafka broker did not become ready within " + READY_TIMEOUT.toSeconds()
          + " s: " + e.getMessage(), e);
    }
  }
}
