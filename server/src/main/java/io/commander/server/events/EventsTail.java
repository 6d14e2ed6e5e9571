package io.commander.server.events;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code commander events tail}: prints the events topic's CloudEvents, one JSON object per line, as
 * they arrive (from the beginning of the topic with {@code --from-beginning}), until interrupted or
 * until {@code max} events were printed. It reads as a consumer of its own (a random group that
 * commits nothing), so it never takes events from another system's group.
 */
public final class EventsTail {

  private EventsTail() {
  }

  /**
   * Tails the topic on the calling thread (blocking).
   *
   * @param max how many events to print before returning; 0 = until the thread is interrupted
   * @return how many events were printed
   */
  public static long run(final String bootstrap, final String topic, final boolean fromBeginning, final long max,
                         final PrintStream out) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "commander-events-tail-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    long printed = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (!Thread.currentThread().isInterrupted() && (max == 0 || printed < max)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          out.println(record.value());
          printed++;
          if (max != 0 && printed >= max) {
            break;
          }
        }
        out.flush();
      }
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt();
    }
    return printed;
  }
}
