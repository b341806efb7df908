package io.pushbridge.kafka;

import io.pushbridge.store.GroupStore;
import io.pushbridge.store.SourcePartition;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.SyncMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A push topic with its dead-letter topic and consumer group, unique to one test. */
final class IngestHarness {
  final TestKafka kafka;
  final String topic = TestKafka.uniqueName("pushes");
  final String dlq = topic + "-dlq";

  IngestHarness(TestKafka kafka, int partitions) {
    this.kafka = kafka;
    kafka.createTopics(partitions, topic);
    kafka.createTopics(1, dlq);
  }

  /** A fresh group each time, so only the store can tell where to resume. */
  KafkaIngestConfig config() {
    return config(1 << 20, Map.of());
  }

  KafkaIngestConfig config(long maxBodyBytes, Map<String, String> consumerProperties) {
    return new KafkaIngestConfig(
        kafka.bootstrapServers(),
        List.of(topic),
        TestKafka.uniqueName("group"),
        dlq,
        maxBodyBytes,
        consumerProperties,
        Map.of());
  }

  static StoreConfig memoryStore(int queueCapacity) {
    return new StoreConfig(null, SyncMode.NONE, true, queueCapacity, Map.of());
  }

  /** The next offset per partition once every given record is consumed. */
  static Map<SourcePartition, Long> nextOffsets(List<RecordMetadata> landed) {
    Map<SourcePartition, Long> next = new HashMap<>();
    for (RecordMetadata m : landed) {
      next.merge(new SourcePartition(m.topic(), m.partition()), m.offset() + 1, Math::max);
    }
    return next;
  }

  /** Waits until the store holds {@code offsets} and the ingest dead-lettered {@code dead}. */
  static void awaitIngested(
      GroupStore store, KafkaIngestor ingestor, Map<SourcePartition, Long> offsets, long dead) {
    Await.until(
        Duration.ofMinutes(5),
        () -> store.storedOffsets().equals(offsets) && ingestor.stats().deadLettered() == dead,
        () ->
            "stored "
                + store.storedOffsets()
                + ", expected "
                + offsets
                + "; "
                + ingestor.stats()
                + ", expected "
                + dead
                + " dead-lettered");
  }
}
