package io.commander.server.events;

import io.commander.server.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the commands topic as one consumer group (every outbox-relay process shares its partitions)
 * and hands each record to {@link ClusterCommands}, a batch at a time, one record after another (a
 * partition's commands run in their order). Offsets are committed once every record of the batch is
 * handled. A bad command never holds its partition (it is answered by a rejection); only a result
 * that cannot be written (the database away) is tried again, with a doubling wait.
 */
public final class CommandConsumer {

  /** Command consumers share the partitions as one group. */
  public static final String GROUP = "commander-commands";
  private static final Logger LOG = LoggerFactory.getLogger(CommandConsumer.class);
  private static final Duration RETRY_FIRST = Duration.ofMillis(500);
  private static final Duration RETRY_MAX = Duration.ofSeconds(30);
  private static final int BATCH = 100;

  private final Vertx vertx;
  private final ClusterCommands commands;
  private final String bootstrap;
  private final String topic;
  private final Map<ClusterCommands.Outcome, Counter> outcomes = new java.util.EnumMap<>(ClusterCommands.Outcome.class);
  private KafkaConsumer<String, String> consumer;
  private boolean stopping;

  public CommandConsumer(final Vertx vertx, final ClusterCommands commands, final String bootstrap,
                         final String topic) {
    this.vertx = vertx;
    this.commands = commands;
    this.bootstrap = bootstrap;
    this.topic = topic;
    for (ClusterCommands.Outcome outcome : ClusterCommands.Outcome.values()) {
      outcomes.put(outcome, Counter.builder("commander.commands").tag("outcome", outcome.name().toLowerCase(
          java.util.Locale.ROOT)).description("Commands read from the commands topic, by what became of them")
          .register(Meters.registry()));
    }
  }

  /** Subscribes; call on the event loop of the verticle that owns it. */
  public Future<Void> start() {
    consumer = KafkaConsumer.create(vertx, Map.of(
        "bootstrap.servers", bootstrap,
        "group.id", GROUP,
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "enable.auto.commit", "false",
        "auto.offset.reset", "earliest",
        "max.poll.records", Integer.toString(BATCH),
        // A topic created after the subscription is seen within seconds.
        "metadata.max.age.ms", "5000"));
    consumer.handler(r -> { });
    consumer.batchHandler(this::batch);
    consumer.exceptionHandler(e -> LOG.warn("commands consumer: {}", e.getMessage()));
    return consumer.subscribe(topic).onSuccess(v -> LOG.info("cluster commands consumer started [topic: {}]", topic));
  }

  public Future<Void> stop() {
    stopping = true;
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }

  private void batch(final KafkaConsumerRecords<String, String> records) {
    consumer.pause();
    final List<KafkaConsumerRecord<String, String>> list = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      list.add(records.recordAt(i));
    }
    handle(list, 0, RETRY_FIRST);
  }

  private void handle(final List<KafkaConsumerRecord<String, String>> records, final int next, final Duration retry) {
    if (stopping) {
      return;
    }
    if (next == records.size()) {
      consumer.commit().onComplete(c -> {
        if (c.failed()) {
          // The partitions moved: their new owner reads these again and answers them as duplicates.
          LOG.info("commands offsets not committed, the batch may be read again: {}", c.cause().getMessage());
        }
        consumer.resume();
      });
      return;
    }
    final KafkaConsumerRecord<String, String> record = records.get(next);
    commands.handle(record.value(), token(record)).onSuccess(outcome -> {
      outcomes.get(outcome).increment();
      handle(records, next + 1, RETRY_FIRST);
    })
        .onFailure(e -> {
          LOG.warn("command result not written, retrying in {} ms [partition: {}, offset: {}]: {}", retry.toMillis(),
              record.partition(), record.offset(), e.getMessage());
          final Duration doubled = retry.multipliedBy(2);
          vertx.setTimer(retry.toMillis(), t -> handle(records, next, doubled.compareTo(RETRY_MAX) > 0 ? RETRY_MAX
              : doubled));
        });
  }

  private static String token(final KafkaConsumerRecord<String, String> record) {
    String token = null;
    for (KafkaHeader h : record.headers()) {
      if (ClusterCommands.TOKEN_HEADER.equalsIgnoreCase(h.key()) && h.value() != null) {
        token = h.value().toString();
      }
    }
    return token;
  }
}
