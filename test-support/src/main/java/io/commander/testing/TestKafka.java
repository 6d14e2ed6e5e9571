package io.commander.testing;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
