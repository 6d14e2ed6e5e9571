package io.commander.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka broker (KRaft, Kafka's own {@code KafkaClusterTestKit}) per test JVM, started on
 * first use. Tests share it and keep apart by using {@link #uniqueTopic(String)}.
 */
public final class TestKafka {

  private static TestKafka instance;

  private final KafkaClusterTestKit cluster;
  private final AtomicInteger topics = new AtomicInteger();

  private TestKafka(final KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** The broker of this JVM. */
  public static synchronized TestKafka get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** A topic name no other test of this JVM uses. */
  public String uniqueTopic(final String base) {
    return base + "-" + topics.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Creates a topic and waits until its partitions have leaders, for tests whose producer must not meet
   * a topic still being created (its first sends would time out on the metadata when the machine is busy).
   */
  public void createTopic(final String name, final int partitions) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
      final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (admin.describeTopics(List.of(name)).allTopicNames().get(60, TimeUnit.SECONDS).get(name).partitions()
          .stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + name + " has no leader after 60 s");
        }
        Thread.onSpinWait();
      }
    } catch (Exception e) {
      throw new IllegalStateException("topic " + name + " not created: " + e.getMessage(), e);
    }
  }

  private static TestKafka start() {
    try {
      final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .build())
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          cluster.close();
        } catch (Exception e) {
          // the JVM is exiting; the broker's folders are temporary
        }
      }, "test-kafka-stop"));
      return new TestKafka(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test kafka broker: " + e.getMessage(), e);
    }
  }
}
