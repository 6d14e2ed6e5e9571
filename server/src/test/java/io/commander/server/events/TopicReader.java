package io.commander.server.events;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an events topic from its beginning, as another system would: every record with its key,
 * its CloudEvent parsed. Tests call {@link #records()} inside their waits; each call polls once more.
 */
final class TopicReader implements AutoCloseable {

  /** One record: its Kafka key and value, the value parsed. */
  record Received(String key, String value, JsonObject event) {

    String type() {
      return event.getString("type");
    }

    String id() {
      return event.getString("id");
    }

    JsonObject data() {
      return event.getJsonObject("data");
    }
  }

  private final KafkaConsumer<String, String> consumer;
  private final List<Received> received = new ArrayList<>();

  TopicReader(final String bootstrap, final String topic) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /** Everything read so far, after one more poll. */
  synchronized List<Received> records() {
    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
      received.add(new Received(r.key(), r.value(), new JsonObject(r.value())));
    }
    return List.copyOf(received);
  }

  /** The events read so far of one type. */
  List<Received> ofType(final EventType type) {
    return records().stream().filter(r -> type.type().equals(r.type())).toList();
  }

  /** The distinct event ids of each key, in the order first read. */
  Map<String, List<String>> idsByKey() {
    final Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (Received r : records()) {
      final List<String> ids = byKey.computeIfAbsent(r.key(), k -> new ArrayList<>());
      if (!ids.contains(r.id())) {
        ids.add(r.id());
      }
    }
    return byKey;
  }

  /** How many times each id was read. */
  Map<String, Long> copies() {
    return records().stream().collect(Collectors.groupingBy(Received::id, LinkedHashMap::new, Collectors.counting()));
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
